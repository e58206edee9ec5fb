// The penaltyflow command-line tool: the model's output shared by the workflow and store commands (private to
// tools/). JSON comes from the library's one mapping (workflow_json.hpp, store_json.hpp), never built here;
// the text forms below are the ones `replay`, `show` and `due` share. Events are numbered from 1 in text
// ("#3" in lists, "event 3" in sentences), the number JSON gives as `case_seq`.
#pragma once

#include "cli.hpp"

#include <penaltyflow/execution.hpp>
#include <penaltyflow/rules.hpp>
#include <penaltyflow/workflow_json.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace penaltyflow::cli {

/// `x` as its JSON object (the library's to_json), to place in a larger output.
template <class T, class... Options>
nlohmann::json as_json(const T& x, Options... options) {
  return nlohmann::json::parse(to_json(x, options...));
}

/// A list of objects as a JSON array.
template <class T, class... Options>
nlohmann::json as_json_list(const std::vector<T>& xs, Options... options) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& x : xs) a.push_back(as_json(x, options...));
  return a;
}

/// One refusal: rule id, confidence, citation, both messages and the failing facts, indented by `indent`.
inline void print_refusal(std::ostream& os, const refusal& r, const std::string& indent = "    ") {
  os << indent << r.rule_id << " [" << to_string(r.tag) << "] " << r.citation << "\n"
     << indent << "  " << r.message_zh << "\n"
     << indent << "  " << r.message_en << "\n";
  for (const auto& f : r.facts) os << indent << "  - " << f.name << ": " << f.value << "\n";
}

/// R-EXEC-ITEMS: "execution: executed DATE|outstanding" and each item (due, paid, outstanding; the goods'
/// value and whether they were taken), each line starting with `indent`. Nothing when there are no items.
inline void print_execution(std::ostream& out, const std::vector<execution::item_state>& items,
                            const std::optional<date>& executed, const std::string& indent = "") {
  if (items.empty()) return;
  out << indent << "execution:" << (executed ? " executed " + to_iso(*executed) : std::string(" outstanding")) << "\n";
  for (const auto& i : items) {
    if (i.goods()) {
      out << indent << "  " << i.item << " " << rules::format_fen(i.value_fen) << ", "
          << (i.taken ? "taken " + to_iso(*i.taken) : std::string("not taken")) << "\n";
    } else {
      out << indent << "  " << i.item << " due " << rules::format_fen(i.due_fen) << ", paid "
          << rules::format_fen(i.paid_fen) << ", outstanding " << rules::format_fen(i.outstanding_fen) << "\n";
    }
  }
}

}  // namespace penaltyflow::cli
