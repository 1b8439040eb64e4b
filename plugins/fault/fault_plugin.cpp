#include "fault/fault_plugin.hpp"

#include <stdexcept>
#include <string>
#include <utility>

namespace collegial::plugins {

Result<std::vector<core::Proposed>> FaultPlugin::decide(const core::Command& command,
                                                        const core::RoomContext&) const {
  return core::refuse("unknown_operation", {"the fault plugin answers no operation ''{op}''",
                                            "el complemento fault no responde a ninguna operación ''{op}''"},
                       {{"op", command.op}});
}

void FaultPlugin::apply(const record::Event& event, const nlohmann::json& body) {
  if (event.type != "chat.message" || !body.is_object()) return;
  const std::string text = body.value("text", "");
  if (text.find("[[fault:apply]]") != std::string::npos) {
    throw std::runtime_error("injected fault: apply of seq " + std::to_string(event.seq));
  }
  if (text.find("[[fault:view]]") != std::string::npos) view_fails_ = true;
  if (text.find("[[fault:disconnect]]") != std::string::npos) disconnect_fails_.insert(event.actor);
}

std::vector<core::Proposed> FaultPlugin::on_disconnect(std::int64_t person_id,
                                                       const core::RoomContext&) const {
  if (disconnect_fails_.count("person:" + std::to_string(person_id)) > 0) {
    throw std::runtime_error("injected fault: departure of person " + std::to_string(person_id));
  }
  return {};
}

nlohmann::json FaultPlugin::view() const {
  if (view_fails_) throw std::runtime_error("injected fault: view");
  return nlohmann::json::object();
}

// Saves the faults armed so far: whether view() throws, and whose departure throws.
nlohmann::json FaultPlugin::snapshot() const {
  return {{"v", 1}, {"view_fails", view_fails_}, {"disconnect_fails", disconnect_fails_}};
}

// Takes the faults back from snapshot(); refuses another format or a mistyped field.
void FaultPlugin::restore(const nlohmann::json& state) {
  const nlohmann::json& v = state.at("v");
  if (!v.is_number_integer() || v.get<std::int64_t>() != 1) throw std::runtime_error("fault snapshot: not format 1");
  const nlohmann::json& view_fails = state.at("view_fails");
  const nlohmann::json& disconnect_fails = state.at("disconnect_fails");
  if (!view_fails.is_boolean() || !disconnect_fails.is_array()) {
    throw std::runtime_error("fault snapshot: mistyped field");
  }
  std::set<std::string> actors;
  for (const auto& actor : disconnect_fails) actors.insert(actor.get<std::string>());
  view_fails_ = view_fails.get<bool>();
  disconnect_fails_ = std::move(actors);
}

}  // namespace collegial::plugins
