// Case-file evaluation (案卷评查): the checklist derived in legal-rules.md §15 (R-CASEFILE-EVAL) applied to a
// stored case, sampling and aggregation. docs/oversight.md lists every check with its rule and article.
#include <penaltyflow/oversight.hpp>

#include "penaltyflow/detail/sha256.hpp"

#include <penaltyflow/error.hpp>
#include <penaltyflow/execution.hpp>

#include <algorithm>
#include <future>
#include <thread>

namespace penaltyflow {

namespace {

using et = event_type;
using r = actor_role;

}  // namespace

std::string_view to_string(severity s) noexcept { return s == severity::unlawful ? "unlawful" : "irregular"; }

// The derived checklist. Every entry names the rule it rests on; the document kinds are those of the SAMR
// 文书格式范本 as the rules name them (the template list itself was not read: legal-rules.md §11 [V-partial]),
// which is why the checklist is data a bureau can change.
checklist checklist::derived() {
  checklist c;
  auto doc = [&c](et on, std::optional<decision_outcome> outcome, std::string kind, std::vector<actor_role> signers,
                  std::string rule, std::string citation, std::string check = "missing-document") {
    c.documents.push_back(
        {on, outcome, std::move(kind), std::move(check), std::move(signers), std::move(rule), std::move(citation)});
  };
  doc(et::case_filed, {}, "立案审批表", {r::officer, r::head, r::principal_head}, "R-FILING-CONDITIONS",
      "程序规定 (2022) 第十九条");
  doc(et::investigation_ended, {}, "调查终结报告", {r::officer}, "R-INV-END-REPORT", "程序规定 (2022) 第四十八条");
  doc(et::reviewed, {}, "审核意见书", {r::reviewer, r::legal_reviewer}, "R-REVIEW-CONTENT",
      "程序规定 (2022) 第五十三条; 程序规定 (2022) 第五十四条");
  doc(et::head_approved, {}, "案件处理审批表", {r::head, r::principal_head}, "R-REVIEW-TO-APPROVAL",
      "程序规定 (2022) 第五十六条");
  doc(et::notice_served, {}, "行政处罚告知书", {}, "R-NOTICE", "程序规定 (2022) 第五十七条");
  doc(et::hearing_held, {}, "听证笔录", {r::hearing_host}, "R-HEARING-PROCEDURE", "处罚法 (2021) 第六十四条");
  doc(et::collective_discussion, {}, "集体讨论记录", {r::head, r::principal_head}, "R-COLLECTIVE-DISCUSSION",
      "程序规定 (2022) 第六十条第二款");
  doc(et::decision, decision_outcome::penalty, "行政处罚决定书", {}, "R-DECISION-DOCUMENT", "程序规定 (2022) 第六十二条");
  doc(et::decision, decision_outcome::no_penalty, "不予行政处罚决定书", {}, "R-DECISION-TYPES",
      "程序规定 (2022) 第六十条第一款第二项");
  doc(et::decision, decision_outcome::not_established, "不予行政处罚决定书", {}, "R-DECISION-TYPES",
      "程序规定 (2022) 第六十条第一款第三项");
  doc(et::decision, decision_outcome::transfer_administrative, "案件移送函", {}, "R-XFER-ADMIN",
      "程序规定 (2022) 第六十条第一款第四项");
  doc(et::decision, decision_outcome::transfer_judicial, "案件移送函", {}, "R-XFER-CRIM",
      "程序规定 (2022) 第六十条第一款第五项");
  doc(et::decision_served, {}, "送达回证", {}, "R-SERVICE-METHODS", "程序规定 (2022) 第八十一条; 程序规定 (2022) 第八十二条",
      "service-receipt");
  doc(et::case_closed, {}, "结案审批表", {r::officer, r::head, r::principal_head}, "R-CLOSE", "程序规定 (2022) 第七十七条");
  doc(et::summary_decision, {}, "当场行政处罚决定书", {r::officer}, "R-SUMMARY-DOCUMENT",
      "处罚法 (2021) 第五十二条; 程序规定 (2022) 第六十八条");
  // 处罚法 第七十条: cash collected on the spot only against the 专用票据 of the finance department (罚没款票据,
  // 程序规定 第七十八条第一款第六项 files it in the main volume).
  doc(et::cash_collected, {}, "罚没款票据", {}, "R-SUMMARY-ONSPOT-COLLECTION", "处罚法 (2021) 第七十条");
  doc(et::transferred_to_police, {}, "涉嫌犯罪案件移送书", {}, "R-XFER-CRIM", "移送规定 (2020) 第六条");
  c.paged_records = {"现场笔录", "询问笔录"};
  // 程序规定 第七十八条: 正卷 (1)-(7) and 副卷 (1)-(6).
  c.main_volume_order = {{"立案审批表"},
                         {"行政处罚决定书", "不予行政处罚决定书", "案件移送函"},
                         {"行政处罚告知书", "听证通知书", "责令改正通知书", "责令退款通知书", "催告书"},
                         // (四) evidence: the eight kinds of 程序规定 第二十三条 and the records that carry them
                         {"现场笔录", "询问笔录", "抽样记录", "勘验笔录", "书证", "物证", "视听资料", "电子数据",
                          "证人证言", "当事人陈述", "鉴定意见", "检验报告", "检测报告", "证据材料"},
                         {"听证笔录"},
                         {"罚没款票据", "财物处理单据"}};
  c.secondary_volume_order = {{"案源材料"}, {"调查终结报告"}, {"审核意见书"}, {"听证报告"}, {"结案审批表"}};
  return c;
}

bool checklist::enabled(std::string_view check) const {
  return std::find(disabled.begin(), disabled.end(), check) == disabled.end();
}

const std::vector<check_info>& evaluation_checks() {
  static const std::vector<check_info> checks = {
      {"documents-not-recorded", "案卷未登记文书", "the file records no document (document checks not applied)"},
      {"missing-document", "应有文书缺失", "a required document is missing"},
      {"approval-signature", "审批表签字不完整", "an approval form or record lacks a signature"},
      {"record-signature", "笔录未逐页签名", "a record is not signed on every page"},
      {"decision-document", "处罚决定书表述不规范", "the decision document's number or date is irregular"},
      {"service-receipt", "缺少送达回证", "no service receipt"},
      {"two-officers", "执法人员不足两人或无执法证", "fewer than two certified officers"},
      {"reviewer-independence", "审核人员参与调查", "the reviewer took part in the investigation"},
      {"reconsideration-route", "未告知复议前置", "an on-the-spot decision does not state that reconsideration comes first"},
      {"deadline", "超过法定期限", "a statutory deadline was missed"},
      {"full-process-record", "执法全过程记录不完整", "an on-site step has no audio-visual record"},
      {"head-appearance", "负责人未出庭应诉", "no head of the agency appeared in court"},
      {"execution", "未执行或未申请强制执行", "the penalty was neither executed nor enforced"},
      {"archive-order", "卷宗排列不规范", "the file's documents are not in the statutory order"},
      {"workflow-finding", "其他程序问题", "another finding of the workflow"},
  };
  return checks;
}

namespace {

severity level_of(std::string_view check) {
  static const std::string_view unlawful[] = {"missing-document", "service-receipt", "two-officers",
                                              "reviewer-independence", "deadline", "execution"};
  return std::find(std::begin(unlawful), std::end(unlawful), check) != std::end(unlawful) ? severity::unlawful
                                                                                          : severity::irregular;
}

std::string doc_name(const document& d) { return d.number.empty() ? d.kind : d.kind + " " + d.number; }

class evaluator {
 public:
  evaluator(const std::vector<stored_event>& h, const workflow& wf, const checklist& list)
      : h_(h), wf_(wf), list_(list) {
    out_.case_id = h.empty() ? std::string() : h.front().case_id;
    out_.events = h.size();
  }

