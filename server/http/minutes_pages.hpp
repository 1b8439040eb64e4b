// The minutes on the public website (R2, R3): anyone may read drafts, marked DRAFT, and every
// approved version; nobody edits them here (edits are protocol operations of the clerk).
//
//   GET /public/<body>/minutes                      every meeting's minutes: status, due date
//   GET /public/<body>/minutes/<n>                  the current text (draft or official)
//   GET /public/<body>/minutes/<n>/v<k>             approved version k (older ones stay readable)
//   … with .md, .json or .pdf appended to either    Markdown, the minutes document, PDF
//
// The minutes document (.json) and the Markdown carry the room's newest signed checkpoint
// beside what they say, not inside it: `checkpoint` is outside `content` and its digest, and
// `collegiald verify --minutes` ignores it (`verify --checkpoints` reads it).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "util/clock.hpp"
#include "core/room_hub.hpp"
#include "http/public_site.hpp"
#include "store/directory.hpp"

namespace collegial::http {

// `tail` is the path after /public/<body> ("/minutes", "/minutes/3/v1.pdf"…).
// `checkpoint` is the body's room's newest checkpoint (Checkpoint::to_json), or null.
// Everything is written in `lang`, the PDF and Markdown included.
PublicAnswer minutes_pages(core::RoomHub& hub, const store::Body& body, std::string_view tail, i18n::Lang lang,
                           std::int64_t now_ms, const nlohmann::json& checkpoint = nullptr);

}  // namespace collegial::http
