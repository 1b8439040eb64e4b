#include "cluster/signed_message.hpp"

#include <openssl/crypto.h>

#include "record/chain.hpp"

namespace collegial::cluster {

namespace {
constexpr std::size_t kMacHexDigits = 64;  // HMAC-SHA256 in hex
}  // namespace

std::string sign(std::string_view key, std::string_view text) {
  return record::hmac_sha256_hex(key, text) + std::string(text);
}

std::optional<std::string_view> signed_text(std::string_view message, std::string_view key) {
  if (message.size() < kMacHexDigits) return std::nullopt;
  const std::string_view text = message.substr(kMacHexDigits);
  const std::string expected = record::hmac_sha256_hex(key, text);
  if (CRYPTO_memcmp(message.data(), expected.data(), kMacHexDigits) != 0) return std::nullopt;
  return text;
}

}  // namespace collegial::cluster