  case_evaluation run() {
    case_record rec(out_.case_id);
    // A file recorded without any document (e.g. imported from case-history files, which carry none) cannot
    // be checked for documents: one finding says so instead of one per step.
    const bool documents_recorded =
        std::any_of(h_.begin(), h_.end(), [](const stored_event& e) { return !e.documents.empty(); });
    if (!documents_recorded && !h_.empty())
      add("documents-not-recorded", "R-FULL-PROCESS-RECORD", "处罚法 (2021) 第四十七条; 程序规定 (2022) 第七十九条", 0, {},
          "案卷未登记任何文书，文书检查未进行", "the file records no document: the document checks were not applied");
    bool replaying = true;
    for (std::size_t i = 0; i < h_.size(); ++i) {
      const auto& se = h_[i];
      const std::uint64_t seq = i + 1;
      // The workflow's own findings (late acts net of excluded time, missing audio-visual records, no head
      // in court): replayed, so that a store judged under an older rule set is evaluated under this one. A
      // refused event is reported once, under the check its rule belongs to; the replay stops there (later
      // events would all be refused as out of order).
      if (replaying) {
        const auto res = wf_.apply(rec, se.ev);
        if (!res.accepted) {
          const auto& refused = res.refusals.front();
          const std::string check = refused.rule_id == "R-ACTOR-TWO-CERTIFIED"               ? "two-officers"
                                    : refused.rule_id == "R-ACTOR-REVIEWER-NOT-INVESTIGATOR" ? "reviewer-independence"
                                                                                       : "workflow-finding";
          add(check, refused.rule_id, refused.citation, seq, {}, "本事件不符合现行规则：" + refused.message_zh,
              "this event is refused by the current rules: " + refused.message_en);
          replaying = false;
        }
      }
      if (documents_recorded) check_documents(se, seq);
      check_officers(rec, se, seq);
      check_reviewer(rec, se, seq);
      check_reconsideration_route(se, seq);
      if (documents_recorded && se.ev.type == et::archived) check_archive(se, seq);
    }
    for (const auto& f : rec.facts().findings) {
      const std::string check = !f.period_id.empty()                      ? "deadline"
                                : f.rule_id == "R-FULL-PROCESS-RECORD"    ? "full-process-record"
                                : f.rule_id == "R-LIT-HEAD-APPEARANCE"    ? "head-appearance"
                                                                          : "workflow-finding";
      add(check, f.rule_id, f.citation, f.event_index ? *f.event_index + 1 : 0, {}, f.message_zh, f.message_en);
    }
    check_execution(rec);
    std::stable_sort(out_.findings.begin(), out_.findings.end(),
                     [](const evaluation_finding& a, const evaluation_finding& b) { return a.case_seq < b.case_seq; });
    // The same defect found by the replay and by a check of its own is one finding.
    out_.findings.erase(std::unique(out_.findings.begin(), out_.findings.end(),
                                    [](const evaluation_finding& a, const evaluation_finding& b) {
                                      return a.case_seq == b.case_seq && a.check == b.check && a.rule_id == b.rule_id;
                                    }),
                        out_.findings.end());
    return std::move(out_);
  }

