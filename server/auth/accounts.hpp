// Accounts: password login, sessions, invitations and bot tokens, and turning a token into the
// Principal it stands for.
//
// Thread-safe. Errors are Status codes the HTTP API passes on: bad_credentials, throttled,
// bad_token, bad_field, not_found, exists, store_failed. Tokens and passwords are never logged.
#pragma once


#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "auth/login_failures.hpp"
#include "auth/login_throttle.hpp"
#include "auth/principal.hpp"
#include "auth/secrets.hpp"
#include "util/clock.hpp"
#include "store/directory.hpp"
#include "util/result.hpp"

namespace collegial::auth {

class Accounts {
 public:
  struct Options {
    std::int64_t session_ms = 12LL * 3600 * 1000;         // a login lasts a working day
    std::int64_t invitation_ms = 7LL * 24 * 3600 * 1000;  // an invitation link, a week
    ScryptCost cost;
    LoginThrottle::Options throttle;
  };

  // Opens its own connection to the house at `house` (migrated): the SQLite file, or the
  // PostgreSQL database every node shares, so a session begun on one node is good on all.
  // `directory` and `clock` must outlive it.
  Accounts(store::Directory& directory, const store::StoreLocation& house, const collegial::Clock& clock,
           Options options);
  // The house in the SQLite file at `path`.
  Accounts(store::Directory& directory, const std::string& path, const collegial::Clock& clock,
           Options options);

  struct Session {
    std::string token;  // give to the client once; only its hash is kept
    std::int64_t expires_ms = 0;
    store::Person person;
  };

  // Checks the password of the person with `email`. Throttled per (account, `address`), per
  // `address` and per account (see LoginThrottle: a right password from an address that has
  // not failed for the account always gets through):
  // `throttled` with the seconds to wait. Wrong email and wrong password read alike
  // (`bad_credentials`).
  Result<Session> login(const std::string& email, const std::string& password,
                        const std::string& address);

  // Revokes the session of `token` (`bad_token` if it is not a live session).
  Status logout(const std::string& token);

  // An invitation token for the person with `email`, valid for Options::invitation_ms.
  Result<std::string> invite(const std::string& email);

  // Sets the invited person's password and logs them in; every earlier session of theirs ends.
  // `bad_token` when the invitation is unknown, expired or already used.
  Result<Session> accept_invitation(const std::string& token, const std::string& password);

  // Sets a password directly (administrators; `collegiald admin reset-password`) and ends every
  // session of the person: a password reset because it leaked must not leave the leaker logged
  // in (their open sockets close with 4010). `cost` overrides the configured scrypt cost (the
  // demo seed, whose passwords are published anyway, uses a cheap one so it loads in
  // milliseconds).
  Status set_password(const std::string& email, const std::string& password,
                      std::optional<ScryptCost> cost = std::nullopt);

  // A bot token limited to the bodies named (by slug).
  Result<std::string> create_bot(const std::string& name, const std::vector<std::string>& bodies);
  Status revoke_bot(const std::string& name);

  // The principal a session or bot token stands for, with the roles of its memberships active
  // now; nothing when the token is unknown, expired or revoked. `expires_ms`, when given, is
  // set to when the token stops being valid (a bot's never does: INT64_MAX).
  std::optional<Principal> resolve(const std::string& token, std::int64_t* expires_ms = nullptr);

  // Credentials already handed out may have ended or changed meaning. The count moves (before
  // the change is acknowledged to whoever made it) with each logout and bot revocation here
  // and each credentials_changed(); an open connection that saw another count resolves its
  // token again before its next request, so a socket's authority follows its credentials.
  std::uint64_t generation() const { return generation_.load(); }
  // Who some token stands for changed outside Accounts (a membership, an administrator's flag,
  // a person removed, or a change another process made to the database): moves generation()
  // and tells the listener.
  void credentials_changed();
  // `listener` is called after each move of generation(), on the thread that made the change,
  // outside Accounts' lock; it must return quickly (it posts work). Empty: nobody listens.
  void on_credentials_changed(std::function<void()> listener);

  // L2: a new secret token ("cal_…") for `person_id`'s calendar feed, replacing any earlier
  // one. store_failed on a database error.
  Result<std::string> issue_calendar_token(std::int64_t person_id);
  // The person whose calendar feed `token` opens, if any.
  std::optional<std::int64_t> calendar_person(const std::string& token);

  // The principal for a person, roles as of now.
  Principal principal_for(const store::Person& person);

  // Passwords shorter than this are refused (bad_field).
  static constexpr std::size_t kMinPasswordLength = 10;

  // The directory it reads people and memberships from (GET /api/me lists the rooms in it).
  store::Directory& directory() { return directory_; }

 private:
  Result<Session> start_session(const store::Person& person);
  // Revokes every live session of the person (throws store::sql::Error).
  void end_sessions_of(std::int64_t person_id);
  static Status check_password_rules(const std::string& password);

  store::Directory& directory_;
  const collegial::Clock& clock_;
  Options options_;
  SqlFailureTable failures_;  // the throttle's counts, in the house: shared by every node
  LoginThrottle throttle_;
  std::string dummy_hash_;  // verified against for unknown emails: same cost, same time
  std::mutex mutex_;
  std::unique_ptr<store::sql::Connection> db_;
  std::atomic<std::uint64_t> generation_{0};
  std::mutex listener_mutex_;
  std::function<void()> listener_;
};

}  // namespace collegial::auth
