// A global operator new that counts allocations, for the programs that check "no allocation" claims
// (tests/workflow_alloc_test.cpp, bench/workflow_bench.cpp). Include it in exactly one file of a program: it
// replaces the program's operator new and delete.
#pragma once

#include <atomic>
#include <cstdlib>
#include <new>

namespace penaltyflow_test {
/// Allocations through operator new since the program started.
inline std::atomic<long> allocations{0};
}  // namespace penaltyflow_test

void* operator new(std::size_t n) {
  penaltyflow_test::allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
// GCC cannot see that the replaced operator new above uses malloc.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop
