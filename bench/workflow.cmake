# The workflow benchmark. Included by bench/CMakeLists.txt.
penaltyflow_add_bench(workflow_bench workflow_bench.cpp)
