# Turns the national calendar CSV into a C++ source (a raw string literal). Run with -DINPUT= -DOUTPUT=.
file(READ "${INPUT}" _csv)
string(FIND "${_csv}" ")pfcal\"" _clash)
if(NOT _clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )pfcal\"")
endif()
file(WRITE "${OUTPUT}.tmp"
"// Generated from data/calendar/cn-national.csv by cmake/EmbedCalendar.cmake. Do not edit.
#include <string_view>
namespace penaltyflow::detail {
extern const std::string_view builtin_calendar_csv;
const std::string_view builtin_calendar_csv = R\"pfcal(${_csv})pfcal\";
}  // namespace penaltyflow::detail
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
