// C1 and C2: what a motion or notice to close must say, checked as the plugins check it.
#include <catch2/catch.hpp>

#include "common/closed_session.hpp"

using collegial::plugins::closed_session_grounds;
using nlohmann::json;

TEST_CASE("C1: a subject must add substance beyond the statute's heading (near misses both ways)",
          "[closed_grounds][C1]") {
  auto code = [](const std::string& authority, const std::string& subject) {
    const auto g = closed_session_grounds(authority, subject);
    return g ? std::string("ok") : g.status().code();
  };
  // The heading, restated or padded with words any closure could use: refused.
  CHECK(code("H2", "limited personnel matters") == "not_specific");
  CHECK(code("H2", "personnel matters of the district") == "not_specific");
  CHECK(code("H2", "Limited Personnel Matters regarding district staff") == "not_specific");
  CHECK(code("H2", "discussion of certain personnel issues") == "not_specific");
  CHECK(code("H7", "pending or threatened litigation matters") == "not_specific");
  CHECK(code("H8", "the purchase of real property for the district") == "not_specific");
  CHECK(code("H1", "the renewal of licenses under review") == "not_specific");
  // Citations, numbers and single letters are not substance.
  CHECK(code("H2", "personnel matters, Section 10-15-1(H)(2) and (H)(8)") == "not_specific");
  CHECK(code("H2", "limited personnel matters for 2024 and 2025") == "not_specific");
  // One word of substance is not enough.
  CHECK(code("H2", "personnel matters about the superintendent") == "not_specific");
  // What a member of the public can understand: accepted.
  CHECK(code("H2", "the annual evaluation of the executive director") == "ok");
  CHECK(code("H2", "the discipline of a bus driver at Floyd") == "ok");
  CHECK(code("H7", "the threatened suit over the Elida bus contract") == "ok");
  CHECK(code("H8", "the purchase of the lot at 100 Main Street, Portales") == "ok");
  CHECK(code("H5", "collective bargaining strategy for the 2027 teachers' contract") == "ok");
  // Short or unknown: refused as before.
  CHECK(code("H2", "the evaluation") == "not_specific");
  CHECK(code("H9", "the annual evaluation of the executive director") == "bad_field");
}

TEST_CASE("C1 C2: one closure may cite several authorities, each with its own subject", "[closed_grounds][C1][C2]") {
  const auto g = closed_session_grounds(json{
      {"grounds", json::array({{{"authority", "H2"}, {"subject", "the annual evaluation of the executive director"}},
                               {{"authority", "H8"}, {"subject", "the purchase of the lot at 100 Main Street, Portales"}}})}});
  REQUIRE(g);
  const json& v = g.value();
  CHECK(v["citation"] == "NMSA 1978, Section 10-15-1(H)(2) and (H)(8)");
  CHECK(v["authorities"] == json::array({"H2", "H8"}));
  CHECK(v["subject"] == "the annual evaluation of the executive director ((H)(2)); the purchase of the lot at "
                        "100 Main Street, Portales ((H)(8))");
  REQUIRE(v["parts"].size() == 2);
  CHECK(v["parts"][1]["citation"] == "NMSA 1978, Section 10-15-1(H)(8)");
  // Each part is checked alone: one vague subject refuses the whole.
  CHECK(closed_session_grounds(json{{"grounds", json::array({{{"authority", "H2"}, {"subject", "the annual evaluation of the executive director"}},
                                                             {{"authority", "H7"}, {"subject", "pending litigation matters"}}})}})
            .status()
            .code() == "not_specific");
  // The same authority twice, or none at all, is refused.
  CHECK(closed_session_grounds(json{{"grounds", json::array({{{"authority", "H2"}, {"subject", "the annual evaluation of the executive director"}},
                                                             {{"authority", "H2"}, {"subject", "the discipline of a bus driver at Floyd"}}})}})
            .status()
            .code() == "bad_field");
  CHECK(closed_session_grounds(json{{"grounds", json::array()}}).status().code() == "bad_field");
  // The single form still reads {"authority", "subject"}.
  CHECK(closed_session_grounds(json{{"authority", "H2"}, {"subject", "the annual evaluation of the executive director"}}));
}
