// Passwords, tokens, the login throttle and principals' roles.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "auth/login_throttle.hpp"
#include "auth/principal.hpp"
#include "auth/policy.hpp"
#include "store/body_terms.hpp"
#include "i18n/messages.hpp"
#include "auth/secrets.hpp"

using namespace collegial::auth;
namespace i18n = collegial::i18n;
namespace store = collegial::store;

TEST_CASE("scrypt password hashes verify and reject", "[auth]") {
  const ScryptCost cheap{.log2_n = 10, .r = 8, .p = 1};
  const std::string h = hash_password("correct horse battery", cheap);
  CHECK(h.rfind("scrypt$10$8$1$", 0) == 0);
  CHECK(verify_password("correct horse battery", h));
  CHECK_FALSE(verify_password("correct horse batterY", h));
  CHECK(hash_password("correct horse battery", cheap) != h);  // fresh salt each time
  CHECK_FALSE(verify_password("x", "scrypt$10$8$1$zz$00"));
  CHECK_FALSE(verify_password("x", "bcrypt$whatever"));
  CHECK_FALSE(verify_password("x", "scrypt$99$8$1$00$00"));  // absurd cost is refused, not run
}

TEST_CASE("tokens are 256 random bits with a prefix and stored as a hash", "[auth]") {
  const std::string a = new_token("ses_");
  const std::string b = new_token("ses_");
  CHECK(a.size() == 4 + 64);
  CHECK(a != b);
  CHECK(token_hash(a).size() == 64);
  CHECK(token_hash(a) != a);
  CHECK(constant_time_equal("abc", "abc"));
  CHECK_FALSE(constant_time_equal("abc", "abd"));
  CHECK_FALSE(constant_time_equal("abc", "abcd"));
}

TEST_CASE("a backoff doubles the wait after the free failures", "[auth][throttle]") {
  Backoff t({.free_failures = 3, .first_wait_ms = 1000, .max_wait_ms = 4000});
  for (int i = 0; i < 3; ++i) {
    CHECK(t.wait_ms("k", 0) == 0);
    t.record_failure("k", 0);
  }
  CHECK(t.wait_ms("k", 0) == 1000);
  CHECK(t.wait_ms("k", 400) == 600);
  t.record_failure("k", 1000);
  CHECK(t.wait_ms("k", 1000) == 2000);
  t.record_failure("k", 3000);
  t.record_failure("k", 3000);
  CHECK(t.wait_ms("k", 3000) == 4000);  // capped
  CHECK(t.wait_ms("other", 3000) == 0);
  t.forgive_one("k");  // 5 failures left: still waiting
  CHECK(t.wait_ms("k", 3000) > 0);
  CHECK(t.failures("k") == 5);
  t.forget("k");
  CHECK(t.wait_ms("k", 3000) == 0);
}

namespace {

// Free failures of 2 per pair, 4 per address, 6 per account; waits of 1 s doubling to 8 s.
LoginThrottle small_throttle() {
  const auto limit = [](int free) {
    return Backoff::Limit{.free_failures = free, .first_wait_ms = 1000, .max_wait_ms = 8000};
  };
  return LoginThrottle({.pair = limit(2), .address = limit(4), .account = limit(6)});
}

}  // namespace

TEST_CASE("the login throttle slows one address guessing one account", "[auth][throttle]") {
  LoginThrottle t = small_throttle();
  const LoginThrottle::Attempt a{.account = "a@x", .address = "1.1.1.1"};
  CHECK(t.begin(a, 0) == 0);
  CHECK(t.begin(a, 0) == 0);
  CHECK(t.begin(a, 0) == 1000);  // the pair's free failures are spent
  CHECK(t.begin(a, 1000) == 0);
  CHECK(t.begin(a, 1000) == 2000);
  // A success from that pair clears its count.
  t.succeeded(a);
  CHECK(t.begin(a, 1000) == 0);
}

