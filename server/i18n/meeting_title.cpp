#include "i18n/meeting_title.hpp"

#include "i18n/messages.hpp"

namespace collegial::i18n {

std::string meeting_title(Lang lang, const nlohmann::json& m, const std::string& body_name) {
  // The minutes of a meeting held without notice have no title of anyone's: their record keeps
  // the fallback "meeting" with no kind (the record is verified as it is, so it stays so).
  const bool untitled = m.value("kind", "").empty() && m.value("title", "") == "meeting";
  if (!m.value("title_default", false) && !untitled) return m.value("title", "");
  return say(lang, "site.meeting.default_title",
             {{"kind", untitled ? std::string("unnoticed") : m.value("kind", "")}, {"name", body_name}});
}

}  // namespace collegial::i18n
