// The server's checkpoints, published (docs/architecture.md, "Checkpoints and witnesses"):
//
//   GET /public/checkpoints.jsonl                every checkpoint, one JSON line each, oldest
//                                                first; append-only, so a mirror keeps what it
//                                                has and appends what is new
//   GET /public/checkpoints/<room>.jsonl         the same for one room
//   GET /.well-known/collegial/checkpoint-key    the current public key (PEM)
//   GET /.well-known/collegial/checkpoint-key.json  every key ever used: id, PEM, first use
//
// and the line each public page of a body carries about its room's newest checkpoint.
// Thread-safe (the checkpointer's log serializes its reads).
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "core/checkpointer.hpp"
#include "http/public_site.hpp"

namespace collegial::http {

// True for the paths above.
bool is_checkpoint_path(std::string_view path);

// The answer for one of those paths; 404 for anything else under them.
PublicAnswer checkpoint_answer(core::Checkpointer& checkpoints, std::string_view path);

// One paragraph of HTML for a page's footer: the newest checkpoint of `room` (seq, hash prefix,
// when and why it was signed, in `zone`) with links to the room's feed and the key; a sentence
// saying there is none yet otherwise.
std::string witness_note(i18n::Lang lang, const std::optional<store::Checkpoint>& checkpoint, const std::string& room,
                         const std::string& zone);

}  // namespace collegial::http
