// The administration operations of rule N7, behind `collegiald admin` and POST /api/admin/…
// like every other (core/administration.cpp hands them here):
//
//   add-media-subscriber: body name (email | webhook) requested [secret]
//   end-media-subscriber: id
//   list-media-subscribers: body
//   list-deliveries: body [source]
//   retry-delivery: id
//
// Arguments are a JSON object of strings (numbers for ids are accepted). Errors: missing_field,
// bad_field, not_found (no such body or subscriber), already_ended, store_failed; an operation
// that fails changes nothing. Thread-safe as the outbox and the directory are.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "delivery/outbox.hpp"
#include "store/directory.hpp"
#include "util/result.hpp"

namespace collegial::delivery {

// Runs `operation` when it is one of the above, at `now_ms`; nothing when it is not.
std::optional<Result<nlohmann::json>> run_media_operation(Outbox& outbox,
                                                          store::Directory& directory,
                                                          const std::string& operation,
                                                          const nlohmann::json& args,
                                                          std::int64_t now_ms);

// "add-media-subscriber: …" lines for --help.
std::vector<std::string> media_operations();

}  // namespace collegial::delivery
