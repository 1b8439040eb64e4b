#include "webinar/recurrence.hpp"

#include <libical/ical.h>

#include <algorithm>
#include <cstdio>

#include "i18n/messages.hpp"
#include "util/local_time.hpp"

namespace collegial::plugins {

namespace {

// "2026-11-03T16:00" ↔ libical's floating local time.
icaltimetype to_ical(const std::string& local) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  if (std::sscanf(local.c_str(), "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) != 5) return icaltime_null_time();
  icaltimetype t = icaltime_null_time();
  t.year = y;
  t.month = mo;
  t.day = d;
  t.hour = h;
  t.minute = mi;
  t.is_date = 0;
  return t;
}

std::string from_ical(const icaltimetype& t) {
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d", t.year, t.month, t.day, t.hour, t.minute);
  return out;
}

Status bad(Bilingual text, const nlohmann::json& args = nlohmann::json::object()) {
  return i18n::refusal("bad_field", text, args);
}

}  // namespace

Result<std::vector<Occurrence>> expand(const std::string& starts_local, int minutes, const std::string& rrule,
                                       const std::vector<std::string>& exdates, const std::string& zone) {
  std::vector<std::string> starts;
  if (rrule.empty()) {
    starts.push_back(starts_local);
  } else {
    const icaltimetype first = to_ical(starts_local);
    if (icaltime_is_null_time(first)) return bad({"starts is a local time, YYYY-MM-DDTHH:MM", "starts es una fecha y hora local: YYYY-MM-DDTHH:MM"});
    icalerror_clear_errno();
    const icalrecurrencetype recur = icalrecurrencetype_from_string(rrule.c_str());
    if (recur.freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR) {
      icalerror_clear_errno();
      return bad({"rrule is not an RFC 5545 recurrence rule: ''{rrule}''",
                  "rrule no es una regla de recurrencia RFC 5545: ''{rrule}''"},
                 {{"rrule", rrule}});
    }
    if (recur.count == 0 && icaltime_is_null_time(recur.until)) {
      return bad({"rrule needs COUNT or UNTIL, so the series ends",
                  "rrule necesita COUNT o UNTIL, para que la serie termine"});
    }
    // Sessions repeat by the day, week or month. (Finer frequencies with filters that never
    // match would keep libical stepping through years of seconds.)
    if (recur.freq != ICAL_DAILY_RECURRENCE && recur.freq != ICAL_WEEKLY_RECURRENCE &&
        recur.freq != ICAL_MONTHLY_RECURRENCE) {
      return bad({"rrule repeats DAILY, WEEKLY or MONTHLY", "rrule solo puede repetirse DAILY, WEEKLY o MONTHLY"});
    }
    icalrecur_iterator* it = icalrecur_iterator_new(recur, first);
    if (!it) {
      return bad({"rrule cannot be expanded: ''{rrule}''", "no se puede expandir rrule: ''{rrule}''"},
                 {{"rrule", rrule}});
    }
    for (icaltimetype t = icalrecur_iterator_next(it); !icaltime_is_null_time(t); t = icalrecur_iterator_next(it)) {
      if (starts.size() == kMaxOccurrences) {
        icalrecur_iterator_free(it);
        return bad({"the series has more than {max} sessions", "la serie tiene más de {max} sesiones"},
                   {{"max", kMaxOccurrences}});
      }
      starts.push_back(from_ical(t));
    }
    icalrecur_iterator_free(it);
  }
  for (const std::string& ex : exdates) {
    const auto hit = std::find(starts.begin(), starts.end(), ex);
    if (hit == starts.end()) {
      return bad({"exdate {exdate} is not a session of the series", "exdate {exdate} no es una sesión de la serie"},
                 {{"exdate", ex}});
    }
    starts.erase(hit);
  }
  if (starts.empty()) return bad({"the series has no sessions", "la serie no tiene sesiones"});
  std::vector<Occurrence> out;
  for (const std::string& local : starts) {
    auto at = local_to_utc_ms(local, zone);
    if (!at) return at.status();  // names a time skipped or repeated by a daylight-saving change
    out.push_back({local, at.value(), at.value() + std::int64_t{minutes} * 60'000});
  }
  return out;
}

}  // namespace collegial::plugins
