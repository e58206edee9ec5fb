// The sample year's documents (docs/sample-year.md, "Documents"): numbers every document
// `<bureau><code>〔<year>〕<n>号` per kind and year, builds each archived event's file index in the order of
// 程序规定 第七十八条 (swapping two entries where that defect is planted), and turns the planted defects into the
// findings the case-file evaluation must report, exactly as it reports them.
#include "sample_year_internal.hpp"

#include <penaltyflow/error.hpp>

#include <algorithm>
#include <map>

namespace penaltyflow::sample_year_detail {

namespace {

using et = event_type;

const char* doc_code(const std::string& kind) {
  static const std::pair<const char*, const char*> codes[] = {
      {"案源材料", "源"},         {"立案审批表", "立"},     {"现场笔录", "检"},         {"询问笔录", "询"},
      {"调查终结报告", "终"},     {"审核意见书", "审"},     {"案件处理审批表", "批"},   {"行政处罚告知书", "告"},
      {"送达回证", "送"},         {"听证通知书", "听通"},   {"听证笔录", "听录"},       {"听证报告", "听报"},
      {"集体讨论记录", "讨"},     {"行政处罚决定书", "罚"}, {"不予行政处罚决定书", "不罚"}, {"案件移送函", "移"},
      {"涉嫌犯罪案件移送书", "刑移"}, {"罚没款票据", "票"},   {"结案审批表", "结"},       {"当场行政处罚决定书", "当"},
      {"抽样记录", "抽"},         {"检验报告", "检报"},     {"财物处理单据", "没"},     {"催告书", "催"},
      {"延期（分期）缴纳罚款审批表", "延"}};
  for (const auto& c : codes) {
    if (kind == c.first) return c.second;
  }
  return "文";
}

bool is_decision_document(const std::string& k) {
  return k == "行政处罚决定书" || k == "不予行政处罚决定书" || k == "案件移送函";
}

/// The filing order of 程序规定 第七十八条 (the groups of oversight.hpp's checklist): main volume groups 0-6,
/// secondary volume groups 0-5. A 送达回证 is filed after the document it proves the service of.
struct file_index {
  std::vector<std::vector<document>> main{7}, secondary{6};

