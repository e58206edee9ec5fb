# Store benchmarks: A/B pairs against raw SQLite, group commit, hash chain, verify, the large store.
get_property(_pf_has_store GLOBAL PROPERTY PENALTYFLOW_HAS_STORE)
if(NOT _pf_has_store)
  return()
endif()
penaltyflow_add_bench(store_bench store_bench.cpp)
target_link_libraries(store_bench PRIVATE penaltyflow_test_sqlite)
target_compile_definitions(store_bench PRIVATE PENALTYFLOW_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
