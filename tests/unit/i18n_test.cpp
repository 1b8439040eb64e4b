// The message catalog and the reader's language (server/i18n): negotiation, plural rules, dates
// through ICU, and a catalog where every key speaks both languages.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "i18n/lang.hpp"
#include "i18n/messages.hpp"

using collegial::i18n::Lang;
namespace i18n = collegial::i18n;

TEST_CASE("a language is chosen by the address, then the cookie, then Accept-Language", "[i18n]") {
  CHECK(i18n::choose("", "", "").lang == Lang::en);
  CHECK(i18n::choose("", "", "es-MX,es;q=0.9,en;q=0.5").lang == Lang::es);
  CHECK(i18n::choose("", "", "fr-FR, en;q=0.4, es;q=0.8").lang == Lang::es);  // q-values, not order
  CHECK(i18n::choose("", "", "es;q=0, en").lang == Lang::en);                  // q=0 refuses
  CHECK(i18n::choose("", "", "de, *").lang == Lang::en);                       // none of ours
  CHECK(i18n::choose("", "theme=dark; collegial_lang=es", "en-US").lang == Lang::es);
  const auto asked = i18n::choose("x=1&lang=en", "collegial_lang=es", "es");
  CHECK(asked.lang == Lang::en);
  CHECK(asked.from_query);
  CHECK_FALSE(i18n::choose("lang=fr", "", "es").from_query);  // an unknown choice is no choice
  CHECK(i18n::remember_cookie(Lang::es).rfind("collegial_lang=es; Path=/;", 0) == 0);
}

TEST_CASE("plurals follow each language's rule, not n == 1", "[i18n]") {
  const auto tally = [](Lang lang, int abstain) {
    return i18n::say(lang, "site.live.tally", {{"aye", 1}, {"nay", 0}, {"abstain", abstain}});
  };
  CHECK(tally(Lang::es, 1) == "Recuento: 1 a favor, 0 en contra, 1 abstención");
  CHECK(tally(Lang::es, 0) == "Recuento: 1 a favor, 0 en contra, 0 abstenciones");
  CHECK(tally(Lang::es, 2) == "Recuento: 1 a favor, 0 en contra, 2 abstenciones");
  CHECK(i18n::say(Lang::en, "notice.span", {{"unit", "days"}, {"count", 1}}) == "1 day");
  CHECK(i18n::say(Lang::en, "notice.span", {{"unit", "days"}, {"count", 10}}) == "10 days");
  CHECK(i18n::say(Lang::es, "notice.span", {{"unit", "hours"}, {"count", 1}}) == "1 hora");
}

TEST_CASE("findings read as before in English and fully in Spanish", "[i18n]") {
  const auto lead = i18n::message("notice.lead", {{"mode", "hours"}, {"big", 71}, {"small", 59}});
  const auto finding = i18n::message("notice.finding.agenda", {{"lead", lead}, {"hours", 72}});
  CHECK(i18n::render(Lang::en, finding) == "agenda public 71 h 59 min before the meeting (N4 requires 72 h)");
  CHECK(i18n::render(Lang::es, finding) == "orden del día público 71 h 59 min antes de la reunión (N4 exige 72 h)");
  // Thousands are not grouped in lead times: "1000 h", as measured.
  const auto long_lead = i18n::message("notice.lead", {{"mode", "hours"}, {"big", 1000}, {"small", 0}});
  CHECK(i18n::render(Lang::en, long_lead) == "1000 h");
}

TEST_CASE("dates are written by ICU in the body's zone and the reader's language", "[i18n]") {
  const std::int64_t ms = 1'796'936'400'000;  // 2026-12-10T21:00:00Z: 2:00 PM in Denver (MST)
  CHECK(i18n::when(Lang::en, ms, "America/Denver") == "Thursday, December 10, 2026, 2:00 PM MST");
  const std::string es = i18n::when(Lang::es, ms, "America/Denver");
  CHECK(es.find("jueves, 10 de diciembre de 2026") == 0);
  CHECK(es.find("2:00") != std::string::npos);
  CHECK(es.find("p.\u00a0m. MST") != std::string::npos);  // CLDR: "p. m." held together
  CHECK(i18n::when(Lang::en, ms, "America/Denver", i18n::Detail::time) == "2:00 PM MST");
  CHECK(i18n::when(Lang::en, ms, "Not/AZone", i18n::Detail::time) == "9:00 PM UTC");  // unknown zone: UTC
  // A date argument (_ms) is written the same way inside a message.
  CHECK(i18n::say(Lang::es, "site.called_to_order_at", {{"at_ms", ms}}, "America/Denver") == "Se abrió la sesión el " + es);
}

TEST_CASE("every key of the catalog parses and says something different in Spanish", "[i18n]") {
  std::set<std::string> keys;
  for (const auto& e : i18n::catalog()) {
    INFO(e.key);
    CHECK(keys.insert(e.key).second);  // no key twice
    CHECK(i18n::say(Lang::en, e.key) != e.key);  // a pattern ICU refuses renders as its key
    CHECK(i18n::say(Lang::es, e.key) != e.key);
    CHECK(std::string(e.en) != std::string(e.es));
  }
  CHECK(keys.size() > 150);
  CHECK(i18n::say(Lang::es, "no.such.key") == "no.such.key");
  const auto served = i18n::catalog_json(Lang::es);
  CHECK(served.size() == keys.size());
  CHECK(served["site.watch_live"] == "Ver en vivo");
}

TEST_CASE("a refusal is written once in each language and read in the reader's", "[i18n]") {
  static constexpr collegial::Bilingual kText{
      "motion {motion, number, ::group-off} has {count, plural, one {# vote} other {# votes}}; ''{room}'' is '{\"x\": 1}'",
      "la moción {motion, number, ::group-off} tiene {count, plural, one {# voto} other {# votos}}; ''{room}'' es '{\"x\": 1}'"};
  const collegial::Status s = i18n::refusal("bad_state", kText, {{"motion", 1234}, {"count", 1}, {"room", "rec6"}});
  CHECK_FALSE(s.is_ok());
  CHECK(s.code() == "bad_state");
  // The English message is the status's own; apostrophes and braces come out as written.
  CHECK(s.message() == "motion 1234 has 1 vote; 'rec6' is {\"x\": 1}");
  CHECK(i18n::message_of(Lang::en, s) == s.message());
  CHECK(i18n::message_of(Lang::es, s) == "la moción 1234 tiene 1 voto; 'rec6' es {\"x\": 1}");
  // An operator's error, written only in English, stays English for everyone.
  const collegial::Status plain = collegial::Status::error("store_failed", "disk full");
  CHECK(i18n::message_of(Lang::es, plain) == "disk full");
  // A pattern ICU refuses renders raw rather than vanishing (and the server logs it, which the
  // integration tests treat as a failure: tests/support/server_process.cpp).
  static constexpr collegial::Bilingual kBroken{"broken {", "roto {"};
  CHECK(i18n::say(Lang::es, kBroken) == "roto {");
}