  void add(const document& d, int receipt_group) {
    const std::string& k = d.kind;
    auto put = [&](std::vector<std::vector<document>>& vol, std::size_t g, const char* volume) {
      vol[g].push_back(d);
      vol[g].back().volume = volume;
    };
    if (k == "送达回证") put(main, static_cast<std::size_t>(receipt_group), "main");
    else if (k == "立案审批表") put(main, 0, "main");
    else if (is_decision_document(k)) put(main, 1, "main");
    else if (k == "行政处罚告知书" || k == "听证通知书" || k == "催告书") put(main, 2, "main");
    else if (k == "现场笔录" || k == "询问笔录" || k == "抽样记录" || k == "检验报告") put(main, 3, "main");
    else if (k == "听证笔录") put(main, 4, "main");
    else if (k == "罚没款票据" || k == "财物处理单据") put(main, 5, "main");
    else if (k == "涉嫌犯罪案件移送书") put(main, 6, "main");
    else if (k == "案源材料") put(secondary, 0, "secondary");
    else if (k == "调查终结报告") put(secondary, 1, "secondary");
    else if (k == "审核意见书") put(secondary, 2, "secondary");
    else if (k == "听证报告") put(secondary, 3, "secondary");
    else if (k == "结案审批表") put(secondary, 4, "secondary");
    else put(secondary, 5, "secondary");
  }
  std::vector<document> flat() const {
    std::vector<document> out;
    for (const auto* vol : {&main, &secondary}) {
      for (const auto& g : *vol) out.insert(out.end(), g.begin(), g.end());
    }
    return out;
  }
};

/// The archived event's file index: every earlier document of the case, in the order of 第七十八条.
std::vector<document> archive_index(const std::vector<gen_event>& events, std::size_t archived, bool swap,
                                    std::string& out_of_order) {
  file_index idx;
  for (std::size_t i = 0; i < archived; ++i) {
    int receipt_group = 1;  // decision_served: the decision document's receipt
    for (const auto& d : events[i].docs) {
      if (d.kind == "行政处罚告知书" || d.kind == "听证通知书") receipt_group = 2;
      idx.add(d, receipt_group);
    }
  }
  std::vector<document> out = idx.flat();
  if (swap) {
    // The entry before the first receipt or record of goods taken (the last record: evidence or the hearing
    // record) and that entry change places: groups 3 or 4 and 5.
    const auto it = std::find_if(out.begin() + 1, out.end(), [](const document& d) {
      return d.volume == "main" && (d.kind == "罚没款票据" || d.kind == "财物处理单据");
    });
    if (it == out.end()) throw error(error_code::invalid_argument, "sample year: no archive entries to swap");
    std::iter_swap(it - 1, it);
    out_of_order = it->kind + " " + it->number;  // now filed after the receipt: the entry out of order
  }
  return out;
}

/// What the evaluation reports for each planted defect: the check, the rule and whether it names the document.
struct planted_check {
  defect d;
  const char* check;
  const char* rule_id;  ///< approval_signature: R-CLOSE for the 结案审批表, R-FILING-CONDITIONS for the 立案审批表
  bool names_document;
};

const planted_check& check_of(defect d) {
  static const planted_check checks[] = {
      {defect::approval_signature, "approval-signature", "R-CLOSE", true},
      {defect::record_signature, "record-signature", "R-INV-EVIDENCE", true},
      {defect::late_service, "deadline", "R-SERVICE-DEADLINE", false},
      {defect::decision_document, "decision-document", "R-DECISION-DOCUMENT", true},
      {defect::archive_order, "archive-order", "R-ARCHIVE", false},
      {defect::missing_av, "full-process-record", "R-FULL-PROCESS-RECORD", false},
      {defect::late_closure, "deadline", "R-CLOSE", false},
      {defect::reconsideration_route, "reconsideration-route", "R-RECON-PRECONDITION", false},
  };
  for (const auto& c : checks) {
    if (c.d == d) return c;
  }
  throw error(error_code::invalid_argument, "sample year: no check for a defect");
}

}  // namespace

std::vector<planted_finding> number_documents(std::vector<gen_case>& cases, const sample_year_spec& spec) {
  std::map<std::string, int> doc_counters;
  std::vector<planted_finding> findings;
  for (gen_case& c : cases) {
    std::string misplaced;  // archive_order: the file-index entry out of order
    for (std::size_t e = 0; e < c.events.size(); ++e) {
      gen_event& g = c.events[e];
      for (auto& d : g.docs) {
        const std::string code = doc_code(d.kind);
        const int year = d.issued.year();
        const int n = ++doc_counters[code + std::to_string(year)];
        d.number = spec.bureau + code + "〔" + std::to_string(year) + "〕" + std::to_string(n) + "号";
      }
      if (g.ev.type == et::archived) {
        g.docs = archive_index(c.events, e, g.mark == defect::archive_order, misplaced);
      }
      if (g.mark == defect::none) continue;
      planted_finding f;
      f.case_id = c.id;
      f.case_seq = e + 1;
      const planted_check& x = check_of(g.mark);
      f.check = x.check;
      f.rule_id = g.mark == defect::approval_signature && g.ev.type == et::case_filed ? "R-FILING-CONDITIONS" : x.rule_id;
      if (x.names_document) f.document = g.docs[g.mark_doc].kind + " " + g.docs[g.mark_doc].number;
      if (g.mark == defect::archive_order) f.document = misplaced;
      findings.push_back(std::move(f));
    }
    for (std::size_t e = 0; e < c.events.size(); ++e) {
      const auto& ev = c.events[e].ev;
      if (ev.type == et::court_appearance &&
          std::none_of(ev.actors.begin(), ev.actors.end(), [](const actor& x) {
            return x.role == actor_role::head || x.role == actor_role::principal_head;
          })) {
        findings.push_back({c.id, "head-appearance", "R-LIT-HEAD-APPEARANCE", e + 1, ""});
      }
    }
  }
  std::stable_sort(findings.begin(), findings.end(),
                   [](const planted_finding& x, const planted_finding& y) {
                     return x.case_id != y.case_id ? x.case_id < y.case_id : x.case_seq < y.case_seq;
                   });
  return findings;
}

}  // namespace penaltyflow::sample_year_detail
