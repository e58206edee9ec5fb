// penaltyflow — the JSON of the workflow's results, written in this one place (lib/penaltyflow/workflow_json.cpp)
// for the CLI, the store and the Python module alike: refusals, findings, open deadlines, documents (文书),
// execution items, refused events, provisional acceptances and the rule catalogue. docs/json.md lists every key.
// Each function returns one compact JSON object (a byte that is not UTF-8, in a case id recorded by a release that
// did not check, is written as U+FFFD: never an exception); dates are "YYYY-MM-DD", absent values null. An event's
// position is `case_seq`, counted from 1 as the text numbers events ("event 3" is "case_seq": 3).
#pragma once

#include <penaltyflow/case.hpp>
#include <penaltyflow/document.hpp>
#include <penaltyflow/execution.hpp>
#include <penaltyflow/rules.hpp>
#include <penaltyflow/workflow.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace penaltyflow {

/// {rule_id, citation, confidence, title_zh, title_en, message_zh, message_en, facts: [{name, value}]}.
/// Facts are a list: a refusal may name the same fact twice (two officers without a certificate).
std::string to_json(const refusal& r);

/// {rule_id, citation, period_id, message_zh, message_en, due, done, case_seq, provisional}; `case_seq` is
/// event_index + 1 (null when the finding is about no event).
std::string to_json(const finding& f);

/// Whether a deadline's JSON has "overdue": only where a day was asked about (a stored projection and the
/// store's due() have none, and every deadline would read false).
enum class overdue_key : std::uint8_t { with, without };

/// {period_id, rule_id, title_zh, title_en, subject, start, due, overdue, obligation, provisional, citation}.
std::string to_json(const open_deadline& d, overdue_key overdue = overdue_key::with);

/// {kind, number, date, signatories, pages, signed_pages, volume}: every key, pages 0 and volume null when not
/// set (the case-history format and the store's rows leave those out: docs/case-history.md).
std::string to_json(const document& d);

/// Money items {item, due_fen, paid_fen, outstanding_fen}; the illegal property {item, value_fen, taken}.
std::string to_json(const execution::item_state& i);

/// {case_seq, type, at, refusals}: a refused event and its position in the replayed history (index + 1).
std::string to_json(const replay_refusal& r);

/// {case_seq, provisional_from}: an event accepted on a day past the calendar's coverage.
std::string to_json(const provisional_acceptance& a);

/// {id, title_zh, title_en, citation, citations: [{instrument, revision, article, text}], confidence,
/// profile_values, gate, findings, applies_to, in_force_from, in_force_until}.
std::string to_json(const rule_definition& r);

/// The position in the replayed input (0-based) of the record's `accepted`-th accepted event (0-based): a
/// replay skips the refused events, so the record numbers its events without them. What replay output numbers
/// findings and provisional acceptances by, so that they name the event as the refused events do.
std::size_t input_index(const replay_result& r, std::size_t accepted);

/// `r` with its findings' and provisional acceptances' event positions turned into input positions
/// (input_index), for output beside the refused events.
std::vector<finding> in_input_positions(const replay_result& r, std::vector<finding> findings);
std::vector<provisional_acceptance> in_input_positions(const replay_result& r,
                                                       std::vector<provisional_acceptance> acceptances);

}  // namespace penaltyflow
