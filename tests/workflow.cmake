# Tests of the case workflow (issue 3). Included by tests/CMakeLists.txt.
penaltyflow_add_test(rules_test rules_test.cpp)
penaltyflow_add_test(workflow_test workflow_test.cpp)
