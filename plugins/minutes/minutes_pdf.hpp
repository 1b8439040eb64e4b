// The minutes as a PDF (R3: the approved version is published and kept), with a roll-call table
// for every vote. Laid out with Pango and drawn with cairo (Debian's libpango1.0 and libcairo2):
// real text, so it can be searched, copied and read aloud, in DejaVu Sans for every accent
// the bodies' names and Spanish text need.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "util/result.hpp"

namespace collegial::plugins {

// The PDF file's bytes for `doc` (a minutes document), US Letter. Errors: pdf_failed with
// cairo's reason.
Result<std::string> minutes_pdf(const nlohmann::json& doc);

}  // namespace collegial::plugins
