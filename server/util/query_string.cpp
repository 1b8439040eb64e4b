#include "util/query_string.hpp"

namespace collegial {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Result<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= text.size() || hex_value(text[i + 1]) < 0 || hex_value(text[i + 2]) < 0) {
        return Status::error("bad_query", std::string("'%' must be followed by two hexadecimal digits in '").append(text) + "'");
      }
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

Result<std::vector<QueryParam>> parse_query(std::string_view query) {
  std::vector<QueryParam> out;
  if (query.empty()) return out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t amp = query.find('&', start);
    const std::string_view part = query.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    if (part.empty()) return Status::error("bad_query", "the query has an empty parameter (two '&' together, or one at an end)");
    const std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      return Status::error("bad_query", std::string("the parameter '").append(part) + "' has no '=' (write key=value)");
    }
    auto key = percent_decode(part.substr(0, eq));
    if (!key) return key.status();
    if (key.value().empty()) return Status::error("bad_query", std::string("the parameter '").append(part) + "' has no name");
    auto value = percent_decode(part.substr(eq + 1));
    if (!value) return value.status();
    out.push_back(QueryParam{std::move(key.value()), std::move(value.value())});
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  return out;
}

}  // namespace collegial
