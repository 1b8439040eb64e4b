// One HTTP(S) GET through libcurl, for `collegiald verify --checkpoints URL`.
#pragma once

#include <chrono>
#include <string>

#include "util/result.hpp"

namespace collegial::delivery {

// The body of a 200 answer to GET `url` (http or https, no redirects followed, at most 64 MiB),
// within `timeout`. `send_failed` when the transfer fails, `bad_answer` for another status.
Result<std::string> http_get(const std::string& url, std::chrono::milliseconds timeout);

}  // namespace collegial::delivery
