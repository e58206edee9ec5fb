#include "penaltyflow/detail/sha256.hpp"

#include <penaltyflow/error.hpp>

#include <openssl/evp.h>

namespace penaltyflow::detail {

struct sha256::impl {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  impl() {
    if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1) throw error(error_code::io, "OpenSSL: cannot initialise SHA-256");
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
  EVP_DigestInit_ex(impl_->ctx, EVP_sha256(), nullptr);
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
  static constexpr char digits[] = "0123456789abcdef";
  out.resize(2 * d.size());
  for (std::size_t i = 0; i < d.size(); ++i) {
    out[2 * i] = digits[d[i] >> 4];
    out[2 * i + 1] = digits[d[i] & 0xF];
  }
}

}  // namespace penaltyflow::detail
