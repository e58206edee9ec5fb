// The JSON of the case-file evaluation (oversight_json.hpp, docs/json.md): the one place that names its keys.
#include <penaltyflow/oversight_json.hpp>

#include "penaltyflow/detail/json_objects.hpp"

namespace penaltyflow {

namespace {

using nlohmann::json;

json finding_object(const evaluation_finding& f) {
  return {{"case_id", f.case_id},   {"check", f.check},
          {"rule_id", f.rule_id},   {"citation", f.citation},
          {"severity", std::string(to_string(f.level))}, {"case_seq", f.case_seq},
          {"document", f.document}, {"message_zh", f.message_zh},
          {"message_en", f.message_en}};
}

}  // namespace

std::string to_json(const evaluation_finding& f) { return detail::text_of(finding_object(f)); }

std::string to_json(const evaluation_report& r) {
  json problems = json::array();
  for (const auto& p : r.by_problem)
    problems.push_back({{"check", p.check}, {"rule_id", p.rule_id}, {"severity", std::string(to_string(p.level))},
                        {"findings", p.findings}, {"cases", p.cases}});
  json findings = json::array();
  json case_ids = json::array();
  for (const auto& e : r.evaluations) {
    case_ids.push_back(e.case_id);
    for (const auto& f : e.findings) findings.push_back(finding_object(f));
  }
  return detail::text_of(json{{"cases", r.cases},
              {"cases_with_findings", r.cases_with_findings},
              {"by_problem", std::move(problems)},
              {"findings", std::move(findings)},
              {"case_ids", std::move(case_ids)}});
}

}  // namespace penaltyflow
