# The record store: the tamper-evident SQLite event log, its projection, verify and migrations.
# Included by lib/CMakeLists.txt. SQLiteCpp's exported target has no namespace: it is named here only.
get_target_property(_pf_sources penaltyflow SOURCES)
if(NOT _pf_sources MATCHES "workflow\\.cpp")
  # The store judges every event with the workflow: without it there is no store.
  message(STATUS "penaltyflow: the record store is not built (the workflow is not part of the library)")
  return()
endif()
set_property(GLOBAL PROPERTY PENALTYFLOW_HAS_STORE ON)
find_package(SQLiteCpp REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(Threads REQUIRED)
target_sources(penaltyflow PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/penaltyflow/store.cpp
  ${CMAKE_CURRENT_LIST_DIR}/penaltyflow/detail/event_codec.cpp
  ${CMAKE_CURRENT_LIST_DIR}/penaltyflow/detail/store_connection.cpp
)
# Private: store.hpp names no SQLite type. Consumers of the static library still link SQLiteCpp (the package
# config calls find_dependency(SQLiteCpp) when PENALTYFLOW_NEEDS_SQLITECPP is set).
target_link_libraries(penaltyflow PRIVATE SQLiteCpp SQLite::SQLite3 Threads::Threads)
# For the store's tests and benchmarks, which also open the file directly (tampering, raw baselines). Not
# installed; the only other place that names SQLiteCpp is the line above.
add_library(penaltyflow_test_sqlite INTERFACE)
target_link_libraries(penaltyflow_test_sqlite INTERFACE SQLiteCpp SQLite::SQLite3)
