#include "store/chain.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace collegial::store {
namespace {

void append_field(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += '\n';
}

}  // namespace

std::string canonical_encoding(const Event& e) {
  std::string out;
  out.reserve(64 + e.room.size() + e.actor.size() + e.type.size() + e.body.size());
  out += "collegial-event-v1\n";
  append_field(out, e.room);
  append_field(out, std::to_string(e.seq));
  append_field(out, std::to_string(e.ts_ms));
  append_field(out, e.actor);
  append_field(out, e.type);
  append_field(out, e.body);
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed in OpenSSL");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(static_cast<std::size_t>(length) * 2, '0');
  for (unsigned int i = 0; i < length; ++i) {
    hex[2 * i] = kHex[digest[i] >> 4];
    hex[2 * i + 1] = kHex[digest[i] & 0x0f];
  }
  return hex;
}

std::string compute_hash(const Event& e) {
  std::string input;
  const std::string encoding = canonical_encoding(e);
  input.reserve(e.prev_hash.size() + 1 + encoding.size());
  input += e.prev_hash;
  input += '\n';
  input += encoding;
  return sha256_hex(input);
}

}  // namespace collegial::store
