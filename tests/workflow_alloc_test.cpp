// The state machine's dispatch never allocates (no heap allocation in the MSM dispatch itself).
// This program replaces the global operator new with a counting one, so it is a test program of its own.
#include "support/walker.hpp"

#include "counting_new.hpp"
#include "penaltyflow/detail/machine.hpp"

#include <gtest/gtest.h>

using penaltyflow_test::allocations;

using namespace pf_test;
namespace pf = penaltyflow;

TEST(MachineDispatch, AcceptedAndRefusedStepsDoNotAllocate) {
  walker w;
  w.to_review();
  const auto pass = reviewed("2024-04-03T09:00");
  const auto wrong = decision("2024-04-16T09:00", fine_yuan(5000));
  const auto before = allocations.load();
  pf::detail::step_result a, b;
  for (int i = 0; i < 1000; ++i) {
    a = pf::detail::run_machine(w.c.facts(), pass);
    b = pf::detail::run_machine(w.c.facts(), wrong);
  }
  EXPECT_EQ(allocations.load() - before, 0);
  EXPECT_TRUE(a.accepted);
  EXPECT_EQ(a.stage, "approval");
  EXPECT_FALSE(b.accepted);
  EXPECT_EQ(b.stage, "review");
}

TEST(MachineDispatch, PassingGatesDoNotAllocateEither) {
  walker w;
  w.to_investigation();
  const auto e = act("2024-03-11T09:00");
  const auto before = allocations.load();
  pf::refusal_list r;
  for (int i = 0; i < 1000; ++i) r = w.wf.explain(w.c, e);
  EXPECT_EQ(allocations.load() - before, 0);
  EXPECT_TRUE(r.empty());
}
