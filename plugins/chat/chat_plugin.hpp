// The room's conversation (L1): replies, edits and deletions by their author, and moderation.
//
// Chat messages are the room's own events (`say` → chat.message); this plugin keeps who wrote
// each one so that:
// - its author may edit it (`chat.edit` → chat.edited) or delete it (`chat.delete` →
//   chat.deleted), nobody else;
// - a moderator (policy action moderate: facilitators in a circle, the presiding officers in a
//   body's room) may remove it (`chat.remove` → chat.removed, with a reason) and mute someone
//   for a while or until unmuted (`chat.mute`, `chat.unmute`); a muted person's messages,
//   replies and edits are refused;
// - a reply (`say` with reply_to) answers a message that exists and is not deleted or removed.
// The log keeps every original: edits, deletions and removals are later events that clients
// apply, so the record stays complete and verifiable (R4) while the conversation reads as its
// authors and moderators left it.
#pragma once

#include <map>

#include "chat/message_index.hpp"
#include "core/plugin.hpp"

namespace collegial::plugins {

class ChatPlugin final : public core::Plugin {
 public:
  std::string_view name() const override { return "chat"; }
  std::vector<core::Operation> operations() const override;
  Result<std::vector<core::Proposed>> decide(const core::Command& command,
                                             const core::RoomContext& context) const override;
  void apply(const record::Event& event, const nlohmann::json& body) override;
  Status check_message(const nlohmann::json& message, const auth::Principal& who,
                       std::int64_t now_ms) const override;
  // {"muted": [{person, name, until_ms (null: until unmuted), by}]}: small, whatever the
  // length of the conversation (clients fold the chat events themselves).
  nlohmann::json view() const override;
  nlohmann::json snapshot() const override;
  void restore(const nlohmann::json& state) override;
  std::optional<Redaction> redacts(const record::Event& event, const nlohmann::json& body) const override;

 private:
  struct Mute {
    std::string name;
    std::int64_t until_ms = 0;  // 0: until unmuted
    std::string until_text;     // in the body's zone, for the refusal
    std::string by;
    std::string reason;
  };
  Status muted(const auth::Principal& who, std::int64_t now_ms) const;

  MessageIndex messages_;                     // every message's author, whether gone, its edits
  std::map<std::int64_t, Mute> muted_;        // by person id
};

}  // namespace collegial::plugins
