// The minutes' text exports: Markdown, and the HTML article of the public page (R2, R3).
// Both render the same outline (minutes_outline.hpp); the PDF is minutes_pdf.hpp.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "i18n/lang.hpp"

namespace collegial::plugins {

// The whole document as Markdown (tables as pipe tables).
std::string minutes_markdown(const nlohmann::json& doc, i18n::Lang lang = i18n::Lang::en);

// An <article> with the minutes, every text escaped; the page around it is the caller's.
std::string minutes_html(const nlohmann::json& doc, i18n::Lang lang = i18n::Lang::en);

}  // namespace collegial::plugins
