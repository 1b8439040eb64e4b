// A plugin that fails on purpose, for tests only (collegiald --test-faults).
//
// Real plugins are meant never to throw, but a defect in one must not take the server down or
// keep it from starting (core/room.hpp: "A failed room"). Tests prove that through the real
// server by saying a chat message that names the fault to inject:
//   "[[fault:apply]]"       apply() throws on that very event (and again on every replay of it);
//   "[[fault:view]]"        view() throws from then on;
//   "[[fault:disconnect]]"  on_disconnect() throws when the speaker's last connection leaves.
// Without the marker it does nothing at all. It is never in a room unless the flag is given.
#pragma once

#include <set>

#include "core/plugin.hpp"

namespace collegial::plugins {

class FaultPlugin final : public core::Plugin {
 public:
  std::string_view name() const override { return "fault"; }
  std::vector<core::Operation> operations() const override { return {}; }
  Result<std::vector<core::Proposed>> decide(const core::Command& command,
                                             const core::RoomContext& context) const override;
  void apply(const record::Event& event, const nlohmann::json& body) override;
  std::vector<core::Proposed> on_disconnect(std::int64_t person_id,
                                            const core::RoomContext& context) const override;
  nlohmann::json view() const override;
  nlohmann::json snapshot() const override;
  void restore(const nlohmann::json& state) override;

 private:
  bool view_fails_ = false;
  std::set<std::string> disconnect_fails_;  // actors whose departure throws
};

}  // namespace collegial::plugins
