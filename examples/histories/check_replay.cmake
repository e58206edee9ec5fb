# Runs `penaltyflow replay FILE` and checks that every line of FILE's .expected companion appears in the
# output, in order (blank lines and lines starting with '#' in the .expected file are ignored).
# Usage: cmake -DCLI=... -DHISTORY=... -DEXPECTED=... [-DARGS=...] -P check_replay.cmake
execute_process(COMMAND ${CLI} replay ${HISTORY} ${ARGS}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "penaltyflow replay exited ${rc}:\n${err}\n${out}")
endif()
file(STRINGS ${EXPECTED} wanted ENCODING UTF-8)
set(pos 0)
foreach(line IN LISTS wanted)
  if(line STREQUAL "" OR line MATCHES "^#")
    continue()
  endif()
  string(SUBSTRING "${out}" ${pos} -1 rest)
  string(FIND "${rest}" "${line}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "expected line not found (in order): ${line}\n--- output ---\n${out}")
  endif()
  math(EXPR pos "${pos} + ${at}")
endforeach()
message(STATUS "replay output of ${HISTORY} matches ${EXPECTED}")
