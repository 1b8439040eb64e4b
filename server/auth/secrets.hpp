// Passwords and tokens: how they are made, stored and checked.
//
// Passwords are hashed with scrypt (memory-hard; OpenSSL's EVP_PBE_scrypt) and stored as
// "scrypt$<log2 N>$<r>$<p>$<salt hex>$<hash hex>". Tokens are 256 random bits; only their
// SHA-256 is stored, so a copy of the database does not hold usable credentials.
// Nothing here logs its inputs.
#pragma once

#include <string>
#include <string_view>

namespace collegial::auth {

// Cost of new password hashes. log2 N = 15, r = 8: 32 MiB and about 0.1 s per hash on the
// development machine, the OWASP-recommended floor for scrypt.
struct ScryptCost {
  int log2_n = 15;
  int r = 8;
  int p = 1;
};

// Hashes `password` with a fresh random salt. Throws std::runtime_error if OpenSSL fails.
std::string hash_password(std::string_view password, ScryptCost cost = {});

// True when `password` matches `encoded` (from hash_password). False for a malformed `encoded`.
// The final comparison is constant-time.
bool verify_password(std::string_view password, std::string_view encoded);

// A new random token: 256 bits from OpenSSL's CSPRNG, as 64 hex characters after `prefix`
// ("ses_", "inv_", "bot_"), so a leaked token says what it is.
std::string new_token(std::string_view prefix);

// What the database stores for a token: its hex SHA-256.
std::string token_hash(std::string_view token);

// Constant-time equality of two strings of equal length (false, quickly, if lengths differ).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace collegial::auth
