// The sample year's case builder (docs/sample-year.md): walks one planned case through its procedure on working
// days of the calendar — clue to archive for ordinary cases, the on-the-spot decision to the hand-in for summary
// ones, with the everyday situations (testing, confiscation, deferral, surcharge, bank payment), the remedies and
// the planted defects — producing its events and their documents. Also the bureau's people.
#include "sample_year_internal.hpp"

#include <penaltyflow/rules.hpp>

#include <boost/date_time/posix_time/posix_time_types.hpp>

#include <algorithm>

namespace penaltyflow::sample_year_detail {

namespace {

using boost::posix_time::minutes;
using et = event_type;

std::string person_name(std::size_t i) {
  static const char* surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
                                   "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"};
  static const char* given[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇",
                                "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "建华"};
  return std::string(surnames[i % 20]) + given[(i * 7 + i / 20) % 22];
}

actor person(const std::string& id, std::size_t name_index, actor_role role) {
  actor a;
  a.id = id;
  a.name = person_name(name_index);
  a.role = role;
  return a;
}

std::vector<std::string> signers(const event& e, std::initializer_list<actor_role> roles) {
  std::vector<std::string> out;
  for (const auto& a : e.actors) {
    if (std::find(roles.begin(), roles.end(), a.role) != roles.end()) out.push_back(a.id);
  }
  return out;
}

// ---- building one case ------------------------------------------------------------------------------------------

class case_builder {
 public:
  case_builder(const days_of& w, rng& r, const people& p, const profile& prof, gen_case& c)
      : w_(w), r_(r), p_(p), prof_(prof), c_(c) {}

  /// Builds the case from the clue day (or, for a summary case, the decision day).
  void build(date start) {
    c_.events.clear();
    cursor_ = instant();
    if (c_.k == case_kind::summary) {
      summary(start);
    } else {
      ordinary(start);
    }
    std::stable_sort(c_.events.begin(), c_.events.end(),
                     [](const gen_event& a, const gen_event& b) { return a.ev.at < b.ev.at; });
  }

 private:
  const actor& a() const { return p_.officers[c_.officer_a]; }
  const actor& b() const { return p_.officers[c_.officer_b]; }
  const actor& h() const { return p_.heads[c_.head]; }

  instant time_on(date d) {
    instant t;
    if (!cursor_.is_special() && d == cursor_.date()) {
      t = cursor_ + minutes(r_.between(15, 60));
    } else {
      t = instant(d, boost::posix_time::hours(8) + minutes(30 + r_.between(0, 420)));
    }
    if (!cursor_.is_special() && t < cursor_) t = cursor_ + minutes(5);
    cursor_ = t;
    return t;
  }

  gen_event& add(et type, date d, std::vector<actor> actors = {}) {
    gen_event g;
    g.ev.type = type;
    g.ev.at = time_on(d);
    g.ev.actors = std::move(actors);
    c_.events.push_back(std::move(g));
    return c_.events.back();
  }

  /// An event off the main line (remedies): its own time on `d`, not moving the cursor.
  gen_event& add_aside(et type, date d, std::vector<actor> actors = {}) {
    gen_event g;
    g.ev.type = type;
    g.ev.at = instant(d, boost::posix_time::hours(9) + minutes(r_.between(0, 400)));
    g.ev.actors = std::move(actors);
    c_.events.push_back(std::move(g));
    return c_.events.back();
  }

  static document& doc(gen_event& g, const char* kind, std::vector<std::string> sign = {}, int pages = 0) {
    g.docs.emplace_back(kind, std::string(), g.ev.day(), std::move(sign), pages, pages);
    return g.docs.back();
  }

  void mark(gen_event& g, defect d, std::size_t doc_index = 0) {
    g.mark = d;
    g.mark_doc = doc_index;
  }

