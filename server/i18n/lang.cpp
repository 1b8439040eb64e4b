#include "i18n/lang.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace collegial::i18n {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Calls `each(name, value)` for every `name=value` in a list split by `separator`.
template <typename Each>
void for_each_pair(std::string_view list, char separator, Each each) {
  while (!list.empty()) {
    const auto end = list.find(separator);
    const std::string_view item = trim(list.substr(0, end));
    const auto eq = item.find('=');
    if (eq != std::string_view::npos) each(trim(item.substr(0, eq)), trim(item.substr(eq + 1)));
    if (end == std::string_view::npos) break;
    list.remove_prefix(end + 1);
  }
}

}  // namespace

std::string_view tag_of(Lang lang) { return lang == Lang::es ? "es" : "en"; }

Lang other(Lang lang) { return lang == Lang::es ? Lang::en : Lang::es; }

std::optional<Lang> parse_lang(std::string_view tag) {
  if (tag.size() < 2 || (tag.size() > 2 && tag[2] != '-' && tag[2] != '_')) return std::nullopt;
  const char a = static_cast<char>(std::tolower(static_cast<unsigned char>(tag[0])));
  const char b = static_cast<char>(std::tolower(static_cast<unsigned char>(tag[1])));
  if (a == 'e' && b == 's') return Lang::es;
  if (a == 'e' && b == 'n') return Lang::en;
  return std::nullopt;
}

Lang from_accept_language(std::string_view header) {
  std::optional<Lang> best;
  double best_q = 0.0;
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view item = trim(header.substr(0, comma));
    double q = 1.0;
    if (const auto semi = item.find(';'); semi != std::string_view::npos) {
      for_each_pair(item.substr(semi + 1), ';', [&](std::string_view name, std::string_view value) {
        if (name == "q" || name == "Q") q = std::strtod(std::string(value).c_str(), nullptr);
      });
      item = trim(item.substr(0, semi));
    }
    // The first of equal preferences wins, as the header lists them.
    if (const auto lang = parse_lang(item); lang && q > 0.0 && q > best_q) {
      best = lang;
      best_q = q;
    }
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return best.value_or(Lang::en);
}

Choice choose(std::string_view query, std::string_view cookies, std::string_view accept) {
  std::optional<Lang> asked;
  for_each_pair(query, '&', [&](std::string_view name, std::string_view value) {
    if (name == "lang") asked = parse_lang(value);
  });
  if (asked) return {*asked, true};
  std::optional<Lang> remembered;
  for_each_pair(cookies, ';', [&](std::string_view name, std::string_view value) {
    if (name == kCookie) remembered = parse_lang(value);
  });
  if (remembered) return {*remembered, false};
  return {from_accept_language(accept), false};
}

std::string remember_cookie(Lang lang) {
  return std::string(kCookie) + "=" + std::string(tag_of(lang)) +
         "; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly";
}

}  // namespace collegial::i18n
