#include "auth/secrets.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

#include "record/chain.hpp"

namespace collegial::auth {
namespace {

constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;

std::string to_hex(const unsigned char* data, std::size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = kHex[data[i] >> 4];
    out[2 * i + 1] = kHex[data[i] & 0x0f];
  }
  return out;
}

bool from_hex(std::string_view hex, std::vector<unsigned char>& out) {
  if (hex.size() % 2 != 0) return false;
  out.resize(hex.size() / 2);
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = nibble(hex[2 * i]);
    const int lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return true;
}

bool scrypt(std::string_view password, const unsigned char* salt, std::size_t salt_len,
            const ScryptCost& cost, unsigned char* out, std::size_t out_len) {
  const std::uint64_t n = std::uint64_t{1} << cost.log2_n;
  // Allow the memory scrypt needs (128 * r * N bytes) plus headroom.
  const std::uint64_t max_mem = 128 * static_cast<std::uint64_t>(cost.r) * n * 2;
  return EVP_PBE_scrypt(password.data(), password.size(), salt, salt_len, n,
                        static_cast<std::uint64_t>(cost.r), static_cast<std::uint64_t>(cost.p),
                        max_mem, out, out_len) == 1;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    const auto end = s.find(sep, start);
    parts.push_back(s.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

}  // namespace

std::string hash_password(std::string_view password, ScryptCost cost) {
  unsigned char salt[kSaltBytes];
  if (RAND_bytes(salt, sizeof salt) != 1) throw std::runtime_error("RAND_bytes failed");
  unsigned char hash[kHashBytes];
  if (!scrypt(password, salt, sizeof salt, cost, hash, sizeof hash)) {
    throw std::runtime_error("scrypt failed");
  }
  return "scrypt$" + std::to_string(cost.log2_n) + "$" + std::to_string(cost.r) + "$" +
         std::to_string(cost.p) + "$" + to_hex(salt, sizeof salt) + "$" +
         to_hex(hash, sizeof hash);
}

bool verify_password(std::string_view password, std::string_view encoded) {
  const auto parts = split(encoded, '$');
  if (parts.size() != 6 || parts[0] != "scrypt") return false;
  ScryptCost cost;
  try {
    cost.log2_n = std::stoi(std::string(parts[1]));
    cost.r = std::stoi(std::string(parts[2]));
    cost.p = std::stoi(std::string(parts[3]));
  } catch (const std::exception&) {
    return false;
  }
  if (cost.log2_n < 1 || cost.log2_n > 22 || cost.r < 1 || cost.r > 32 || cost.p < 1 ||
      cost.p > 16) {
    return false;
  }
  std::vector<unsigned char> salt;
  std::vector<unsigned char> expected;
  if (!from_hex(parts[4], salt) || !from_hex(parts[5], expected) || expected.empty()) {
    return false;
  }
  std::vector<unsigned char> actual(expected.size());
  if (!scrypt(password, salt.data(), salt.size(), cost, actual.data(), actual.size())) {
    return false;
  }
  return CRYPTO_memcmp(actual.data(), expected.data(), actual.size()) == 0;
}

std::string new_token(std::string_view prefix) {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
  return std::string(prefix) + to_hex(bytes, sizeof bytes);
}

std::string token_hash(std::string_view token) { return record::sha256_hex(token); }

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace collegial::auth
