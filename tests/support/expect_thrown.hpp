// "This throws that type with this in its message", written once for the tests.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace pf_test {

/// Checks that `f()` throws an `E` whose what() contains `part` (any message when `part` is empty) and returns
/// a copy of it for further checks (its code, file, line). Nothing thrown is a test failure and returns nothing;
/// an exception of another type is not caught (GoogleTest reports it).
template <class E, class F>
std::optional<E> expect_thrown(F&& f, const std::string& part = {}) {
  try {
    f();
  } catch (const E& e) {
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << "the message: " << e.what();
    return e;
  }
  ADD_FAILURE() << "nothing was thrown";
  return std::nullopt;
}

}  // namespace pf_test
