// Text made safe to place in HTML: what every layer that writes HTML needs (the public pages,
// the minutes' exports), so it lives below them all.
#pragma once

#include <string>
#include <string_view>

namespace collegial::html {

// Text or an attribute value made safe for HTML (& < > " ').
std::string escape(std::string_view text);

}  // namespace collegial::html
