// Small, safe pieces for server-rendered pages: escaping and the page frame.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace collegial::http::html {

// Text or an attribute value made safe for HTML (& < > " ').
std::string escape(std::string_view text);

// A whole accessible page: language, viewport for phones, skip link, header with the site's
// name and navigation, one <main> landmark holding `body` (already HTML), a footer.
std::string page(std::string_view title, std::string_view body);

// `page` (made by page()) with `note_html` added as one more paragraph of its footer.
std::string with_footer_note(std::string page, std::string_view note_html);

// "Thursday, December 10, 2026, 2:00 PM MST" in `zone`, escaped.
std::string when(std::int64_t ms, const std::string& zone);

}  // namespace collegial::http::html
