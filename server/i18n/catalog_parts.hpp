// The catalog's parts, one file per area of the server (catalog_*.cpp): each is a list of
// {key, English, Spanish}. Keys are dotted, area first ("site.", "notice.", "minutes.", "feed.").
#pragma once

#include <span>

#include "i18n/messages.hpp"

namespace collegial::i18n {

std::span<const Entry> site_entries();     // the public pages and their frame
std::span<const Entry> notice_entries();   // lawful-notice findings (N2-N4, N9)
std::span<const Entry> minutes_entries();  // the minutes in HTML, Markdown and PDF
std::span<const Entry> feed_entries();     // the Atom and iCalendar feeds

}  // namespace collegial::i18n
