# The case workflow: event model, rule catalogue, profiles, case-history format and the Boost.MSM
# machine. Included by lib/CMakeLists.txt. The MSM machine is one translation unit (penaltyflow/workflow.cpp).
target_sources(penaltyflow PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/penaltyflow/event.cpp
  ${CMAKE_CURRENT_LIST_DIR}/penaltyflow/case.cpp
  ${CMAKE_CURRENT_LIST_DIR}/penaltyflow/execution.cpp
  ${CMAKE_CURRENT_LIST_DIR}/penaltyflow/rules.cpp
  ${CMAKE_CURRENT_LIST_DIR}/penaltyflow/rules/actors.cpp
  ${CMAKE_CURRENT_LIST_DIR}/penaltyflow/rules/intake.cpp
  ${CMAKE_CURRENT_LIST_DIR}/penaltyflow/rules/investigation.cpp
  ${CMAKE_CURRENT_LIST_DIR}/penaltyflow/rules/review.cpp
  ${CMAKE_CURRENT_LIST_DIR}/penaltyflow/rules/notice_hearing.cpp
  ${CMAKE_CURRENT_LIST_DIR}/penaltyflow/rules/decision.cpp
  ${CMAKE_CURRENT_LIST_DIR}/penaltyflow/rules/service_publication.cpp
  ${CMAKE_CURRENT_LIST_DIR}/penaltyflow/rules/execution.cpp
  ${CMAKE_CURRENT_LIST_DIR}/penaltyflow/rules/summary.cpp
  ${CMAKE_CURRENT_LIST_DIR}/penaltyflow/rules/remedies.cpp
  ${CMAKE_CURRENT_LIST_DIR}/penaltyflow/profile.cpp
  ${CMAKE_CURRENT_LIST_DIR}/penaltyflow/json_reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/penaltyflow/history.cpp
  ${CMAKE_CURRENT_LIST_DIR}/penaltyflow/workflow.cpp
)

# Full debug info (-g) for the MSM translation unit costs 3.6 GB of compiler memory and 90 s here, because of
# the metaprogram's type names; -g1 (line tables: backtraces and profiles still work) keeps it at 0.9 GB and
# 22 s. See docs/performance.md, "Workflow".
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/penaltyflow/workflow.cpp PROPERTIES
  COMPILE_OPTIONS "$<$<CONFIG:Debug,RelWithDebInfo>:-g1>")
