// The server's checkpoint signing key: Ed25519 through OpenSSL, kept in a PEM file beside the
// database (docs/operations.md, "Checkpoint key"). Checkpoints signed with it are how people
// outside the database can tell later that a room's log was not rewritten.
//
// A key id is the lower-case hex SHA-256 of the raw 32-byte public key, so anyone holding the
// public key can compute it: `openssl pkey -pubin -in key.pem -outform DER | tail -c 32 |
// sha256sum`.
//
// Thread safety: a SigningKey is immutable once made; sign() may be called from any thread.
// The free functions are pure.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "util/result.hpp"

typedef struct evp_pkey_st EVP_PKEY;

namespace collegial::store {

class SigningKey {
 public:
  // Reads the private key in `path`, or creates one there (mode 0600, PEM PKCS#8) when the
  // file does not exist. Refused with `key_exposed` when the file exists and group or others
  // may read or write it, `bad_key` when it is not an Ed25519 private key in PEM, and
  // `key_failed` when it cannot be created or read.
  static Result<SigningKey> load_or_create(const std::string& path);

  // The Ed25519 signature of `bytes` (64 raw bytes). Throws std::runtime_error only if OpenSSL
  // fails, which it does not for a valid key.
  std::string sign(std::string_view bytes) const;

  const std::string& key_id() const { return key_id_; }
  const std::string& public_pem() const { return public_pem_; }

 private:
  std::shared_ptr<EVP_PKEY> key_;  // freed with EVP_PKEY_free
  std::string key_id_;
  std::string public_pem_;
};

// The key id of the Ed25519 public key in `pem` (SubjectPublicKeyInfo, "BEGIN PUBLIC KEY");
// `bad_key` when it is not one.
Result<std::string> public_key_id(std::string_view pem);

// True when `signature` (64 raw bytes) is the Ed25519 signature of `bytes` by the public key
// in `pem`; false for a bad signature or a key that cannot be read.
bool verify_signature(std::string_view pem, std::string_view bytes, std::string_view signature);

// Standard base64 with padding (RFC 4648 section 4), and back; nothing when `text` is not
// base64.
std::string base64_encode(std::string_view bytes);
Result<std::string> base64_decode(std::string_view text);

}  // namespace collegial::store
