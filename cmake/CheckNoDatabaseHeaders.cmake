# Checks that the record store's shared sources (every backend's) include no database header, directly or through
# another header: each is preprocessed with the library's include directories (`-M`: the headers it reads), and
# any of sqlite3.h or SQLiteCpp's headers among them fails the check, naming the source and the header.
# Run by CTest (tests/store.cmake): cmake -DCXX=... -DINCLUDES=dir|dir... -DSOURCES=file|file... -P this file.
string(REPLACE "|" ";" _includes "${INCLUDES}")
string(REPLACE "|" ";" _sources "${SOURCES}")
set(_flags -std=c++17)
foreach(_dir IN LISTS _includes)
  if(_dir)
    list(APPEND _flags "-I${_dir}")
  endif()
endforeach()
set(_failed FALSE)
foreach(_src IN LISTS _sources)
  execute_process(COMMAND "${CXX}" ${_flags} -M "${_src}" OUTPUT_VARIABLE _deps ERROR_VARIABLE _err
                  RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(SEND_ERROR "${_src}: cannot be preprocessed: ${_err}")
    set(_failed TRUE)
    continue()
  endif()
  string(REGEX MATCHALL "[^ \\\n]*(sqlite3\\.h|SQLiteCpp/[A-Za-z]+\\.h)" _bad "${_deps}")
  if(_bad)
    list(REMOVE_DUPLICATES _bad)
    message(SEND_ERROR "${_src} includes a database header (it must reach the database through "
                       "detail/store_backend.hpp): ${_bad}")
    set(_failed TRUE)
  else()
    message(STATUS "${_src}: no database header")
  endif()
endforeach()
if(_failed)
  message(FATAL_ERROR "the record store's shared sources include database headers")
endif()
