// penaltyflow — the JSON of the case-file evaluation (案卷评查), written in this one place
// (lib/penaltyflow/oversight_json.cpp) for the CLI and the Python module. docs/json.md lists every key; the
// annual statistics have their own `to_json` (oversight.hpp, keys in docs/oversight.md).
#pragma once

#include <penaltyflow/oversight.hpp>

#include <string>

namespace penaltyflow {

/// {case_id, check, rule_id, citation, severity, case_seq, document, message_zh, message_en}; `case_seq` 0: the
/// file as a whole.
std::string to_json(const evaluation_finding& f);

/// {cases, cases_with_findings, by_problem: [{check, rule_id, severity, findings, cases}], findings, case_ids}.
std::string to_json(const evaluation_report& r);

}  // namespace penaltyflow
