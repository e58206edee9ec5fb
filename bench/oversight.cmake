# Oversight benchmarks: statistics, evaluation and DataFrames on the large store of the store
# benchmarks (store_bench --generate). bench/oversight_frame.py times the DataFrame from Python.
get_property(_pf_has_oversight GLOBAL PROPERTY PENALTYFLOW_HAS_OVERSIGHT)
if(NOT _pf_has_oversight)
  return()
endif()
penaltyflow_add_bench(oversight_bench oversight_bench.cpp)