 private:
  void add(std::string_view check, std::string rule, std::string citation, std::uint64_t seq, std::string document,
           std::string zh, std::string en) {
    if (!list_.enabled(check)) return;
    evaluation_finding f;
    f.case_id = out_.case_id;
    f.check = std::string(check);
    f.rule_id = std::move(rule);
    f.citation = std::move(citation);
    f.level = level_of(check);
    f.case_seq = seq;
    f.document = std::move(document);
    f.message_zh = std::move(zh);
    f.message_en = std::move(en);
    out_.findings.push_back(std::move(f));
  }

  static std::string what(const stored_event& se) {
    return std::string(to_string(se.ev.type)) + " " + to_iso(se.ev.day());
  }

  // Required documents, their signatures (审批表签字), paged records (逐页签名) and the decision document.
  void check_documents(const stored_event& se, std::uint64_t seq) {
    const event& e = se.ev;
    for (const auto& req : list_.documents) {
      if (req.on != e.type || (req.outcome && e.outcome != req.outcome)) continue;
      // R-SERVICE-METHODS 程序规定 第八十二条: a 送达回证 for direct and left-at-residence service (and when the
      // method is not stated); electronic service is proven by the 送达地址确认书 and the system's record, postal
      // service by the postal receipt, service by public notice by the notice.
      if (e.type == et::decision_served && e.service &&
          (*e.service == service_method::electronic || *e.service == service_method::post ||
           *e.service == service_method::public_notice))
        continue;
      const auto it = std::find_if(se.documents.begin(), se.documents.end(),
                                   [&](const document& d) { return d.kind == req.kind; });
      if (it == se.documents.end()) {
        add(req.check, req.rule_id, req.citation, seq, req.kind, "缺少" + req.kind + "（" + what(se) + "）",
            "no " + req.kind + " for " + what(se));
        continue;
      }
      std::vector<std::string> missing;
      for (const auto& a : e.actors) {
        if (std::find(req.signers.begin(), req.signers.end(), a.role) == req.signers.end()) continue;
        if (std::find(it->signatories.begin(), it->signatories.end(), a.id) == it->signatories.end() &&
            std::find(missing.begin(), missing.end(), a.id) == missing.end())
          missing.push_back(a.id);
      }
      if (!missing.empty()) {
        std::string who;
        for (const auto& m : missing) who += (who.empty() ? "" : ", ") + m;
        add("approval-signature", req.rule_id, req.citation, seq, doc_name(*it),
            doc_name(*it) + "缺少签名：" + who, doc_name(*it) + " lacks the signature of " + who);
      }
      // Any decision document (also 不予行政处罚决定书 and 案件移送函) carries its number and the day of the
      // decision, the item (七) of 程序规定 第六十二条 asks of the penalty decision.
      if (e.type == et::decision || e.type == et::summary_decision) {
        if (it->number.empty() || it->issued != e.day()) {
          add("decision-document", "R-DECISION-DOCUMENT", "程序规定 (2022) 第六十二条第一款第七项", seq, doc_name(*it),
              doc_name(*it) + "的文号或日期不规范（文书日期" + to_iso(it->issued) + "，决定日期" + to_iso(e.day()) + "）",
              doc_name(*it) + ": irregular number or date (document " + to_iso(it->issued) + ", decision " +
                  to_iso(e.day()) + ")");
        }
      }
    }
    for (const auto& d : se.documents) {
      if (!d.volume.empty()) continue;  // an entry of a file index, not the record itself
      if (std::find(list_.paged_records.begin(), list_.paged_records.end(), d.kind) == list_.paged_records.end())
        continue;
      if (d.pages > 0 && d.signed_pages < d.pages) {  // pages 0: the page count was not recorded
        add("record-signature", "R-INV-EVIDENCE", "程序规定 (2022) 第二十八条; 程序规定 (2022) 第二十九条", seq, doc_name(d),
            doc_name(d) + "未逐页签名（共" + std::to_string(d.pages) + "页，签名" + std::to_string(d.signed_pages) + "页）",
            doc_name(d) + " is not signed on every page (" + std::to_string(d.signed_pages) + " of " +
                std::to_string(d.pages) + ")");
      }
    }
  }

