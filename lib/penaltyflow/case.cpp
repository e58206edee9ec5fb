// A penalty case (case.hpp): the names of its procedures and the questions its facts answer. The fold that
// derives the facts from the events is detail/case_fold.cpp.
#include <penaltyflow/case.hpp>

#include <algorithm>

namespace penaltyflow {

std::string_view to_string(procedure p) noexcept {
  switch (p) {
    case procedure::undetermined: return "undetermined";
    case procedure::ordinary: return "ordinary";
    case procedure::summary: return "summary";
  }
  return "?";
}

bool case_facts::is_investigator(std::string_view person) const {
  return std::find(investigators.begin(), investigators.end(), person) != investigators.end();
}

bool case_facts::is_recused(std::string_view person) const {
  return std::find(recused.begin(), recused.end(), person) != recused.end();
}

}  // namespace penaltyflow
