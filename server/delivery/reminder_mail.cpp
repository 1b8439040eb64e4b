#include "delivery/reminder_mail.hpp"

#include "util/log.hpp"

namespace collegial::delivery {

int record_reminder_mails(Outbox& outbox, store::Directory& directory, const store::RoomRecord& room,
                          const record::Event& event, const nlohmann::json& body, std::int64_t now_ms) {
  if (event.type != "webinar.reminder" || !room.body_id || !body.is_object()) return 0;
  if (now_ms >= body.value("starts_ms", std::int64_t{0})) return 0;
  int made = 0;
  try {
    for (const auto& id : body.value("registrants", nlohmann::json::array())) {
      if (!id.is_number_integer()) continue;
      const auto person = directory.person_by_id(id.get<std::int64_t>());
      if (!person || person->email.empty()) continue;
      PersonMail mail{*room.body_id,
                      person->name,
                      person->email,
                      room.name + ":" + std::to_string(event.seq),
                      "Reminder: " + body.value("title", "") + ", " + body.value("starts_text", ""),
                      "Hello " + person->name + ",\n\n" + body.value("text", "") +
                          "\n\nYou registered for this webinar in Collegial. To give up your seat, "
                          "unregister in the circle's room so the next person on the waitlist gets it.\n"};
      auto r = outbox.record_mail(mail, now_ms);
      if (!r) {
        LOG_ERROR("L2: reminder " << mail.source << " for " << person->email << ": " << r.status().message());
        continue;
      }
      made += r.value() ? 1 : 0;
    }
  } catch (const std::exception& e) {
    LOG_ERROR("L2: reminder " << room.name << ":" << event.seq << ": " << e.what());
  }
  return made;
}

}  // namespace collegial::delivery
