// The minutes as a PDF (R3: the approved version is published and kept), with a roll-call table
// for every vote. Laid out with Pango and drawn with cairo (Debian's libpango1.0 and libcairo2):
// real text, so it can be searched, copied and read aloud, in DejaVu Sans for every accent
// the bodies' names and Spanish text need. Tagged (structure, headings, lists, tables, title,
// language) so a screen reader reads it in order.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "i18n/lang.hpp"
#include "util/result.hpp"

namespace collegial::plugins {

// The PDF file's bytes for `doc` (a minutes document), US Letter. Errors: pdf_failed with
// cairo's reason.
Result<std::string> minutes_pdf(const nlohmann::json& doc, i18n::Lang lang = i18n::Lang::en);

}  // namespace collegial::plugins
