# The record store: unit tests, the writer process of the reliability tests, the reliability tests
# (SIGKILL, tampering, read-only / full disk / corrupt files, concurrent processes) and the sqlite3 +
# sha256sum recipe of docs/store.md. Included by tests/CMakeLists.txt.
get_property(_pf_has_store GLOBAL PROPERTY PENALTYFLOW_HAS_STORE)
if(NOT _pf_has_store)
  return()
endif()

# CONCURRENCY: group commit and append_async from several threads (tools/test.sh --tsan).
penaltyflow_add_test(store_test store_test.cpp CONCURRENCY
  "Store.GroupCommit*:Store.AppendAsync*:Store.ClosingTheStoreWaitsForItsQueuedAsyncAppends:Store.ABlockingLeader*:Store.ConflictsInsideAGroup*")
target_link_libraries(store_test PRIVATE penaltyflow_test_sqlite nlohmann_json::nlohmann_json)

# verify()'s chain walk over several ranges of the log: tampering at and across the range boundaries.
penaltyflow_add_test(store_verify_test store_verify_test.cpp CONCURRENCY "*")
target_link_libraries(store_verify_test PRIVATE penaltyflow_test_sqlite)

# The writer process: appends and reports each acknowledged event on stdout.
add_executable(store_writer store_writer.cpp)
target_link_libraries(store_writer PRIVATE penaltyflow::penaltyflow)
target_include_directories(store_writer PRIVATE ${PROJECT_SOURCE_DIR}/lib)
penaltyflow_target_warnings(store_writer)

penaltyflow_add_test(store_reliability_test SERIAL store_reliability_test.cpp)
target_link_libraries(store_reliability_test PRIVATE penaltyflow_test_sqlite)
target_compile_definitions(store_reliability_test PRIVATE
  PENALTYFLOW_STORE_WRITER="$<TARGET_FILE:store_writer>"
  PENALTYFLOW_VERIFY_RECIPE="${PROJECT_SOURCE_DIR}/tools/verify-store.sh")
add_dependencies(store_reliability_test store_writer)

if(TARGET penaltyflow_cli AND EXISTS /usr/bin/python3)
  # The fuzzing harness, a short run: 30 mutated histories through replay, import, export and re-import.
  add_test(NAME fuzz_histories_short
           COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/tools/fuzz-histories.py --cli $<TARGET_FILE:penaltyflow_cli>
                   --cases 30 --seed 17 --examples ${PROJECT_SOURCE_DIR}/examples/histories)
  set_tests_properties(fuzz_histories_short PROPERTIES LABELS "store;fuzz" TIMEOUT 600)
endif()

if(TARGET penaltyflow_cli)
  penaltyflow_add_test(store_cli_test store_cli_test.cpp)
  target_compile_definitions(store_cli_test PRIVATE PENALTYFLOW_CLI="$<TARGET_FILE:penaltyflow_cli>"
    PENALTYFLOW_VERIFY_RECIPE="${PROJECT_SOURCE_DIR}/tools/verify-store.sh")
  target_link_libraries(store_cli_test PRIVATE penaltyflow_test_sqlite nlohmann_json::nlohmann_json)
  add_dependencies(store_cli_test penaltyflow_cli)
endif()

# append_many (large batches, each case's projection written once per transaction) against appending one by one.
penaltyflow_add_test(store_batch_test store_batch_test.cpp CONCURRENCY
  "StoreBatch.Pipelined*:StoreBatch.ManyBatchesFromSeveralThreads*")
target_link_libraries(store_batch_test PRIVATE penaltyflow_test_sqlite)

# Writes failing inside transactions (a trigger refuses one document): nothing written, the store goes on.
penaltyflow_add_test(store_failure_test store_failure_test.cpp CONCURRENCY
  "StoreFailure.GroupCommit*:StoreFailure.AnAsyncAppendsFailureIsItsFuturesAlone")
target_link_libraries(store_failure_test PRIVATE penaltyflow_test_sqlite)

# How connections are opened (no memory mapping, defensive settings) and the schema check on opening.
penaltyflow_add_test(store_connection_test store_connection_test.cpp)
target_link_libraries(store_connection_test PRIVATE penaltyflow_test_sqlite)
