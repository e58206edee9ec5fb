# Tests of the case workflow. Included by tests/CMakeLists.txt.
penaltyflow_add_test(rules_test rules_test.cpp)
penaltyflow_add_test(workflow_test workflow_test.cpp)
penaltyflow_add_test(excluded_time_test excluded_time_test.cpp)
penaltyflow_add_test(history_test history_test.cpp)
target_link_libraries(history_test PRIVATE nlohmann_json::nlohmann_json)

# The readable case histories in examples/histories are replayed by the CLI and their output checked against
# the .expected file beside each.
if(TARGET penaltyflow_cli)
  file(GLOB _pf_histories ${PROJECT_SOURCE_DIR}/examples/histories/*.json)
  foreach(_h IN LISTS _pf_histories)
    get_filename_component(_name ${_h} NAME_WE)
    string(REGEX REPLACE "\\.json$" ".expected" _expected ${_h})
    add_test(NAME replay_${_name}
      COMMAND ${CMAKE_COMMAND} -DCLI=$<TARGET_FILE:penaltyflow_cli> -DHISTORY=${_h} -DEXPECTED=${_expected}
              -P ${PROJECT_SOURCE_DIR}/examples/histories/check_replay.cmake)
    set_tests_properties(replay_${_name} PROPERTIES LABELS "workflow;example")
  endforeach()
endif()
penaltyflow_add_test(workflow_alloc_test workflow_alloc_test.cpp)
