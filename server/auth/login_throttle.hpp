// Slows password guessing without letting a guesser lock a member out.
//
// Three counts of failed logins, each with a few free failures and then a wait that doubles up
// to a ceiling:
//   pair     (account, address): someone at one place guessing one account;
//   address  every failure from one place, whatever the account or unknown email;
//   account  every failure against one account, from anywhere.
// The pair's wait always applies. The address's and the account's waits apply only to an
// attempt whose own pair has already failed: a correct password from an address that has never
// failed for that account is never refused, whatever others did elsewhere or to other accounts.
// So a guesser is slowed on every account it has tried, and the member, typing the right
// password from their own laptop, gets in. (The price: each address new to an account gets one
// guess at it; docs/permissions.md counts what an attacker gets.)
//
// The counts live in a FailureTable: in memory for a throttle on its own, and in the house's
// database for the server's logins (auth/login_failures.hpp), so that every node behind a
// balancer counts the same failures and a restart does not forgive a guesser. Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace collegial::auth {

// Where failed logins are counted, by kind ("pair", "address", "account") and key.
class FailureTable {
 public:
  struct Entry {
    int failures = 0;
    std::int64_t last_failure_ms = 0;
  };
  virtual ~FailureTable() = default;
  virtual Entry get(const std::string& kind, const std::string& key) = 0;
  // Stores `entry`; one with no failures left is removed.
  virtual void put(const std::string& kind, const std::string& key, const Entry& entry) = 0;
  // Runs `work` as one unit: no other attempt (here or, for a database, on another node) reads
  // or changes the counts in between.
  virtual void atomically(const std::function<void()>& work) = 0;
};

// The counts in this process's memory; entries quiet for a day go once the table is large.
class MemoryFailureTable final : public FailureTable {
 public:
  Entry get(const std::string& kind, const std::string& key) override;
  void put(const std::string& kind, const std::string& key, const Entry& entry) override;
  void atomically(const std::function<void()>& work) override;

 private:
  std::recursive_mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

// One kind of key's failures with a doubling wait, in a FailureTable (its own, in memory, when
// none is given). Not thread-safe on its own (LoginThrottle runs it atomically).
class Backoff {
 public:
  struct Limit {
    int free_failures = 5;                      // failures allowed before any wait
    std::int64_t first_wait_ms = 1000;          // then 1 s, 2 s, 4 s…
    std::int64_t max_wait_ms = 15 * 60 * 1000;  // …up to 15 minutes
  };
  explicit Backoff(Limit limit);
  Backoff(Limit limit, std::string kind, FailureTable& table);

  // Milliseconds `key` must still wait after its last failure (0: none).
  std::int64_t wait_ms(const std::string& key, std::int64_t now_ms) const;
  int failures(const std::string& key) const;
  void record_failure(const std::string& key, std::int64_t now_ms);
  void forget(const std::string& key);       // every failure of `key`
  void forgive_one(const std::string& key);  // takes back one failure (a reserved attempt)

 private:
  Limit limit_;
  std::string kind_;
  std::unique_ptr<MemoryFailureTable> own_;
  FailureTable* table_;
};

class LoginThrottle {
 public:
  struct Options {
    Backoff::Limit pair{.free_failures = 5};      // 5 free, then 1 s … 15 min
    Backoff::Limit address{.free_failures = 10};  // 10 free, then 1 s … 15 min
    Backoff::Limit account{.free_failures = 20};  // 20 free, then 1 s … 15 min
  };
  LoginThrottle() : LoginThrottle(Options{}) {}
  // Counts in memory.
  explicit LoginThrottle(Options options);
  // Counts in `table`, which must outlive the throttle.
  LoginThrottle(Options options, FailureTable& table);

  // Who is trying: `account` is the (case-folded) email tried, known or not; `address` the
  // client's address.
  struct Attempt {
    std::string account;
    std::string address;
  };

  // Either the milliseconds `attempt` must wait (> 0; nothing is recorded), or 0: the attempt
  // may go ahead and is counted as a failure now, in the same atomic unit, so that concurrent
  // guesses (on any node) cannot all pass the check before any has failed. Call succeeded() if
  // it was not. A table's failure (a database error) is thrown.
  std::int64_t begin(const Attempt& attempt, std::int64_t now_ms);

  // The password was right: the pair's failures are forgotten (the member at their own place);
  // the address's and account's counts only take back this attempt's reservation, so that the
  // member's daily login does not reset a guesser's count.
  void succeeded(const Attempt& attempt);

 private:
  static std::string pair_key(const Attempt& a) { return a.account + '\n' + a.address; }

  std::unique_ptr<MemoryFailureTable> own_;
  FailureTable* table_;
  Backoff pairs_;
  Backoff addresses_;
  Backoff accounts_;
};

}  // namespace collegial::auth
