# Oversight: case-file evaluation, annual statistics, discretion benchmarks and the sample-year
# generator. Included by lib/CMakeLists.txt; built only with the store, which it reads.
get_property(_pf_has_store GLOBAL PROPERTY PENALTYFLOW_HAS_STORE)
if(NOT _pf_has_store)
  message(STATUS "penaltyflow: oversight is not built (the record store is not part of the library)")
  return()
endif()
set_property(GLOBAL PROPERTY PENALTYFLOW_HAS_OVERSIGHT ON)
foreach(_src oversight.cpp statistics.cpp sample_year.cpp sample_year_plan.cpp sample_year_case.cpp
             sample_year_archive.cpp sample_year_manifest.cpp)
  if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/penaltyflow/${_src})
    target_sources(penaltyflow PRIVATE ${CMAKE_CURRENT_LIST_DIR}/penaltyflow/${_src})
  endif()
endforeach()
# The sample year draws its fines from the national discretion bands, compiled in (no data path at run time).
set(_pf_discretion_json ${PROJECT_SOURCE_DIR}/data/discretion/national.json)
set(_pf_discretion_cpp ${CMAKE_CURRENT_BINARY_DIR}/generated/builtin_discretion_national.cpp)
add_custom_command(
  OUTPUT ${_pf_discretion_cpp}
  COMMAND ${CMAKE_COMMAND} -DINPUT=${_pf_discretion_json} -DOUTPUT=${_pf_discretion_cpp}
          -DNAME=builtin_discretion_national_json -DFROM=data/discretion/national.json
          -P ${PROJECT_SOURCE_DIR}/cmake/EmbedCalendar.cmake
  DEPENDS ${_pf_discretion_json} ${PROJECT_SOURCE_DIR}/cmake/EmbedCalendar.cmake
  COMMENT "Embedding the national discretion benchmarks")
target_sources(penaltyflow PRIVATE ${_pf_discretion_cpp})