TEST_CASE("guesses from elsewhere never refuse an address that has not failed for the account",
          "[auth][throttle]") {
  LoginThrottle t = small_throttle();
  // Many addresses guess at account a, and one address guesses at many unknown emails.
  for (int i = 0; i < 50; ++i) {
    CHECK(t.begin({.account = "a@x", .address = "10.0.0." + std::to_string(i)}, 0) == 0);
    CHECK(t.begin({.account = "nobody" + std::to_string(i) + "@x", .address = "2.2.2.2"}, 0) == 0);
  }
  // The member at a fresh address, and member b at the guessing address, are let through.
  const LoginThrottle::Attempt member{.account = "a@x", .address = "3.3.3.3"};
  const LoginThrottle::Attempt b{.account = "b@x", .address = "2.2.2.2"};
  CHECK(t.begin(member, 0) == 0);
  t.succeeded(member);
  CHECK(t.begin(b, 0) == 0);
  t.succeeded(b);
  // The same again later: a success left nothing behind for the pair.
  CHECK(t.begin(member, 5) == 0);
  CHECK(t.begin(b, 5) == 0);
}

TEST_CASE("an address that has failed for an account feels the address's and the account's waits",
          "[auth][throttle]") {
  SECTION("the account's ceiling across addresses") {
    LoginThrottle t = small_throttle();
    for (int i = 0; i < 6; ++i) {
      CHECK(t.begin({.account = "a@x", .address = "10.0.0." + std::to_string(i)}, 0) == 0);
    }
    // Six failures against a@x: an address that already failed for it now waits, though its
    // own pair has failed only once…
    CHECK(t.begin({.account = "a@x", .address = "10.0.0.0"}, 0) == 1000);
    // …while an address that has not may still try.
    CHECK(t.begin({.account = "a@x", .address = "10.0.0.99"}, 0) == 0);
    CHECK(t.begin({.account = "a@x", .address = "10.0.0.0"}, 0) == 2000);
  }
  SECTION("the address's count across accounts") {
    LoginThrottle t = small_throttle();
    for (int i = 0; i < 4; ++i) {
      CHECK(t.begin({.account = "u" + std::to_string(i) + "@x", .address = "2.2.2.2"}, 0) == 0);
    }
    CHECK(t.begin({.account = "u0@x", .address = "2.2.2.2"}, 0) == 1000);
    CHECK(t.begin({.account = "u9@x", .address = "2.2.2.2"}, 0) == 0);  // a first try
  }
}

TEST_CASE("a right password takes back only its own reservation from the shared counts",
          "[auth][throttle]") {
  LoginThrottle t = small_throttle();
  for (int i = 0; i < 5; ++i) {
    CHECK(t.begin({.account = "a@x", .address = "10.0.0." + std::to_string(i)}, 0) == 0);
  }
  // The member logs in: the guessers' five failures against the account remain.
  const LoginThrottle::Attempt member{.account = "a@x", .address = "3.3.3.3"};
  CHECK(t.begin(member, 0) == 0);
  t.succeeded(member);
  CHECK(t.begin({.account = "a@x", .address = "10.0.0.5"}, 0) == 0);  // the sixth
  CHECK(t.begin({.account = "a@x", .address = "10.0.0.0"}, 0) == 1000);
}

TEST_CASE("roles in a body come from memberships, scope and administration", "[auth][B7]") {
  Principal pub;
  CHECK(pub.roles_in(1) == std::vector<Role>{Role::public_});
  CHECK(pub.actor() == "public");

  Principal director;
  director.kind = Principal::Kind::person;
  director.id = 4;
  director.body_roles[1] = {Role::non_voting_member};
  CHECK(director.roles_in(1) == std::vector<Role>{Role::non_voting_member, Role::public_});
  CHECK(director.roles_in(2) == std::vector<Role>{Role::public_});  // not a member there
  CHECK(director.roles_in(std::nullopt) == std::vector<Role>{Role::participant, Role::public_});

  Principal bot;
  bot.kind = Principal::Kind::bot;
  bot.bot_bodies = {2};
  CHECK(bot.roles_in(2) == std::vector<Role>{Role::bot, Role::public_});
  CHECK(bot.roles_in(1) == std::vector<Role>{Role::public_});

  Principal admin;
  admin.kind = Principal::Kind::person;
  admin.is_admin = true;
  CHECK(admin.roles_in(1) == std::vector<Role>{Role::administrator, Role::public_});
}