  void summary(date d) {
    auto& clue = add(et::clue_received, d, {a()});
    clue.ev.party = c_.party;
    clue.ev.subject = c_.source;
    auto& dec = add(et::summary_decision, d, {a(), b()});
    dec.ev.party = c_.party;
    dec.ev.violation_date = d;
    dec.ev.proposed = c_.pen;
    dec.ev.items = summary_item::all;  // R-SUMMARY-NOTICE: told on the spot, statements recorded
    // 行政复议法 (2023) 第二十三条第二款: from 2024 the document tells the party to apply for 行政复议 first.
    if (d >= date(2024, 1, 1) && c_.planted != defect::reconsideration_route) {
      dec.ev.items |= summary_item::reconsideration_first;
    }
    doc(dec, "当场行政处罚决定书", signers(dec.ev, {actor_role::officer}));
    if (c_.planted == defect::reconsideration_route) mark(dec, defect::reconsideration_route);
    date last = d;
    if (c_.extra == situation::cash) {
      // 处罚法 第六十八条第一项: 一百元以下, collected on the spot against the 罚没款票据 (第七十条) and handed in
      // within 2 working days.
      auto& cash = add(et::cash_collected, d, {a(), b()});
      cash.ev.amount_fen = c_.pen.fine_fen;
      doc(cash, "罚没款票据");
      last = w_.after(d, r_.between(1, 2));
      auto& in = add(et::cash_handed_in, last, {a()});
      in.ev.amount_fen = c_.pen.fine_fen;
      // 处罚法 第七十一条: the agency pays it into the designated bank within 2 working days (the next one here).
      last = w_.after(last, 1);
      auto& bank = add(et::cash_deposited, last, {a()});
      bank.ev.amount_fen = c_.pen.fine_fen;
    }
    const date filed = w_.after(d, r_.between(0, 2));
    add(et::summary_filed, std::max(filed, cursor_.date()), {a()});
    // 程序规定 第七十条: the file is handed in within 7 working days of the decision.
    const date handed = std::min(w_.after(std::max(last, cursor_.date()), r_.between(1, 3)), w_.after(d, 7));
    add(et::summary_handed_in, handed, {a()});
    c_.concluded = handed;
    if (c_.extra == situation::bank) {
      // 处罚法 第五十三条, 第六十七条第三款: paid at the bank within 15 days of the decision, before or after the
      // file is handed in (then in the `archived` stage).
      auto& pay = add_aside(et::payment_received, w_.on_or_before(d + days(r_.between(1, 14)), d + days(1)));
      pay.ev.amount_fen = c_.pen.fine_fen;
      pay.ev.item = execution_item::fine;  // R-EXEC-PAYMENT: a payment names its item
      doc(pay, "罚没款票据");
    }
    remedies(d);
  }

