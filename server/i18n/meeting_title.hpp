// A meeting's title as people read it, in either language: the public pages and the minutes'
// exports both name meetings so.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "i18n/lang.hpp"

namespace collegial::i18n {

// A meeting's title (a meeting of the notice plugin's view): the clerk's words, or, when the
// clerk gave none, the one Collegial wrote ("Special meeting of the …") in `lang`. Not escaped.
std::string meeting_title(Lang lang, const nlohmann::json& meeting, const std::string& body_name);

}  // namespace collegial::i18n