  // R-ACTOR-TWO-CERTIFIED 处罚法 第四十二条; 程序规定 第十九条第二款, 第二十二条.
  void check_officers(const case_record& rec, const stored_event& se, std::uint64_t seq) {
    const event& e = se.ev;
    const bool needs = e.type == et::case_filed || e.type == et::investigative_act ||
                       e.type == et::evidence_preserved || e.type == et::seizure_ordered ||
                       e.type == et::summary_decision;
    if (!needs) return;
    std::vector<std::string_view> counted;  // distinct people, not recused, certificate valid that day
    for (const auto& a : e.actors)
      if (a.role == r::officer && a.enforcement_certificate && a.enforcement_certificate->valid_on(e.day()) &&
          !rec.facts().is_recused(a.id) && std::find(counted.begin(), counted.end(), a.id) == counted.end())
        counted.push_back(a.id);
    const auto certified = counted.size();
    if (certified < 2)
      add("two-officers", "R-ACTOR-TWO-CERTIFIED", "处罚法 (2021) 第四十二条; 程序规定 (2022) 第二十二条", seq, {},
          what(se) + "：持有效执法证的执法人员" + std::to_string(certified) + "人",
          what(se) + ": " + std::to_string(certified) + " officer(s) with a valid certificate");
  }

  // R-RECON-PRECONDITION 行政复议法 (2023) 第二十三条第二款: from 2024-01-01 (the day of the 当场 decision, [M]) the
  // decision tells the party to apply for 行政复议 before suing.
  void check_reconsideration_route(const stored_event& se, std::uint64_t seq) {
    const event& e = se.ev;
    if (e.type != et::summary_decision || e.day() < date(2024, 1, 1) ||
        (e.items & summary_item::reconsideration_first))
      return;
    add("reconsideration-route", "R-RECON-PRECONDITION", "行政复议法 (2023) 第二十三条第二款", seq, {},
        "当场行政处罚决定未告知当事人先申请行政复议（" + to_iso(e.day()) + "）",
        "the on-the-spot decision of " + to_iso(e.day()) + " does not tell the party to apply for reconsideration first");
  }