  void ordinary(date clue_day) {
    auto& clue = add(et::clue_received, clue_day, {a()});
    clue.ev.party = c_.party;
    clue.ev.subject = c_.source;
    clue.ev.received_by_transfer = c_.source == "transfer";
    doc(clue, "案源材料");

    auto& filed = add(et::case_filed, w_.after(clue_day, r_.between(1, 10)), {a(), b(), h()});
    filed.ev.party = c_.party;
    filed.ev.conditions = filing_condition::all;
    filed.ev.violation_date = clue_day - days(r_.between(1, 60));
    auto& filing_form = doc(filed, "立案审批表", signers(filed.ev, {actor_role::officer, actor_role::head}));
    if (c_.planted == defect::approval_signature && !c_.variant) {
      filing_form.signatories.pop_back();  // the head did not sign
      mark(filed, defect::approval_signature);
    }
    const date filed_day = filed.ev.day();
    c_.filed = filed_day;

    auto& site = add(et::investigative_act, w_.after(filed_day, r_.between(1, 5)), {a(), b()});
    site.ev.subject = "inspection";
    site.ev.involves_party = true;
    site.ev.rights_told = true;  // 程序规定 第二十一条第二款: the first contact with the party
    site.ev.av_recorded = c_.planted != defect::missing_av;
    if (c_.planted == defect::missing_av) mark(site, defect::missing_av);
    doc(site, "现场笔录", signers(site.ev, {actor_role::officer}), r_.between(1, 3));
    const date site_day = site.ev.day();

    if (c_.k == case_kind::criminal_transfer) {
      criminal(site_day);
      return;
    }

    const date report_day = c_.extra == situation::testing ? testing(site_day) : site_day;
    auto& ask = add(et::investigative_act, w_.after(report_day, r_.between(1, 5)), {a(), b()});
    ask.ev.subject = "questioning";
    ask.ev.involves_party = true;
    ask.ev.rights_told = true;
    ask.ev.av_recorded = true;
    auto& record = doc(ask, "询问笔录", signers(ask.ev, {actor_role::officer}), r_.between(2, 6));
    if (c_.planted == defect::record_signature) {
      record.signed_pages = record.pages - 1;  // the party did not sign one page (程序规定 第二十九条)
      mark(ask, defect::record_signature);
    }
    const date ask_day = ask.ev.day();

    if (c_.k == case_kind::terminated) {
      auto& t = add(et::investigation_terminated, w_.after(ask_day, r_.between(2, 10)), {a(), b(), h()});
      t.ev.ground = "当事人营业执照已被吊销且无财产可供执行（程序规定 第四十七条）";
      close_and_archive(t.ev.day());
      return;
    }

    auto& ended = add(et::investigation_ended, w_.after(ask_day, r_.between(2, 10)), {a(), b()});
    ended.ev.items = report_item::all;
    if (c_.k == case_kind::major) {
      ended.ev.grounds = r_.chance(rate(mrate::major_ground_complex)) ? review_ground::complex : review_ground::major_public_interest;
      if (c_.major_rights) ended.ev.grounds = review_ground::complex | review_ground::major_rights;
    }
    doc(ended, "调查终结报告", signers(ended.ev, {actor_role::officer}));

    review(w_.after(ended.ev.day(), r_.between(1, 5)));

    std::optional<decision_outcome> outcome;
    switch (c_.k) {
      case case_kind::no_penalty: outcome = decision_outcome::no_penalty; break;
      case case_kind::not_established: outcome = decision_outcome::not_established; break;
      case case_kind::transfer_administrative: outcome = decision_outcome::transfer_administrative; break;
      default: outcome = decision_outcome::penalty; break;
    }
    auto& ok = add(et::head_approved, w_.after(cursor_.date(), r_.between(1, 3)), {h()});
    ok.ev.outcome = outcome;
    if (*outcome == decision_outcome::penalty) ok.ev.proposed = c_.pen;
    doc(ok, "案件处理审批表", signers(ok.ev, {actor_role::head}));
    const date ok_day = ok.ev.day();

    if (*outcome != decision_outcome::penalty) {
      auto& dec = decision(w_.after(ok_day, r_.between(1, 3)), {h()}, *outcome);
      date trigger = dec.ev.day();
      if (*outcome == decision_outcome::no_penalty) {
        auto& edu = add(et::education_given, w_.after(trigger, r_.between(0, 2)), {a(), b()});
        trigger = edu.ev.day();
      }
      close_and_archive(trigger);
      return;
    }

    auto& notice = add(et::notice_served, w_.after(ok_day, r_.between(1, 3)), {a(), b()});
    notice.ev.proposed = c_.pen;
    notice.ev.hearing_right_stated = rules::in_hearing_scope(c_.pen, c_.party, prof_);
    doc(notice, "行政处罚告知书");
    doc(notice, "送达回证");
    const date notice_day = notice.ev.day();

    date decide;
    if (c_.hearing) {
      add(et::hearing_requested, w_.after(notice_day, r_.between(1, 4)));
      auto& hn = add(et::hearing_noticed, w_.after(cursor_.date(), r_.between(1, 3)), {p_.hosts[c_.host]});
      hn.ev.scheduled = w_.after(hn.ev.day(), r_.between(8, 10));  // 处罚法 第六十四条第二项: 7 working days ahead
      doc(hn, "听证通知书");
      doc(hn, "送达回证");
      const date held_day = *hn.ev.scheduled;
      auto& held = add(et::hearing_held, held_day, {p_.hosts[c_.host]});
      doc(held, "听证笔录", signers(held.ev, {actor_role::hearing_host}), r_.between(3, 8));
      doc(held, "听证报告", signers(held.ev, {actor_role::hearing_host}));
      date after = held_day;
      if (c_.major_rights) {  // 程序规定 第五十条第二款: the legal review after the hearing
        review(w_.after(held_day, r_.between(1, 5)));
        after = cursor_.date();
      }
      decide = w_.after(after, r_.between(1, 3));
    } else {
      decide = w_.after(notice_day, r_.between(6, 8));  // after the party's 5 working days (程序规定 第五十七条)
    }

    std::vector<actor> deciders{h()};
    if (c_.k == case_kind::major) {
      auto& cd = add(et::collective_discussion, decide, {p_.principal, h(), p_.heads[(c_.head + 1) % p_.heads.size()]});
      cd.ev.subject = "decision";
      doc(cd, "集体讨论记录", signers(cd.ev, {actor_role::head, actor_role::principal_head}));
      deciders = {p_.principal};
    }
    auto& dec = decision(decide, deciders, decision_outcome::penalty);
    const date decided = dec.ev.day();
    c_.decided = decided;

    const date served_day = c_.planted == defect::late_service ? w_.after(decided, r_.between(8, 10))
                                                                : w_.after(decided, r_.between(0, 3));
    auto& served = add(et::decision_served, served_day, {a(), b()});
    served.ev.service = service_method::direct;
    served.ev.publicity_told = !c_.warning;  // 公示规定 第八条
    doc(served, "送达回证");
    if (c_.planted == defect::late_service) mark(served, defect::late_service);

    date trigger = served_day;
    if (!c_.warning) {
      add(et::published, w_.after(served_day, 1), {a()});
      trigger = execute(served_day);
    }
    remedies(served_day);
    close_and_archive(trigger);
  }

