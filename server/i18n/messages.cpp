#include "i18n/messages.hpp"

#include <unicode/dtptngen.h>
#include <unicode/msgfmt.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>

#include <map>
#include <memory>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "i18n/catalog_parts.hpp"
#include "util/local_time.hpp"
#include "util/log.hpp"

namespace collegial::i18n {

using nlohmann::json;

namespace {

// Spanish as it is written in the United States ("p.m.", "de diciembre de 2026").
const icu::Locale& locale_of(Lang lang) {
  static const icu::Locale en("en", "US"), es("es", "US");
  return lang == Lang::es ? es : en;
}

icu::UnicodeString unicode(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

std::string utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

const std::unordered_map<std::string_view, const Entry*>& index() {
  static const auto built = [] {
    std::unordered_map<std::string_view, const Entry*> map;
    for (const Entry& e : catalog()) map.emplace(e.key, &e);
    return map;
  }();
  return built;
}

// ICU formatters are costly to build and not safe to share between threads: each thread keeps
// its own, built on first use.
struct DateKey {
  Lang lang;
  std::string zone;
  Detail detail;
  bool operator<(const DateKey& o) const {
    return std::tie(lang, zone, detail) < std::tie(o.lang, o.zone, o.detail);
  }
};

icu::SimpleDateFormat* date_format(Lang lang, std::string_view zone, Detail detail) {
  thread_local std::map<DateKey, std::unique_ptr<icu::SimpleDateFormat>> cache;
  DateKey key{lang, std::string(zone), detail};
  if (auto it = cache.find(key); it != cache.end()) return it->second.get();
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::DateTimePatternGenerator> generator(
      icu::DateTimePatternGenerator::createInstance(locale_of(lang), status));
  if (U_FAILURE(status)) return nullptr;
  // Skeletons: the fields wanted; the locale decides their order, words and punctuation.
  const char* skeleton = detail == Detail::date ? "yMMMMEEEEd" : "jmmz";
  const icu::UnicodeString pattern = generator->getBestPattern(icu::UnicodeString(skeleton), status);
  if (U_FAILURE(status)) return nullptr;
  auto format = std::make_unique<icu::SimpleDateFormat>(pattern, locale_of(lang), status);
  if (U_FAILURE(status)) return nullptr;
  std::unique_ptr<icu::TimeZone> tz(icu::TimeZone::createTimeZone(unicode(zone)));
  if (*tz == icu::TimeZone::getUnknown()) tz.reset(icu::TimeZone::createTimeZone("UTC"));
  format->adoptTimeZone(tz.release());
  return cache.emplace(std::move(key), std::move(format)).first->second.get();
}

// Cached by the pattern's address: every pattern is a string literal (a catalog entry's, or a
// refusal's Bilingual), so one address is one pattern for the life of the program.
icu::MessageFormat* message_format(Lang lang, const char* pattern) {
  thread_local std::map<std::pair<Lang, const char*>, std::unique_ptr<icu::MessageFormat>> cache;
  const std::pair<Lang, const char*> id{lang, pattern};
  if (auto it = cache.find(id); it != cache.end()) return it->second.get();
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse{};
  auto format = std::make_unique<icu::MessageFormat>(unicode(pattern), locale_of(lang), parse, status);
  if (U_FAILURE(status)) {
    LOG_ERROR("message \"" << pattern << "\" (" << tag_of(lang) << ") does not parse at offset "
                             << parse.offset << ": " << u_errorName(status));
    return nullptr;
  }
  return cache.emplace(id, std::move(format)).first->second.get();
}

}  // namespace

std::span<const Entry> catalog() {
  static const std::vector<Entry> all = [] {  // the parts, in order
    std::vector<Entry> list;
    for (const auto part : {site_entries(), notice_entries(), minutes_entries(), feed_entries()}) {
      list.insert(list.end(), part.begin(), part.end());
    }
    return list;
  }();
  return all;
}

const char* pattern_of(Lang lang, std::string_view key) {
  const auto& map = index();
  const auto it = map.find(key);
  if (it == map.end()) return nullptr;
  return lang == Lang::es ? it->second->es : it->second->en;
}

json catalog_json(Lang lang) {
  json out = json::object();
  for (const Entry& e : catalog()) out[e.key] = lang == Lang::es ? e.es : e.en;
  return out;
}

std::string when(Lang lang, std::int64_t ms, std::string_view zone, Detail detail) {
  // The full form is the day, a comma, and the time, in both languages ("Thursday, December 10,
  // 2026, 2:00 PM MST"): ICU's own joins differ by length ("at", "a las") and by release.
  if (detail == Detail::full) return when(lang, ms, zone, Detail::date) + ", " + when(lang, ms, zone, Detail::time);
  icu::SimpleDateFormat* format = date_format(lang, zone, detail);
  if (!format) return std::to_string(ms);
  icu::UnicodeString out;
  format->format(static_cast<UDate>(ms), out);
  // CLDR 42 puts a narrow no-break space before "PM"; people search and paste times with a
  // plain one, so that is what the pages carry.
  out.findAndReplace(icu::UnicodeString(static_cast<UChar>(0x202F)), icu::UnicodeString(" "));
  return utf8(out);
}

std::string day(Lang lang, const std::string& date, const std::string& zone) {
  const auto noon = local_to_utc_ms(date + "T12:00", zone);  // noon: the same day in every zone's offset
  return noon ? when(lang, noon.value(), zone, Detail::date) : date;
}

std::string format(Lang lang, const char* pattern, const json& args, std::string_view zone) {
  icu::MessageFormat* format = message_format(lang, pattern);
  if (!format) return {};
  std::vector<icu::UnicodeString> names;
  std::vector<icu::Formattable> values;
  if (args.is_object()) {
    for (const auto& [name, value] : args.items()) {
      names.push_back(unicode(name));
      if (value.is_number_integer() && name.ends_with("_ms")) {
        values.emplace_back(unicode(when(lang, value.get<std::int64_t>(), zone)));
      } else if (value.is_number_integer()) {
        values.emplace_back(static_cast<int64_t>(value.get<std::int64_t>()));
      } else if (value.is_number()) {
        values.emplace_back(value.get<double>());
      } else if (value.is_string()) {
        values.emplace_back(unicode(value.get<std::string>()));
      } else if (value.is_object() && value.contains("key")) {
        values.emplace_back(unicode(render(lang, value, zone)));  // a message inside a message
      } else {
        values.emplace_back(unicode(value.dump()));
      }
    }
  }
  icu::UnicodeString out;
  UErrorCode status = U_ZERO_ERROR;
  format->format(names.data(), values.data(), static_cast<int32_t>(values.size()), out, status);
  if (U_FAILURE(status)) {
    LOG_ERROR("message \"" << pattern << "\" (" << tag_of(lang) << ") failed: " << u_errorName(status));
    return {};
  }
  return utf8(out);
}

std::string say(Lang lang, std::string_view key, const json& args, std::string_view zone) {
  const char* pattern = pattern_of(lang, key);
  if (!pattern) {
    LOG_ERROR("no message " << key << " in the catalog");
    return std::string(key);
  }
  std::string out = format(lang, pattern, args, zone);
  return out.empty() ? std::string(key) : out;
}

std::string say(Lang lang, const Bilingual& text, const json& args, std::string_view zone) {
  const char* pattern = lang == Lang::es && text.es ? text.es : text.en;
  if (!pattern) return {};
  std::string out = format(lang, pattern, args, zone);
  return out.empty() ? std::string(pattern) : out;
}

Status refusal(std::string code, Bilingual text, const json& args) {
  return Status::refusal(std::move(code), text, args.dump(-1, ' ', false, json::error_handler_t::replace),
                         say(Lang::en, text, args));
}

std::string message_of(Lang lang, const Status& status, std::string_view zone) {
  if (!status.text().en || lang == Lang::en) return status.message();
  const json args = json::parse(status.args_json(), nullptr, /*allow_exceptions=*/false);
  std::string out = say(lang, status.text(), args.is_object() ? args : json::object(), zone);
  return out.empty() ? status.message() : out;
}

json message(std::string_view key, json args) {
  return {{"key", std::string(key)}, {"args", std::move(args)}};
}

std::string render(Lang lang, const json& m, std::string_view zone) {
  if (m.is_object() && m.contains("key") && m["key"].is_string()) {
    return say(lang, m["key"].get<std::string>(), m.value("args", json::object()), zone);
  }
  if (m.is_object() && m.contains("text") && m["text"].is_string()) return m["text"].get<std::string>();
  return m.is_string() ? m.get<std::string>() : std::string();
}

}  // namespace collegial::i18n
