// SHA-256 through OpenSSL's EVP interface, with a reusable context (private to the library).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace penaltyflow::detail {

using sha256_digest = std::array<std::uint8_t, 32>;

/// An incremental SHA-256 hasher. Reusable: digest() resets it. Not thread-safe; cheap to keep around.
class sha256 {
 public:
  sha256();
  ~sha256();
  sha256(const sha256&) = delete;
  sha256& operator=(const sha256&) = delete;

  void update(std::string_view bytes);
  sha256_digest digest();  ///< finishes and resets

  static sha256_digest of(std::string_view bytes);
  static std::string hex(const sha256_digest& d);
  /// The same into `out` (no allocation once `out` has room for 64 characters).
  static void hex(const sha256_digest& d, std::string& out);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace penaltyflow::detail
