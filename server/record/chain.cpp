#include "record/chain.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

#include "util/utf8.hpp"

namespace collegial::record {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_field(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += '\n';
}

std::string to_hex(const unsigned char* bytes, std::size_t length) {
  std::string hex(length * 2, '0');
  for (std::size_t i = 0; i < length; ++i) {
    hex[2 * i] = kHex[bytes[i] >> 4];
    hex[2 * i + 1] = kHex[bytes[i] & 0x0f];
  }
  return hex;
}

}  // namespace

ChainVersion chain_version(const Event& e) {
  return e.salt.empty() ? ChainVersion::v1 : ChainVersion::v2;
}

std::string canonical_encoding(const Event& e) {
  const bool v2 = chain_version(e) == ChainVersion::v2;
  std::string out;
  out.reserve(96 + e.room.size() + e.actor.size() + e.type.size() + e.body.size() + e.salt.size());
  // The version tag comes first, so an encoding of one version is never one of the other.
  out += v2 ? "collegial-event-v2\n" : "collegial-event-v1\n";
  append_field(out, e.room);
  append_field(out, std::to_string(e.seq));
  append_field(out, std::to_string(e.ts_ms));
  append_field(out, e.actor);
  append_field(out, e.type);
  append_field(out, e.body);
  if (v2) append_field(out, e.salt);  // C3: the secret that makes the hash unguessable
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed in OpenSSL");
  }
  return to_hex(digest, length);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view bytes) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(bytes.data()),
            bytes.size(), mac, &length)) {
    throw std::runtime_error("HMAC-SHA256 failed in OpenSSL");
  }
  return to_hex(mac, length);
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

bool storable_text(const Event& e) {
  for (const std::string* field : {&e.room, &e.actor, &e.type, &e.body, &e.prev_hash, &e.hash, &e.salt}) {
    if (field->find('\0') != std::string::npos || !valid_utf8(*field)) return false;
  }
  return true;
}

bool well_formed_salt(std::string_view salt) {
  if (salt.size() != kSaltHexDigits) return false;
  for (const char c : salt) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string new_salt() {
  unsigned char bytes[kSaltHexDigits / 2];
  // RAND_bytes draws from OpenSSL's CSPRNG, seeded by the operating system; it returns 1 only
  // when the bytes are fit for secrets. A predictable salt would reopen the guessing C3 closes.
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    throw std::runtime_error("OpenSSL's RAND_bytes could not draw an event's salt");
  }
  return to_hex(bytes, sizeof bytes);
}

void seal(Event& e) {
  e.salt = new_salt();
  e.hash = compute_hash(e);
}

}  // namespace collegial::record
