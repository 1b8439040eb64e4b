#include "util/bounded_json.hpp"

namespace collegial {

std::size_t json_nesting_depth(std::string_view text, std::size_t limit) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

nlohmann::json parse_bounded_json(std::string_view text, JsonProblem& problem,
                                  std::size_t max_depth) {
  if (json_nesting_depth(text, max_depth) > max_depth) {
    problem = JsonProblem::too_deep;
    return nlohmann::json(nlohmann::json::value_t::discarded);
  }
  nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  problem = value.is_discarded() ? JsonProblem::invalid : JsonProblem::none;
  return value;
}

nlohmann::json parse_bounded_json(std::string_view text, std::size_t max_depth) {
  JsonProblem ignored;
  return parse_bounded_json(text, ignored, max_depth);
}

}  // namespace collegial
