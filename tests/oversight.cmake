# Oversight: evaluation, statistics, discretion benchmarks and the sample year. Included by
# tests/CMakeLists.txt.
get_property(_pf_has_oversight GLOBAL PROPERTY PENALTYFLOW_HAS_OVERSIGHT)
if(NOT _pf_has_oversight)
  return()
endif()
foreach(_test oversight_test sample_year_test)
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${_test}.cpp)
    # sample_year_test generates the default year once, in SetUpTestSuite, for all the tests that read it.
    set(_once)
    if(_test STREQUAL "sample_year_test")
      set(_once ONE_PROCESS)
    endif()
    penaltyflow_add_test(${_test} ${_once} ${_test}.cpp)
    target_link_libraries(${_test} PRIVATE nlohmann_json::nlohmann_json)
  endif()
endforeach()