  /// Product quality: a sample taken and sent to a testing institution after the first inspection; the days
  /// from sending to the report are left out of the decision period (R-TIME-EXCLUDED, 程序规定 第六十四条第二款).
  /// Returns the day the report is received.
  date testing(date site_day) {
    auto& smp = add(et::investigative_act, w_.after(site_day, r_.between(0, 2)), {a(), b()});
    smp.ev.subject = "sampling";
    smp.ev.involves_party = true;
    smp.ev.rights_told = true;
    smp.ev.av_recorded = true;
    doc(smp, "抽样记录", signers(smp.ev, {actor_role::officer}));
    const std::string commission = "JC-" + std::to_string(smp.ev.day().year()) + "-" + std::to_string(c_.index + 1);
    auto& sent = add(et::excluded_time_started, smp.ev.day(), {a(), b()});
    sent.ev.excluded = exclusion::testing;
    sent.ev.subject = commission;
    sent.ev.institution = "样省产品质量监督检验研究院";
    const date sent_day = sent.ev.day();
    // A long test for the cases decided over 90 days after filing, a shorter one otherwise.
    const int span = c_.testing_late ? r_.between(60, 85) : r_.between(15, 40);
    auto& report = add(et::excluded_time_ended, w_.next_working(sent_day + days(span)), {a(), b()});
    report.ev.subject = commission;
    doc(report, "检验报告");
    return report.ev.day();
  }

  gen_event& pay(date d, execution_item item, std::int64_t fen) {
    auto& p = add(et::payment_received, d);
    p.ev.amount_fen = fen;
    p.ev.item = item;  // R-EXEC-PAYMENT: a payment names its item
    doc(p, "罚没款票据");
    return p;
  }

