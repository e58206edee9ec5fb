// One event as JSON (event_json.hpp): the event object of the case-history format, written and read by the
// history codec's object-level functions (detail/event_object.hpp).
#include <penaltyflow/error.hpp>
#include <penaltyflow/event_json.hpp>

#include "penaltyflow/detail/event_object.hpp"
#include "penaltyflow/detail/json_reader.hpp"

namespace penaltyflow {

std::string event_to_json(const event& ev) { return detail::event_text(ev, to_iso(ev.at)); }

event event_from_json(std::string_view text, std::string_view source) {
  const detail::json_reader rd(error_code::history_format, std::string(source));
  const nlohmann::json obj = rd.parse(text);
  if (!obj.is_object()) rd.fail(0, "an event is a JSON object");
  return detail::read_event_object(obj, rd, "$", detail::event_dialect::current);
}

}  // namespace penaltyflow
