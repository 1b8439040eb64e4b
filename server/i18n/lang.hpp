// The languages Collegial speaks to people, and how a request for a page chooses one.
//
// A reader's language comes, in this order, from a `lang=` in the address (the switch link on
// every page; the answer then sets a cookie so the choice is remembered without JavaScript),
// from that cookie, from the browser's Accept-Language, and otherwise English.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace collegial::i18n {

enum class Lang { en, es };

inline constexpr Lang kAllLangs[] = {Lang::en, Lang::es};

// "en", "es": the BCP 47 tag pages declare in <html lang>.
std::string_view tag_of(Lang lang);

// The other language: the one the switch link offers.
Lang other(Lang lang);

// "es", "es-MX", "ES_us" → es; "en-GB" → en; anything else → nothing.
std::optional<Lang> parse_lang(std::string_view tag);

// The best of our languages by an Accept-Language header's preferences (q-values honoured,
// "*" and unknown tags skipped); English when it names none of ours.
Lang from_accept_language(std::string_view header);

// The cookie that remembers a reader's choice.
inline constexpr std::string_view kCookie = "collegial_lang";

struct Choice {
  Lang lang = Lang::en;
  bool from_query = false;  // chosen by `lang=` now: the answer sets the cookie
};

// `query`: the address after '?', `cookies`: the Cookie header, `accept`: Accept-Language.
Choice choose(std::string_view query, std::string_view cookies, std::string_view accept);

// The Set-Cookie value that remembers `lang` for a year on every page of the site.
std::string remember_cookie(Lang lang);

}  // namespace collegial::i18n