  /// Executes the decision item by item (R-EXEC-ITEMS) from the publication on; returns the day the last item is
  /// executed (the closing ground, 程序规定 第七十七条第一款第一项).
  date execute(date served) {
    const date from = cursor_.date();
    const std::int64_t fine = c_.pen.fine_fen;
    switch (c_.extra) {
      case situation::confiscation: {
        // The fine, the illegal gains and (some cases) the goods, each on its own day, in day order.
        std::vector<std::pair<date, int>> steps = {{w_.after(from, r_.between(0, 4)), 0},
                                                   {w_.after(from, r_.between(0, 5)), 1}};
        if (c_.goods) steps.emplace_back(w_.after(from, r_.between(1, 3)), 2);
        std::stable_sort(steps.begin(), steps.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
        for (const auto& [d, what] : steps) {
          if (what == 0) pay(d, execution_item::fine, fine);
          if (what == 1) pay(d, execution_item::illegal_gains, c_.pen.illegal_gains_fen);
          if (what == 2) {
            auto& g = add(et::goods_confiscated, d, {a(), b()});
            doc(g, "财物处理单据", signers(g.ev, {actor_role::officer}));
          }
        }
        return cursor_.date();
      }
      case situation::deferral: {
        // 处罚法 第六十六条第二款; 程序规定 第七十四条: the party applies within the payment period, a head approves
        // the dates and amounts; each instalment is paid on or a few days before its date.
        auto& def = add(et::payment_deferred, w_.after(from, r_.between(1, 4)), {h()});
        doc(def, "延期（分期）缴纳罚款审批表", signers(def.ev, {actor_role::head}));
        const date approved = def.ev.day();
        const auto n = static_cast<std::int64_t>(c_.instalments);
        const std::int64_t part = fine / n / 100 * 100;  // whole yuan; the last instalment takes the rest
        date due = approved + days(r_.between(25, 35));
        for (std::int64_t i = 0; i < n; ++i) {
          def.ev.instalments.push_back({due, i + 1 < n ? part : fine - part * (n - 1)});
          due += days(r_.between(28, 31));
        }
        const std::vector<instalment> plan = def.ev.instalments;  // `def` moves with the next event
        for (const auto& x : plan) {
          const date d = std::max(cursor_.date(), w_.on_or_before(x.due - days(r_.between(0, 5)), approved));
          pay(d, execution_item::fine, x.amount_fen);
        }
        return cursor_.date();
      }
      case situation::surcharge: {
        // Unpaid when the 15 days run out (处罚法 第六十七条第三款): a 催告书 once the fine is overdue (行政强制法
        // 第五十四条), then 加处罚款 at 3 % of the fine a day (rate told, 行政强制法 第四十五条), counted a day short of
        // the days in default, then both paid.
        const date due = w_.next_working(served + days(15));
        auto& reminder = add(et::reminder_served, w_.after(due, r_.between(3, 8)), {a(), b()});
        doc(reminder, "催告书");
        auto& sc = add(et::surcharge_imposed, w_.after(cursor_.date(), r_.between(0, 2)), {h()});
        sc.ev.rate_told = true;
        const std::int64_t late_days = std::max<std::int64_t>((sc.ev.day() - due).days() - 1, 1);
        sc.ev.amount_fen = std::min(fine, fine * surcharge_daily_percent / 100 * late_days);
        const std::int64_t surcharge = sc.ev.amount_fen;
        const date paid = w_.after(cursor_.date(), r_.between(1, 5));
        pay(paid, execution_item::fine, fine);
        pay(paid, execution_item::surcharge, surcharge);
        return paid;
      }
      default:
        return pay(w_.after(from, r_.between(0, 4)), execution_item::fine, fine).ev.day();
    }
  }

  /// 法制审核 for a major case, 案件审核 otherwise.
  void review(date d) {
    const bool legal = c_.k == case_kind::major;
    auto& rv = add(et::reviewed, d, {legal ? p_.legal_reviewers[c_.legal_reviewer] : p_.reviewers[c_.reviewer]});
    rv.ev.review = legal ? review_kind::legal_review : review_kind::case_review;
    rv.ev.review_result = review_outcome::approved;
    rv.ev.items = review_item::all;
    doc(rv, "审核意见书", signers(rv.ev, {actor_role::reviewer, actor_role::legal_reviewer}));
  }

  gen_event& decision(date d, std::vector<actor> deciders, decision_outcome outcome) {
    auto& dec = add(et::decision, d, std::move(deciders));
    dec.ev.outcome = outcome;
    dec.ev.items = decision_item::all;
    const char* kind = "行政处罚决定书";
    switch (outcome) {
      case decision_outcome::penalty: dec.ev.proposed = c_.pen; break;
      case decision_outcome::no_penalty:
        kind = "不予行政处罚决定书";
        dec.ev.ground = c_.level == discretion::first_violation
                            ? "初次违法且危害后果轻微并及时改正（处罚法 第三十三条第一款）"
                            : "违法行为轻微并及时改正，没有造成危害后果（处罚法 第三十三条第一款）";
        // R-NO-PENALTY: the facts of the ground the decision states.
        dec.ev.exemption_facts = c_.level == discretion::first_violation ? exemption_fact::first_violation_ground
                                                                        : exemption_fact::minor_ground;
        break;
      case decision_outcome::not_established:
        kind = "不予行政处罚决定书";
        dec.ev.ground = "违法事实不能成立（程序规定 第六十条第一款第三项）";
        break;
      default:
        kind = "案件移送函";
        dec.ev.ground = "不属于本部门管辖，移送有管辖权的行政管理部门（程序规定 第六十条第一款第四项）";
        break;
    }
    if (c_.level && c_.vtype) {
      dec.ev.violation_type = c_.vtype->id;
      dec.ev.applied = c_.level;
      dec.ev.circumstances = circumstances_for(*c_.vtype, *c_.level);
    }
    auto& form = doc(dec, kind, signers(dec.ev, {actor_role::head, actor_role::principal_head}));
    if (c_.planted == defect::decision_document) {
      form.issued = d + days(1);  // dated the day after the decision
      mark(dec, defect::decision_document);
    }
    return dec;
  }

  void criminal(date site_day) {
    // 移送规定 第五条: the head decides within 3 days, the case goes to the police within 24 hours; the police's
    // and the exhibit hand-over's days are natural days: the referral is placed where the next two days work.
    date d = w_.after(site_day, r_.between(2, 8));
    while (!(w_.working(d) && w_.working(d + days(1)) && w_.working(d + days(2)))) d += days(1);
    auto& rep = add(et::criminal_referral_reported, d, {a(), b()});
    rep.ev.ground = "涉案货值金额达到刑事追诉标准";
    auto& dec = add(et::criminal_transfer_decided, d, {p_.principal});
    dec.ev.approved = true;
    auto& to = add(et::transferred_to_police, d, {a(), b()});
    doc(to, "涉嫌犯罪案件移送书", signers(to.ev, {actor_role::officer}));
    auto& police = add(et::police_decided, d + days(1));
    police.ev.approved = true;
    auto& ex = add(et::exhibits_handed_over, d + days(2), {a(), b()});
    close_and_archive(ex.ev.day());
  }

  /// A day within `n` natural days after `from` (a period in natural days whose last day rolls forward), on a
  /// working day: `from` + lo..hi, moved back to a working day (but not before the next day).
  date within_natural(date from, int lo, int hi) {
    const date d = w_.on_or_before(from + days(r_.between(lo, hi)), from + days(1));
    return w_.next_working(d);
  }

  void remedies(date served) {
    if (c_.lawsuit) {
      const date filed = w_.next_working(served + days(r_.between(10, 60)));
      add_aside(et::lawsuit_filed, filed);
      const date defence = w_.after(filed, r_.between(2, 4));  // 行政诉讼法 第六十七条: within 15 days
      add_aside(et::defence_submitted, defence, {p_.representatives[c_.rep]});
      const date session = w_.next_working(defence + days(r_.between(20, 50)));
      std::vector<actor> in_court{p_.representatives[c_.rep]};
      if (c_.head_in_court) in_court.insert(in_court.begin(), h());
      add_aside(et::court_appearance, session, std::move(in_court));
      add_aside(et::judgment, w_.next_working(session + days(r_.between(10, 30))));
    }
    if (c_.reconsideration) {
      const date applied = w_.next_working(served + days(r_.between(5, 40)));
      add_aside(et::reconsideration_applied, applied);
      const actor& rep = p_.representatives[c_.rep];
      if (applied < date(2024, 1, 1)) {
        // 行政复议法 (2017) 第二十三条: the answer within 10 days, the decision within 60 (第三十一条).
        add_aside(et::reconsideration_answered, within_natural(applied, 2, 8), {rep});
        add_aside(et::reconsideration_decided, within_natural(applied, 30, 55));
      } else if (c_.k == case_kind::summary) {
        // 行政复议法 (2023) 第五十三条第一款第一项: a 当场 decision; the 复议机关 takes the simplified procedure the
        // next working day, the bureau answers within 5 working days (第五十四条), the decision within 30 days
        // (第六十二条).
        auto& proc = add_aside(et::reconsideration_procedure, w_.after(applied, 1));
        proc.ev.subject = "simplified";
        add_aside(et::reconsideration_answered, w_.after(applied, r_.between(2, 4)), {rep});
        add_aside(et::reconsideration_decided, within_natural(applied, 10, 28));
      } else {
        // 行政复议法 (2023) 第四十八条, 第八十八条: the answer within 10 working days; the decision within 60 days.
        add_aside(et::reconsideration_answered, w_.after(applied, r_.between(2, 8)), {rep});
        add_aside(et::reconsideration_decided, within_natural(applied, 30, 55));
      }
    }
  }

  void close_and_archive(date trigger) {
    const date closed = c_.planted == defect::late_closure ? w_.after(trigger, r_.between(16, 20))
                                                          : w_.after(trigger, r_.between(1, 10));
    auto& close = add(et::case_closed, std::max(closed, cursor_.date()), {a(), b(), h()});
    auto& form = doc(close, "结案审批表", signers(close.ev, {actor_role::officer, actor_role::head}));
    if (c_.planted == defect::approval_signature && c_.variant) {
      form.signatories.pop_back();
      mark(close, defect::approval_signature);
    }
    if (c_.planted == defect::late_closure) mark(close, defect::late_closure);
    c_.concluded = close.ev.day();
    auto& arch = add(et::archived, w_.after(c_.concluded, r_.between(1, 5)), {a()});
    if (c_.planted == defect::archive_order) mark(arch, defect::archive_order);
  }

  const days_of& w_;
  rng& r_;
  const people& p_;
  const profile& prof_;
  gen_case& c_;
  instant cursor_;
};

}  // namespace

people make_people(int year) {
  people p;
  char id[16];
  for (std::size_t i = 0; i < 30; ++i) {
    std::snprintf(id, sizeof id, "ZF%03zu", i + 1);
    actor a = person(id, i, actor_role::officer);
    std::snprintf(id, sizeof id, "2104%04zu", i + 1);
    a.enforcement_certificate =
        certificate{id, date(static_cast<unsigned short>(year - 4), 1, 1), date(static_cast<unsigned short>(year + 3), 12, 31)};
    p.officers.push_back(std::move(a));
  }
  for (std::size_t i = 0; i < 4; ++i) p.heads.push_back(person("H" + std::to_string(i + 1), 40 + i, actor_role::head));
  p.principal = person("P1", 50, actor_role::principal_head);
  for (std::size_t i = 0; i < 4; ++i) {
    p.reviewers.push_back(person("R" + std::to_string(i + 1), 60 + i, actor_role::reviewer));
  }
  for (std::size_t i = 0; i < 3; ++i) {
    actor a = person("L" + std::to_string(i + 1), 70 + i, actor_role::legal_reviewer);
    a.legal_qualification = true;
    p.legal_reviewers.push_back(std::move(a));
    p.hosts.push_back(person("T" + std::to_string(i + 1), 80 + i, actor_role::hearing_host));
    p.representatives.push_back(person("D" + std::to_string(i + 1), 90 + i, actor_role::agency_representative));
  }
  return p;
}

void build_case(const days_of& w, rng& r, const people& p, const profile& prof, gen_case& c, date start) {
  case_builder(w, r, p, prof, c).build(start);
}

}  // namespace penaltyflow::sample_year_detail
