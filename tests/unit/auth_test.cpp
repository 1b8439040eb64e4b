// Passwords, tokens, the login throttle and principals' roles.
#include <catch2/catch.hpp>

#include "auth/login_throttle.hpp"
#include "auth/principal.hpp"
#include "auth/secrets.hpp"

using namespace collegial::auth;

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

TEST_CASE("the login throttle doubles the wait after the free failures", "[auth]") {
  LoginThrottle t({.free_failures = 3, .first_wait_ms = 1000, .max_wait_ms = 4000});
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
  t.record_success("k");
  CHECK(t.wait_ms("k", 3000) == 0);
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
  CHECK(d.reason == "say in room 'x' needs one of: chair, vice_chair, voting_member, "
                    "non_voting_member, clerk, facilitator, participant, bot; you are: public");
  CHECK(decide(Action::say, {Role::clerk, Role::public_}, "room 'x'").allowed);
  CHECK(decide(Action::administer, {Role::administrator}, "here").allowed);
  CHECK_FALSE(decide(Action::administer, {Role::chair}, "here").allowed);
}
