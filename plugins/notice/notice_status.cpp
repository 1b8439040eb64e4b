#include "notice/notice_status.hpp"

namespace collegial::plugins {

namespace {

constexpr std::int64_t kHour = 3'600'000;

// "10 days" or "72 hours": the requirement as the body's resolution states it.
std::string describe_hours(std::int64_t hours) {
  if (hours % 24 == 0 && hours >= 48) return std::to_string(hours / 24) + " days";
  return std::to_string(hours) + " hours";
}

}  // namespace

std::string describe_lead(std::int64_t ms, bool in_days) {
  if (ms < 0) return "after the meeting began";
  const std::int64_t minutes = ms / 60'000;
  const std::int64_t hours = minutes / 60;
  if (in_days && hours >= 48) {
    const std::int64_t days = hours / 24, rest = hours % 24;
    std::string text = std::to_string(days) + " days";
    // Appended: "literal" + std::string&& trips a g++ 12 -O3 -Wrestrict false
    // positive (GCC PR 105329), an error in a Release build.
    if (rest) text.append(" ").append(std::to_string(rest)).append(" h");
    return text;
  }
  const std::int64_t rest = minutes % 60;
  std::string text = std::to_string(hours) + " h";
  if (rest) text.append(" ").append(std::to_string(rest)).append(" min");
  return text;
}

NoticeStatus assess_notice(const NoticeRules& rules, std::int64_t starts_ms,
                           const std::vector<Posting>& postings) {
  NoticeStatus status;
  std::vector<std::string> failures, passes;
  const Posting* first = nullptr;
  const Posting* final_agenda = nullptr;  // the last agenda posted before the meeting
  for (const Posting& p : postings) {
    if (p.at_ms > starts_ms) continue;
    if (!first) first = &p;
    if (p.agenda_version > 0) final_agenda = &p;
  }
  const bool emergency = rules.kind == "emergency";
  // N2 (with N3: the notice gives date, time and place; the plugin refuses one without).
  const std::string resolution =
      "body's resolution: " + describe_hours(rules.notice_hours) + " for " + rules.kind + " meetings";
  if (!first) {
    failures.push_back("no notice was posted before the meeting (N2, N3; " + resolution + ")");
  } else {
    const std::int64_t lead = starts_ms - first->at_ms;
    const bool days = rules.notice_hours % 24 == 0 && rules.notice_hours >= 48;
    const std::string line =
        "notice " + describe_lead(lead, days) + " before the meeting (" + resolution + ")";
    (lead >= rules.notice_hours * kHour ? passes : failures).push_back(line);
  }
  // N4: except in an emergency, the agenda is public 72 hours before.
  if (emergency) {
    passes.push_back("emergency meeting: the 72-hour agenda rule does not apply (N4, N6)");
  } else if (!final_agenda) {
    failures.push_back("no agenda was posted before the meeting (N3, N4 requires " +
                       std::to_string(rules.agenda_hours) + " h)");
  } else {
    const std::int64_t lead = starts_ms - final_agenda->at_ms;
    // Hours near the 72-hour line ("71 h 59 min"); days when it is far from it.
    const std::string line = "agenda public " + describe_lead(lead, lead >= 96 * kHour) +
                             " before the meeting (N4 requires " +
                             std::to_string(rules.agenda_hours) + " h)";
    (lead >= rules.agenda_hours * kHour ? passes : failures).push_back(line);
  }
  status.lawful = failures.empty();
  status.failures = failures.size();
  status.findings = std::move(failures);
  status.findings.insert(status.findings.end(), passes.begin(), passes.end());
  return status;
}

}  // namespace collegial::plugins
