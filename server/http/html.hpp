// Small, safe pieces for server-rendered pages: escaping and the page frame.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

#include "i18n/lang.hpp"
#include "i18n/meeting_title.hpp"
#include "util/html_escape.hpp"

namespace collegial::http::html {

using collegial::html::escape;  // util/html_escape.hpp

// A whole accessible page in `lang`: <html lang>, viewport for phones, skip link, header with
// the site's name, navigation and a link to the same page (`here`, the path) in the other
// language, one <main> landmark holding `body` (already HTML), a footer.
std::string page(i18n::Lang lang, std::string_view title, std::string_view body, std::string_view here);

// `page` (made by page()) with `note_html` added as one more paragraph of its footer.
std::string with_footer_note(std::string page, std::string_view note_html);

// "Thursday, December 10, 2026, 2:00 PM MST" in `zone`, in `lang`, escaped.
std::string when(i18n::Lang lang, std::int64_t ms, const std::string& zone);

// A table cell whose content (already HTML) keeps its column's name (`label`, escaped) for
// narrow screens, where rows stack (WCAG 1.4.10).
std::string cell(const std::string& label, const std::string& content);

using i18n::meeting_title;  // i18n/meeting_title.hpp

// A text the record keeps in both languages (`field` in English, `field`_es in Spanish: a posted
// notice), in `lang`; one recorded before it had Spanish, as recorded. Not escaped.
std::string in_language(i18n::Lang lang, const nlohmann::json& record, const std::string& field);

// `key` of the catalog (i18n/messages.hpp) in `lang`, escaped.
std::string say(i18n::Lang lang, std::string_view key, const nlohmann::json& args = nlohmann::json::object(),
                const std::string& zone = "America/Denver");

}  // namespace collegial::http::html
