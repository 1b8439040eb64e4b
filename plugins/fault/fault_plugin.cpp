#include "fault/fault_plugin.hpp"

#include <stdexcept>

namespace collegial::plugins {

Result<std::vector<core::Proposed>> FaultPlugin::decide(const core::Command& command,
                                                        const core::RoomContext&) const {
  return core::refuse("unknown_operation", {"the fault plugin answers no operation ''{op}''",
                                            "el complemento fault no responde a ninguna operación ''{op}''"},
                       {{"op", command.op}});
}

void FaultPlugin::apply(const store::Event& event, const nlohmann::json& body) {
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

}  // namespace collegial::plugins
