// Private: the JSON objects behind workflow_json.hpp and store_json.hpp, as nlohmann values, so that a larger
// object (a case's state, the store's projection column) is built from the same mapping. One function per model
// type; workflow_json.cpp and store_json.cpp define them, nothing else builds these objects.
#pragma once

#include <penaltyflow/case.hpp>
#include <penaltyflow/document.hpp>
#include <penaltyflow/execution.hpp>
#include <penaltyflow/rules.hpp>
#include <penaltyflow/workflow.hpp>
#include <penaltyflow/workflow_json.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace penaltyflow::detail {

/// The compact text of a mapped object. Never throws on text: a byte that is not UTF-8 (a case id recorded by a
/// release that did not check) is written as U+FFFD, as the CLI has always printed it.
inline std::string text_of(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// A day as JSON: "YYYY-MM-DD", null for none (or a special date).
nlohmann::json day_json(const std::optional<date>& d);

nlohmann::json refusal_object(const refusal& r);
nlohmann::json finding_object(const finding& f);
nlohmann::json deadline_object(const open_deadline& d, overdue_key overdue);
nlohmann::json document_output_object(const document& d);
nlohmann::json execution_item_object(const execution::item_state& i);
nlohmann::json provisional_acceptance_object(const provisional_acceptance& a);

/// A list of objects made by `object` (e.g. `list_of(findings, finding_object)`).
template <class T, class F>
nlohmann::json list_of(const std::vector<T>& items, F object) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& x : items) a.push_back(object(x));
  return a;
}

/// The store's projection column form of a finding: the finding_object's keys, except `event_index` (0-based)
/// for `case_seq` and `provisional` only when set — as projections have been written since schema 1, so that a
/// stored projection and a replay compare byte for byte (verify). finding_from_stored reads it back.
nlohmann::json stored_finding_object(const finding& f);
finding finding_from_stored(const nlohmann::json& j);

}  // namespace penaltyflow::detail
