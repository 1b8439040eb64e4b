#include "notice/notice_status.hpp"

#include "i18n/messages.hpp"

namespace collegial::plugins {

namespace {

constexpr std::int64_t kHour = 3'600'000;

using nlohmann::json;

// "10 days" or "72 hours": the requirement as the body's resolution states it.
json required_span(std::int64_t hours) {
  if (hours % 24 == 0 && hours >= 48) return i18n::message("notice.span", {{"unit", "days"}, {"count", hours / 24}});
  return i18n::message("notice.span", {{"unit", "hours"}, {"count", hours}});
}

}  // namespace

json lead_message(std::int64_t ms, bool in_days) {
  if (ms < 0) return i18n::message("notice.lead", {{"mode", "after"}, {"big", 0}, {"small", 0}});
  const std::int64_t minutes = ms / 60'000;
  const std::int64_t hours = minutes / 60;
  if (in_days && hours >= 48) return i18n::message("notice.lead", {{"mode", "days"}, {"big", hours / 24}, {"small", hours % 24}});
  return i18n::message("notice.lead", {{"mode", "hours"}, {"big", hours}, {"small", minutes % 60}});
}

std::string describe_lead(std::int64_t ms, bool in_days) { return i18n::render(i18n::Lang::en, lead_message(ms, in_days)); }

NoticeStatus assess_notice(const NoticeRules& rules, std::int64_t starts_ms,
                           const std::vector<Posting>& postings) {
  NoticeStatus status;
  std::vector<json> failures, passes;
  const Posting* first = nullptr;
  const Posting* final_agenda = nullptr;  // the last agenda posted before the meeting
  for (const Posting& p : postings) {
    if (p.at_ms > starts_ms) continue;
    if (!first) first = &p;
    if (p.agenda_version > 0) final_agenda = &p;
  }
  const bool emergency = rules.kind == "emergency";
  // N2 (with N3: the notice gives date, time and place; the plugin refuses one without).
  const json resolution = {{"required", required_span(rules.notice_hours)}, {"kind", rules.kind}};
  if (!first) {
    failures.push_back(i18n::message("notice.finding.no_notice", resolution));
  } else {
    const std::int64_t lead = starts_ms - first->at_ms;
    const bool days = rules.notice_hours % 24 == 0 && rules.notice_hours >= 48;
    json args = resolution;
    args["lead"] = lead_message(lead, days);
    (lead >= rules.notice_hours * kHour ? passes : failures).push_back(i18n::message("notice.finding.notice", args));
  }
  // N4: except in an emergency, the agenda is public 72 hours before.
  if (emergency) {
    passes.push_back(i18n::message("notice.finding.emergency_agenda"));
  } else if (!final_agenda) {
    failures.push_back(i18n::message("notice.finding.no_agenda", {{"hours", rules.agenda_hours}}));
  } else {
    const std::int64_t lead = starts_ms - final_agenda->at_ms;
    // Hours near the 72-hour line ("71 h 59 min"); days when it is far from it.
    (lead >= rules.agenda_hours * kHour ? passes : failures)
        .push_back(i18n::message("notice.finding.agenda", {{"lead", lead_message(lead, lead >= 96 * kHour)},
                                                           {"hours", rules.agenda_hours}}));
  }
  status.lawful = failures.empty();
  status.failures = failures.size();
  status.finding_keys = std::move(failures);
  status.finding_keys.insert(status.finding_keys.end(), passes.begin(), passes.end());
  for (const json& f : status.finding_keys) status.findings.push_back(i18n::render(i18n::Lang::en, f));
  return status;
}

NoticeStatus unnoticed_status() {
  NoticeStatus status;
  status.finding_keys.push_back(i18n::message("notice.finding.unnoticed"));
  status.findings.push_back(i18n::render(i18n::Lang::en, status.finding_keys.back()));
  status.failures = 1;
  return status;
}

}  // namespace collegial::plugins
