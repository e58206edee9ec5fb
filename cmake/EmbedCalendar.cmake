# Turns a calendar CSV (or another data file) into a C++ source (a raw string literal). Run with -DINPUT= -DOUTPUT=
# and -DNAME= (the variable in penaltyflow::detail; builtin_calendar_csv when not given), -DFROM= (the path the
# generated file names; data/calendar/<file> when not given).
if(NOT NAME)
  set(NAME builtin_calendar_csv)
endif()
get_filename_component(_file "${INPUT}" NAME)
if(NOT FROM)
  set(FROM "data/calendar/${_file}")
endif()
file(READ "${INPUT}" _csv)
string(FIND "${_csv}" ")pfcal\"" _clash)
if(NOT _clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )pfcal\"")
endif()
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${FROM} by cmake/EmbedCalendar.cmake. Do not edit.
#include <string_view>
namespace penaltyflow::detail {
extern const std::string_view ${NAME};
const std::string_view ${NAME} = R\"pfcal(${_csv})pfcal\";
}  // namespace penaltyflow::detail
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