  // R-ACTOR-REVIEWER-NOT-INVESTIGATOR 程序规定 第四十九条第二款.
  void check_reviewer(const case_record& rec, const stored_event& se, std::uint64_t seq) {
    if (se.ev.type != et::reviewed) return;
    for (const auto& a : se.ev.actors) {
      if ((a.role == r::reviewer || a.role == r::legal_reviewer) && rec.facts().is_investigator(a.id))
        add("reviewer-independence", "R-ACTOR-REVIEWER-NOT-INVESTIGATOR", "程序规定 (2022) 第四十九条第三款", seq, {},
            "审核人员" + a.id + "参与了案件调查", "the reviewer " + a.id + " took part in the investigation");
    }
  }

  // R-EXEC-PAYMENT 程序规定 第七十二条, 第七十六条: a concluded penalty with a fine is executed or enforced.
  void check_execution(const case_record& rec) {
    const auto& f = rec.facts();
    if (!f.closed || f.proc != procedure::ordinary || !f.decided_penalty ||
        (f.decided_penalty->fine_fen == 0 && f.decided_penalty->illegal_gains_fen == 0)) {
      return;
    }
    if (f.executed || f.court_applied || execution::all_executed(f)) return;
    add("execution", "R-EXEC-PAYMENT", "程序规定 (2022) 第七十二条; 程序规定 (2022) 第七十六条", 0, {},
        "罚没款未缴清，也未申请人民法院强制执行即结案",
        "closed with the fine or the illegal gains neither paid nor sent to court for enforcement");
  }

  /// The group of a kind in the filing order; -1 for a kind the order does not list (not compared: the
  /// article's "other" group cannot be told from evidence of a kind the list does not name).
  static int group_of(const std::vector<std::vector<std::string>>& order, const std::string& kind) {
    for (std::size_t g = 0; g < order.size(); ++g)
      if (std::find(order[g].begin(), order[g].end(), kind) != order[g].end()) return static_cast<int>(g);
    return -1;
  }

  // R-ARCHIVE 程序规定 第七十八条: the file index of the archived event, per volume, in the statutory order.
  void check_archive(const stored_event& se, std::uint64_t seq) {
    for (const auto* volume : {"main", "secondary"}) {
      const auto& order = std::string_view(volume) == "main" ? list_.main_volume_order : list_.secondary_volume_order;
      int last = -1;
      const document* previous = nullptr;
      for (const auto& d : se.documents) {
        if (d.volume != volume) continue;
        const int g = d.kind == "送达回证" ? std::max(last, 0) : group_of(order, d.kind);
        if (g < 0) continue;
        if (g < last) {
          const std::string v = std::string_view(volume) == "main" ? "正卷" : "副卷";
          add("archive-order", "R-ARCHIVE", "程序规定 (2022) 第七十八条", seq, doc_name(d),
              v + "中" + doc_name(d) + "排在" + (previous ? doc_name(*previous) : std::string()) + "之后，不符合排列顺序",
              std::string(volume) + " volume: " + doc_name(d) + " is filed after " +
                  (previous ? doc_name(*previous) : std::string()) + ", out of the statutory order");
          break;  // one finding per volume
        }
        last = g;
        previous = &d;
      }
    }
  }