TEST_CASE("decide explains a refusal", "[auth]") {
  const Decision d = decide(Action::say, {Role::public_}, "room 'x'");
  CHECK_FALSE(d.allowed);
  CHECK(d.refusal.code() == "forbidden");
  CHECK(d.refusal.message() == "say in room 'x' needs one of: chair, vice_chair, voting_member, "
                               "non_voting_member, clerk, facilitator, participant, bot; you are: public");
  // A Spanish reader reads the same refusal in Spanish, the seats in the app's words.
  const Decision es = decide(Action::say, {Role::public_}, "room 'x'", "la sala 'x'");
  CHECK(i18n::message_of(i18n::Lang::es, es.refusal) ==
        "say en la sala 'x' requiere uno de: presidencia, vicepresidencia, miembro con voto, "
        "miembro sin voto, secretaría, persona facilitadora, participante, bot; usted es: público");
  CHECK(decide(Action::say, {Role::clerk, Role::public_}, "room 'x'").allowed);
  CHECK(decide(Action::administer, {Role::administrator}, "here").allowed);
  CHECK_FALSE(decide(Action::administer, {Role::chair}, "here").allowed);
}

TEST_CASE("B7: every role word the directory stores names a role, and only chair, vice_chair and voting_member vote",
          "[auth][B7]") {
  std::vector<Role> voting;
  for (std::string_view word : store::kMembershipRoles) {
    const auto role = membership_role(word);
    REQUIRE(role);
    CHECK(name_of(*role) == word);
    if (votes(*role)) voting.push_back(*role);
  }
  CHECK(voting == std::vector<Role>{Role::chair, Role::vice_chair, Role::voting_member});
  // Roles that are no seat in a body are not membership words.
  CHECK_FALSE(membership_role("administrator"));
  CHECK_FALSE(membership_role("public"));
  CHECK_FALSE(membership_role("bot"));
  CHECK(store::is_office("chair"));
  CHECK_FALSE(store::is_office("voting_member"));
}

TEST_CASE("B1 L4: councils and committees decide by vote; a learning circle does not", "[auth][B1][L4]") {
  CHECK(store::decides_by_vote(*store::body_kind_named("council")));
  CHECK(store::decides_by_vote(*store::body_kind_named("committee")));
  CHECK_FALSE(store::decides_by_vote(*store::body_kind_named("learning_circle")));
  CHECK_FALSE(store::body_kind_named("board"));
  for (auto k : {store::BodyKind::council, store::BodyKind::committee, store::BodyKind::learning_circle}) {
    CHECK(store::body_kind_named(store::name_of(k)) == k);
  }
}

TEST_CASE("the web client's tests read the policy table as it is", "[auth][docs]") {
  // web-client/tests/unit/fixtures/policy.json: each role's row as a room gives it (the role and
  // the public, as everyone is), which the client's unit tests use to make viewers. The client
  // itself reads the row from the join's ack (`may`); this keeps its tests' copy true.
  nlohmann::json table = nlohmann::json::object();
  for (Role role : kAllRoles) {
    nlohmann::json row = nlohmann::json::array();
    for (Action a : allowed_actions({role, Role::public_})) row.push_back(std::string(name_of(a)));
    table[std::string(name_of(role))] = row;
  }
  const std::string path = std::string(COLLEGIAL_SOURCE_DIR) + "/web-client/tests/unit/fixtures/policy.json";
  const std::string expected = table.dump(2) + "\n";
  std::ifstream in(path);
  std::stringstream saved;
  saved << in.rdbuf();
  // After changing the table, run this test once with COLLEGIAL_UPDATE_DOCS=1 to write the file.
  if (std::getenv("COLLEGIAL_UPDATE_DOCS") && saved.str() != expected) {
    std::ofstream(path) << expected;
    return;
  }
  INFO("expected in " << path << ":\n" << expected);
  CHECK(saved.str() == expected);
  // allowed_actions is the table, action by action.
  for (Role role : kAllRoles) {
    const auto row = allowed_actions({role});
    for (Action a : kAllActions) {
      CHECK((std::find(row.begin(), row.end(), a) != row.end()) == allows(role, a));
    }
  }
}
