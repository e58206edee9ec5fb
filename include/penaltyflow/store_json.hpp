// penaltyflow — the JSON of the record store's results, written in this one place (lib/penaltyflow/store_json.cpp)
// for the CLI and the Python module: a case's state (time travel), due deadlines, stored events, appends,
// imports, verify reports and projections. They contain the workflow's objects of workflow_json.hpp.
// docs/json.md lists every key; dates are "YYYY-MM-DD", times "YYYY-MM-DDTHH:MM:SS" (UTC+8), absent values null.
#pragma once

#include <penaltyflow/store.hpp>
#include <penaltyflow/workflow_json.hpp>

#include <string>
#include <string_view>

namespace penaltyflow {

/// {case_id, as_of, version, stage, remedy, executed, execution, deadlines, findings, provisional_acceptances}:
/// `version` is the number of events up to `as_of`.
std::string to_json(const case_state& s);

/// The deadline's keys (workflow_json.hpp) with {case_id, stage} and the case's {executed, execution} from
/// `state` (the case as of the listing's day: `--as-of`, or the day of its last event); "overdue" only with
/// overdue_key::with (a day was asked about).
std::string to_json(const due_item& d, const case_state& state, overdue_key overdue);

/// {seq, case_seq, event, recorded_at, documents, calendar_version, profile_version, prev_hash, hash}; `event`
/// is the case-history event object (event_json.hpp).
std::string to_json(const stored_event& e);

/// {accepted, case_id, version, seq, hash, provisional, provisional_from, refusals}: seq and hash null when
/// refused, refusals empty when accepted, provisional_from null unless the judgment assumed a day.
std::string to_json(const append_result& r, std::string_view case_id);

/// {case_id, events_added, already_present}.
std::string to_json(const store::import_report& r);

/// {ok, events, cases, head_hash, problem: {seq, case_id, case_seq, what} or null, notes}.
std::string to_json(const verify_report& r);

/// {case_id, version, stage, remedy, procedure, filed, decided, closed, outcome, last_event_at, deadlines,
/// findings}; the deadlines have no "overdue" (the projection stores none).
std::string to_json(const case_projection& p);

}  // namespace penaltyflow
