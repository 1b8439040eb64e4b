// Texts for people, in their language: every sentence the server writes for a reader (the
// public pages, the minutes, the feeds, the lawful-notice findings) is a key in the catalog
// with arguments, rendered here in English or Spanish through ICU (Debian's libicu-dev):
// its MessageFormat for plural and select rules, its date formats and time-zone names for
// dates. Nothing hand-writes a month name or picks a plural by `n == 1`.
//
// A catalog pattern is ICU MessageFormat: "{count, plural, one {# day} other {# days}}",
// "{kind, select, special {special} other {regular}}", "{name}". An argument is a string or
// an integer; one whose name ends in `_ms` is an instant (UTC milliseconds) and is written as
// a full date and time in `zone`, in the reader's language, before the pattern takes it.
// The web client renders the same keys from the same catalog (GET /api/messages/<lang>).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "i18n/lang.hpp"
#include "util/status.hpp"

namespace collegial::i18n {

struct Entry {
  const char* key;
  const char* en;
  const char* es;
};

// Every key, in both languages.
std::span<const Entry> catalog();

// The pattern of `key` in `lang`, or null when the catalog has no such key.
const char* pattern_of(Lang lang, std::string_view key);

// {"key": pattern, …} for one language: what GET /api/messages/<lang> serves.
nlohmann::json catalog_json(Lang lang);

// `key` rendered with `args` (a JSON object) in `lang`; instants in `zone`. An unknown key or
// a pattern ICU refuses renders as the key itself, and is logged: a test of every page in both
// languages finds it.
std::string say(Lang lang, std::string_view key, const nlohmann::json& args = nlohmann::json::object(),
                std::string_view zone = "America/Denver");

// `pattern` (ICU MessageFormat, a string literal) rendered with `args` in `lang`; empty when
// ICU refuses the pattern or its arguments (logged).
std::string format(Lang lang, const char* pattern, const nlohmann::json& args,
                   std::string_view zone = "America/Denver");

// A sentence written where it is used (a refusal's), in `lang`.
std::string say(Lang lang, const Bilingual& text, const nlohmann::json& args = nlohmann::json::object(),
                std::string_view zone = "America/Denver");

// A refusal for people (Status::refusal): `code`, and `text` with `args`, English in its message.
Status refusal(std::string code, Bilingual text, const nlohmann::json& args = nlohmann::json::object());

// An error's message for a reader of `lang`: a refusal's sentence in that language, anything
// else (an operator's error, written only in English) as it is.
std::string message_of(Lang lang, const Status& status, std::string_view zone = "America/Denver");

// A message kept in a view or event for any reader: {"key": …, "args": {…}}.
nlohmann::json message(std::string_view key, nlohmann::json args = nlohmann::json::object());

// `m` (made by message()) rendered; a plain string (a record written before its texts were
// keys) as it is.
std::string render(Lang lang, const nlohmann::json& m, std::string_view zone = "America/Denver");

enum class Detail {
  full,  // "Thursday, December 10, 2026, 2:00 PM MST" / "jueves, 10 de diciembre de 2026, 2:00 p.m. MST"
  date,  // "Thursday, December 10, 2026"
  time,  // "2:00 PM MST"
};

// An instant in `zone` (the IANA name; an unknown one is UTC) for a reader of `lang`.
std::string when(Lang lang, std::int64_t ms, std::string_view zone, Detail detail = Detail::full);

// A calendar day ("2026-12-18", a due date) as the reader says it ("Friday, December 18, 2026");
// the text as given when it is not a day.
std::string day(Lang lang, const std::string& date, const std::string& zone);

}  // namespace collegial::i18n
