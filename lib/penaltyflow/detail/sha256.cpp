#include "penaltyflow/detail/sha256.hpp"

#include <penaltyflow/error.hpp>

#include <openssl/evp.h>

#include <cstring>

namespace penaltyflow::detail {

namespace {

/// OpenSSL's SHA-256, fetched once: initialising a context with EVP_sha256() fetches the implementation from
/// the provider every time (OpenSSL 3), which cost about 0.6 µs per digest, as much as hashing 500 bytes.
const EVP_MD* sha256_md() {
  static const EVP_MD* md = [] {
    const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return fetched ? fetched : EVP_sha256();
  }();
  return md;
}

}  // namespace

struct sha256::impl {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  impl() {
    if (!ctx || EVP_DigestInit_ex(ctx, sha256_md(), nullptr) != 1) throw io_error("OpenSSL: cannot initialise SHA-256");
  }
  ~impl() { EVP_MD_CTX_free(ctx); }
};

sha256::sha256() : impl_(std::make_unique<impl>()) {}
sha256::~sha256() = default;

void sha256::update(std::string_view bytes) { EVP_DigestUpdate(impl_->ctx, bytes.data(), bytes.size()); }

sha256_digest sha256::digest() {
  sha256_digest out{};
  unsigned int len = 0;
  EVP_DigestFinal_ex(impl_->ctx, out.data(), &len);
  EVP_DigestInit_ex(impl_->ctx, sha256_md(), nullptr);
  return out;
}

sha256_digest sha256::of(std::string_view bytes) {
  sha256 h;
  h.update(bytes);
  return h.digest();
}

std::string sha256::hex(const sha256_digest& d) {
  std::string s;
  hex(d, s);
  return s;
}

void sha256::hex(const sha256_digest& d, std::string& out) {
  // Two digits per byte from one table look-up (verify writes a digest's hex for every event).
  static const std::array<char, 512> pairs = [] {
    constexpr char digits[] = "0123456789abcdef";
    std::array<char, 512> t{};
    for (std::size_t b = 0; b < 256; ++b) {
      t[2 * b] = digits[b >> 4];
      t[2 * b + 1] = digits[b & 0xF];
    }
    return t;
  }();
  out.resize(2 * d.size());
  for (std::size_t i = 0; i < d.size(); ++i) std::memcpy(&out[2 * i], &pairs[2 * std::size_t{d[i]}], 2);
}

}  // namespace penaltyflow::detail
