// The versions of a dated catalogue entry (a period or a rule): entries sharing an id, one per text of the
// instrument, each with the days it is in force (`in_force`, period.hpp). Shared by period_catalogue and
// rule_catalogue.
#pragma once

#include <penaltyflow/period.hpp>

#include <string_view>
#include <vector>

namespace penaltyflow::detail {

/// The first entry sharing its id with a later one whose days in force overlap its own, or nullptr.
template <class T>
const T* overlapping_version(const std::vector<T>& entries) {
  for (std::size_t i = 0; i < entries.size(); ++i)
    for (std::size_t j = i + 1; j < entries.size(); ++j)
      if (entries[i].id == entries[j].id && entries[i].effective.overlaps(entries[j].effective)) return &entries[i];
  return nullptr;
}

/// The version of `id` in force last: the one with no end date, else the one that ended latest; nullptr if none.
template <class T>
const T* latest_version(const std::vector<T>& entries, std::string_view id) {
  const T* last = nullptr;
  for (const auto& e : entries) {
    if (e.id != id) continue;
    if (!e.effective.until) return &e;
    if (!last || *last->effective.until < *e.effective.until) last = &e;
  }
  return last;
}

/// The version of `id` in force on `on`, or nullptr.
template <class T>
const T* version_on(const std::vector<T>& entries, std::string_view id, date on) {
  for (const auto& e : entries)
    if (e.id == id && e.effective.covers(on)) return &e;
  return nullptr;
}

}  // namespace penaltyflow::detail
