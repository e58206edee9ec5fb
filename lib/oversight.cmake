# Oversight (issue 5): case-file evaluation, annual statistics, discretion benchmarks and the sample-year
# generator. Included by lib/CMakeLists.txt; built only with the store, which it reads.
get_property(_pf_has_store GLOBAL PROPERTY PENALTYFLOW_HAS_STORE)
if(NOT _pf_has_store)
  message(STATUS "penaltyflow: oversight is not built (the record store is not part of the library)")
  return()
endif()
set_property(GLOBAL PROPERTY PENALTYFLOW_HAS_OVERSIGHT ON)
foreach(_src oversight.cpp statistics.cpp sample_year.cpp)
  if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/penaltyflow/${_src})
    target_sources(penaltyflow PRIVATE ${CMAKE_CURRENT_LIST_DIR}/penaltyflow/${_src})
  endif()
endforeach()
