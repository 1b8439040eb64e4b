#include "auth/accounts.hpp"

#include <algorithm>
#include <cctype>
#include <limits>

#include "i18n/messages.hpp"
#include "util/log.hpp"
#include "util/metrics.hpp"

namespace collegial::auth {
namespace {

namespace sql = store::sql;

Status failed(const sql::Error& e) {
  LOG_ERROR("accounts: " << e.what());
  return Status::error("store_failed", "the account store could not be used");
}

constexpr Bilingual kNoPerson{"no person ''{email}''", "no hay ninguna persona ''{email}''"};

}  // namespace

Accounts::Accounts(store::Directory& directory, const std::string& path, const collegial::Clock& clock,
                   Options options)
    : Accounts(directory, store::StoreLocation{store::StoreLocation::Engine::sqlite, path}, clock, options) {}

Accounts::Accounts(store::Directory& directory, const store::StoreLocation& house, const collegial::Clock& clock,
                   Options options)
    : directory_(directory),
      clock_(clock),
      options_(options),
      failures_(house),
      throttle_(options.throttle, failures_),
      dummy_hash_(hash_password("no account has this password", options.cost)),
      db_(store::sql::open(house)) {}

Status Accounts::check_password_rules(const std::string& password) {
  if (password.size() < kMinPasswordLength || password.size() > 256) {
    return i18n::refusal("bad_field",
                         {"a password has {least, number, ::group-off} to 256 characters",
                          "una contraseña debe tener de {least, number, ::group-off} a 256 caracteres"},
                         {{"least", kMinPasswordLength}});
  }
  return Status::ok();
}

Result<Accounts::Session> Accounts::start_session(const store::Person& person) {
  const std::int64_t now = clock_.now_ms();
  Session s{new_token("ses_"), now + options_.session_ms, person};
  std::lock_guard lock(mutex_);
  try {
    sql::Statement q(*db_,
                        "INSERT INTO sessions(token_hash, person_id, created_ms, expires_ms)"
                        " VALUES (?, ?, ?, ?)");
    q.bind(1, token_hash(s.token));
    q.bind(2, person.id);
    q.bind(3, now);
    q.bind(4, s.expires_ms);
    q.exec();
    return s;
  } catch (const sql::Error& e) {
    return failed(e);
  }
}

namespace {

// Logins by outcome (docs/operations.md, "Metrics"): a rise of `bad_credentials` or
// `throttled` is someone guessing passwords. Registered at start, so a scrape shows zeros.
constexpr const char* kLoginsHelp = "Login attempts by result: ok, bad_credentials, throttled.";
metrics::Counter& g_logins_ok = metrics::counter("collegial_logins_total", kLoginsHelp, "result=\"ok\"");
metrics::Counter& g_logins_bad =
    metrics::counter("collegial_logins_total", kLoginsHelp, "result=\"bad_credentials\"");
metrics::Counter& g_logins_throttled =
    metrics::counter("collegial_logins_total", kLoginsHelp, "result=\"throttled\"");

}  // namespace

Result<Accounts::Session> Accounts::login(const std::string& email, const std::string& password,
                                          const std::string& address) {
  const std::int64_t now = clock_.now_ms();
  // Emails match without regard to case (people.email is COLLATE NOCASE), so the throttle's key
  // must too, or every spelling of an address would get its own free attempts.
  std::string folded = email;
  std::transform(folded.begin(), folded.end(), folded.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const LoginThrottle::Attempt attempt{.account = folded, .address = address};
  std::int64_t wait = 0;
  try {
    wait = throttle_.begin(attempt, now);
  } catch (const sql::Error& e) {
    return failed(e);  // unsure how often this was tried: no password is checked
  }
  if (wait > 0) {
    g_logins_throttled.add();
    return i18n::refusal("throttled",
                         {"too many failed logins; try again in {seconds, number, ::group-off} s",
                          "demasiados intentos fallidos de inicio de sesión; vuelva a intentarlo en "
                          "{seconds, number, ::group-off} s"},
                         {{"seconds", (wait + 999) / 1000}});
  }
  // begin() counted the attempt as failed before the slow hash, so concurrent guesses cannot
  // all slip past the check; a success takes it back.
  try {
    const auto person = directory_.person_by_email(email);
    const auto hash = person ? directory_.password_hash(person->id) : std::nullopt;
    // Verify against a dummy hash of the same cost when there is no such account, so timing
    // does not tell which emails exist.
    const bool ok = hash ? verify_password(password, *hash)
                         : (verify_password(password, dummy_hash_), false);
    if (!ok) {
      LOG_INFO("failed login for an account from " << address);
      g_logins_bad.add();
      return i18n::refusal("bad_credentials", {"wrong email or password",
                                                        "correo electrónico o contraseña incorrectos"});
    }
    throttle_.succeeded(attempt);
    g_logins_ok.add();
    return start_session(*person);
  } catch (const sql::Error& e) {
    return failed(e);
  }
}

Status Accounts::logout(const std::string& token) {
  {
    std::lock_guard lock(mutex_);
    try {
      sql::Statement q(*db_,
                          "UPDATE sessions SET revoked_ms = ? WHERE token_hash = ?"
                          " AND revoked_ms IS NULL");
      q.bind(1, clock_.now_ms());
      q.bind(2, token_hash(token));
      if (q.exec() != 1) return i18n::refusal("bad_token", {"not a live session", "no es una sesión activa"});
    } catch (const sql::Error& e) {
      return failed(e);
    }
  }
  credentials_changed();  // sockets opened with this token close now, not when they next speak
  return Status::ok();
}

void Accounts::credentials_changed() {
  generation_.fetch_add(1);
  std::function<void()> listener;
  {
    std::lock_guard lock(listener_mutex_);
    listener = listener_;
  }
  if (listener) listener();
}

void Accounts::on_credentials_changed(std::function<void()> listener) {
  std::lock_guard lock(listener_mutex_);
  listener_ = std::move(listener);
}

Result<std::string> Accounts::invite(const std::string& email) {
  try {
    const auto person = directory_.person_by_email(email);
    if (!person) return i18n::refusal("not_found", kNoPerson, {{"email", email}});
    const std::string token = new_token("inv_");
    const std::int64_t now = clock_.now_ms();
    std::lock_guard lock(mutex_);
    sql::Statement q(*db_,
                        "INSERT INTO invitations(token_hash, person_id, created_ms, expires_ms)"
                        " VALUES (?, ?, ?, ?)");
    q.bind(1, token_hash(token));
    q.bind(2, person->id);
    q.bind(3, now);
    q.bind(4, now + options_.invitation_ms);
    q.exec();
    return token;
  } catch (const sql::Error& e) {
    return failed(e);
  }
}

Result<Accounts::Session> Accounts::accept_invitation(const std::string& token,
                                                      const std::string& password) {
  if (Status s = check_password_rules(password); !s) return s;
  try {
    std::int64_t person_id = 0;
    {
      std::lock_guard lock(mutex_);
      sql::Transaction tx(*db_);
      sql::Statement q(*db_,
                          "SELECT token_hash, person_id FROM invitations WHERE token_hash = ?"
                          " AND accepted_ms IS NULL AND expires_ms > ?");
      q.bind(1, token_hash(token));
      q.bind(2, clock_.now_ms());
      if (!q.step() || !constant_time_equal(q.column(0).text(), token_hash(token))) {
        return i18n::refusal("bad_token", {"the invitation is unknown, expired or already used",
                                           "la invitación es desconocida, ha vencido o ya se utilizó"});
      }
      person_id = q.column(1).int64();
      sql::Statement use(*db_, "UPDATE invitations SET accepted_ms = ? WHERE token_hash = ?");
      use.bind(1, clock_.now_ms());
      use.bind(2, token_hash(token));
      use.exec();
      tx.commit();
    }
    if (Status s = directory_.set_password_hash(person_id, hash_password(password, options_.cost));
        !s) {
      return s;
    }
    end_sessions_of(person_id);  // a new password ends every login made with the old one
    credentials_changed();
    const auto person = directory_.person_by_id(person_id);
    if (!person) {
      return i18n::refusal("not_found",
                           {"the invited person no longer exists", "la persona invitada ya no existe"});
    }
    return start_session(*person);
  } catch (const sql::Error& e) {
    return failed(e);
  }
}

Status Accounts::set_password(const std::string& email, const std::string& password,
                              std::optional<ScryptCost> cost) {
  if (Status s = check_password_rules(password); !s) return s;
  try {
    const auto person = directory_.person_by_email(email);
    if (!person) return i18n::refusal("not_found", kNoPerson, {{"email", email}});
    if (Status s = directory_.set_password_hash(person->id, hash_password(password, cost.value_or(options_.cost)));
        !s) {
      return s;
    }
    end_sessions_of(person->id);
  } catch (const sql::Error& e) {
    return failed(e);
  }
  credentials_changed();  // its open sockets close now, not when they next speak
  return Status::ok();
}

void Accounts::end_sessions_of(std::int64_t person_id) {
  std::lock_guard lock(mutex_);
  sql::Statement q(*db_, "UPDATE sessions SET revoked_ms = ? WHERE person_id = ? AND revoked_ms IS NULL");
  q.bind(1, clock_.now_ms());
  q.bind(2, person_id);
  q.exec();
}

Result<std::string> Accounts::create_bot(const std::string& name,
                                         const std::vector<std::string>& bodies) {
  if (name.empty() || bodies.empty()) {
    return i18n::refusal("bad_field", {"a bot needs a name and at least one body",
                                       "un bot necesita un nombre y al menos un órgano"});
  }
  try {
    std::vector<std::int64_t> body_ids;
    for (const auto& slug : bodies) {
      const auto body = directory_.body_by_slug(slug);
      if (!body) {
        return i18n::refusal("not_found", {"no body ''{body}''", "no hay ningún órgano ''{body}''"},
                             {{"body", slug}});
      }
      body_ids.push_back(body->id);
    }
    const std::string token = new_token("bot_");
    std::lock_guard lock(mutex_);
    sql::Transaction tx(*db_);
    sql::Statement q(*db_, "INSERT INTO bots(name, token_hash, created_ms) VALUES (?, ?, ?) RETURNING id");
    q.bind(1, name);
    q.bind(2, token_hash(token));
    q.bind(3, clock_.now_ms());
    q.step();
    const std::int64_t bot_id = q.column(0).int64();
    for (std::int64_t body_id : body_ids) {
      sql::Statement scope(*db_, "INSERT INTO bot_scopes(bot_id, body_id) VALUES (?, ?) ON CONFLICT DO NOTHING");
      scope.bind(1, bot_id);
      scope.bind(2, body_id);
      scope.exec();
    }
    tx.commit();
    return token;
  } catch (const sql::Error& e) {
    if (e.is_constraint()) {
      return i18n::refusal("exists", {"a bot named ''{name}'' exists", "ya existe un bot llamado ''{name}''"},
                           {{"name", name}});
    }
    return failed(e);
  }
}

Status Accounts::revoke_bot(const std::string& name) {
  {
    std::lock_guard lock(mutex_);
    try {
      sql::Statement q(*db_,
                          "UPDATE bots SET revoked_ms = ? WHERE name = ? AND revoked_ms IS NULL");
      q.bind(1, clock_.now_ms());
      q.bind(2, name);
      if (q.exec() != 1) {
        return i18n::refusal("not_found", {"no live bot ''{name}''", "no hay ningún bot activo ''{name}''"},
                             {{"name", name}});
      }
    } catch (const sql::Error& e) {
      return failed(e);
    }
  }
  credentials_changed();
  return Status::ok();
}

Principal Accounts::principal_for(const store::Person& person) {
  Principal p;
  p.kind = Principal::Kind::person;
  p.id = person.id;
  p.name = person.name;
  p.is_admin = person.is_admin;
  for (const auto& m : directory_.memberships_of(person.id, clock_.now_ms())) {
    if (auto role = membership_role(m.role)) p.body_roles[m.body_id].push_back(*role);
  }
  return p;
}

Result<std::string> Accounts::issue_calendar_token(std::int64_t person_id) {
  const std::string token = new_token("cal_");
  try {
    std::lock_guard lock(mutex_);
    sql::Statement q(*db_,
                        "INSERT INTO calendar_feeds(person_id, token_hash, created_ms) VALUES (?, ?, ?) "
                        "ON CONFLICT (person_id) DO UPDATE SET token_hash = excluded.token_hash, "
                        "created_ms = excluded.created_ms");
    q.bind(1, person_id);
    q.bind(2, token_hash(token));
    q.bind(3, clock_.now_ms());
    q.exec();
  } catch (const sql::Error& e) {
    return Status::error("store_failed", std::string("cannot record the calendar token: ") + e.what());
  }
  return token;
}

std::optional<std::int64_t> Accounts::calendar_person(const std::string& token) {
  if (token.rfind("cal_", 0) != 0) return std::nullopt;
  const std::string hash = token_hash(token);
  try {
    std::lock_guard lock(mutex_);
    sql::Statement q(*db_, "SELECT token_hash, person_id FROM calendar_feeds WHERE token_hash = ?");
    q.bind(1, hash);
    if (q.step() && constant_time_equal(q.column(0).text(), hash)) return q.column(1).int64();
  } catch (const sql::Error& e) {
    LOG_ERROR("calendar feed lookup: " << e.what());
  }
  return std::nullopt;
}

std::optional<Principal> Accounts::resolve(const std::string& token, std::int64_t* expires_ms) {
  const std::string hash = token_hash(token);
  const std::int64_t now = clock_.now_ms();
  try {
    std::optional<std::int64_t> person_id;
    {
      std::lock_guard lock(mutex_);
      if (token.rfind("ses_", 0) == 0) {
        sql::Statement q(*db_,
                            "SELECT token_hash, person_id, expires_ms FROM sessions WHERE token_hash = ?"
                            " AND revoked_ms IS NULL AND expires_ms > ?");
        q.bind(1, hash);
        q.bind(2, now);
        if (q.step() && constant_time_equal(q.column(0).text(), hash)) {
          person_id = q.column(1).int64();
          if (expires_ms) *expires_ms = q.column(2).int64();
        }
      } else if (token.rfind("bot_", 0) == 0) {
        sql::Statement q(*db_,
                            "SELECT token_hash, id, name FROM bots WHERE token_hash = ?"
                            " AND revoked_ms IS NULL");
        q.bind(1, hash);
        if (!q.step() || !constant_time_equal(q.column(0).text(), hash)) {
          return std::nullopt;
        }
        Principal p;
        p.kind = Principal::Kind::bot;
        p.id = q.column(1).int64();
        p.name = q.column(2).text();
        sql::Statement scopes(*db_, "SELECT body_id FROM bot_scopes WHERE bot_id = ?");
        scopes.bind(1, p.id);
        while (scopes.step()) p.bot_bodies.push_back(scopes.column(0).int64());
        if (expires_ms) *expires_ms = std::numeric_limits<std::int64_t>::max();
        return p;
      }
    }
    if (!person_id) return std::nullopt;
    const auto person = directory_.person_by_id(*person_id);
    if (!person) return std::nullopt;
    return principal_for(*person);
  } catch (const sql::Error& e) {
    LOG_ERROR("accounts: resolving a token failed: " << e.what());
    return std::nullopt;
  }
}

}  // namespace collegial::auth