  const std::vector<stored_event>& h_;
  const workflow& wf_;
  const checklist& list_;
  case_evaluation out_;
};

}  // namespace

case_evaluation evaluate(const std::vector<stored_event>& history, const workflow& wf, const checklist& list) {
  return evaluator(history, wf, list).run();
}

std::vector<std::string> sample_cases(std::vector<std::string> ids, std::size_t n, std::uint64_t seed) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (n >= ids.size()) return ids;
  std::vector<std::pair<detail::sha256_digest, std::size_t>> ranked;
  ranked.reserve(ids.size());
  detail::sha256 h;
  const std::string prefix = "penaltyflow-sample/1\n" + std::to_string(seed) + "\n";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    h.update(prefix);
    h.update(ids[i]);
    ranked.emplace_back(h.digest(), i);
  }
  std::nth_element(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n), ranked.end());
  std::vector<std::string> out;
  out.reserve(n);
  for (std::size_t k = 0; k < n; ++k) out.push_back(std::move(ids[ranked[k].second]));
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<problem_count> count_problems(const std::vector<case_evaluation>& evaluations) {
  std::vector<problem_count> out;
  auto entry = [](std::string check, severity level) {
    problem_count p;
    p.check = std::move(check);
    p.level = level;
    return p;
  };
  for (const auto& c : evaluation_checks()) out.push_back(entry(std::string(c.id), level_of(c.id)));
  for (const auto& e : evaluations) {
    std::vector<std::size_t> seen;
    for (const auto& f : e.findings) {
      auto it = std::find_if(out.begin(), out.end(), [&](const problem_count& p) { return p.check == f.check; });
      if (it == out.end()) {  // a check id a bureau's own checklist added
        out.push_back(entry(f.check, f.level));
        it = out.end() - 1;
      }
      ++it->findings;
      if (std::find(it->rules.begin(), it->rules.end(), f.rule_id) == it->rules.end()) {
        it->rules.push_back(f.rule_id);
        it->rule_id += (it->rule_id.empty() ? "" : ", ") + f.rule_id;
      }
      const auto k = static_cast<std::size_t>(it - out.begin());
      if (std::find(seen.begin(), seen.end(), k) == seen.end()) {
        seen.push_back(k);
        ++it->cases;
      }
    }
  }
  out.erase(std::remove_if(out.begin(), out.end(), [](const problem_count& p) { return p.findings == 0; }), out.end());
  return out;
}

evaluation_report evaluate_store(const store& s, const evaluation_scope& scope, const checklist& list) {
  if (scope.concluded_from.has_value() != scope.concluded_to.has_value())
    throw invalid_argument_error("evaluation scope: give both concluded_from and concluded_to, or neither");
  std::vector<std::string> ids;
  if (scope.concluded_from) {
    for (auto& c : s.case_summaries({summary_filter::by::concluded, *scope.concluded_from, *scope.concluded_to}))
      ids.push_back(std::move(c.case_id));
  } else {
    ids = s.case_ids();
  }
  if (scope.sample) ids = sample_cases(std::move(ids), scope.sample, scope.seed);
  std::sort(ids.begin(), ids.end());
  evaluation_report rep;
  // Reading and decoding the histories is most of the cost: large scopes are split among worker threads, each
  // with its own read-only connection to the file, in contiguous runs of case ids (so the result keeps id order).
  const std::size_t workers =
      ids.size() < 2000 ? 1 : std::min<std::size_t>(4, std::max(1U, std::thread::hardware_concurrency()));
  std::vector<std::vector<case_evaluation>> parts(workers);
  auto run = [&](std::size_t w, const store& reader) {
    const std::size_t begin = ids.size() * w / workers, end = ids.size() * (w + 1) / workers;
    const std::vector<std::string> mine(ids.begin() + static_cast<std::ptrdiff_t>(begin),
                                        ids.begin() + static_cast<std::ptrdiff_t>(end));
    parts[w].reserve(mine.size());
    reader.for_each_history([&](std::vector<stored_event>& h) { parts[w].push_back(evaluate(h, s.flow(), list)); },
                            &mine);
  };
  if (workers == 1) {
    run(0, s);
  } else {
    std::vector<std::future<void>> tasks;
    for (std::size_t w = 0; w < workers; ++w)
      tasks.push_back(std::async(std::launch::async, [&, w] {
        const store reader(s.path(), s.flow(), store_options{durability::full, open_mode::read_only});
        run(w, reader);
      }));
    for (auto& t : tasks) t.get();  // rethrows a worker's error
  }
  for (auto& p : parts)
    for (auto& e : p) rep.evaluations.push_back(std::move(e));
  rep.cases = rep.evaluations.size();
  for (const auto& e : rep.evaluations)
    if (!e.findings.empty()) ++rep.cases_with_findings;
  rep.by_problem = count_problems(rep.evaluations);
  return rep;
}

}  // namespace penaltyflow
