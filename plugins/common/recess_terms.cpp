#include "common/recess_terms.hpp"

#include "core/plugin.hpp"
#include "util/local_time.hpp"

namespace collegial::plugins {

Result<RecessTerms> recess_terms(const nlohmann::json& args, const std::string& zone,
                                 std::int64_t now_ms) {
  RecessTerms terms;
  terms.place = args.value("place", "");
  terms.remote = args.value("remote", "");
  const std::string until = args.value("until", "");
  if (until.empty()) return terms;
  auto at = local_to_utc_ms(until, zone);
  if (!at) return at.status();
  if (at.value() <= now_ms) {
    return core::refuse("bad_field", {"a recess continues at a later time", "un receso continúa en un momento posterior"});
  }
  terms.until_ms = at.value();
  terms.later_day = local_date(at.value(), zone) != local_date(now_ms, zone);
  // N8: a recess to a later day states the date, time and place of the continuation.
  if (terms.later_day && terms.place.empty()) {
    return core::refuse("needs_place",
                        {"N8: a recess to a later day states the date, time and place where the "
                         "meeting continues",
                         "N8: un receso hasta otro día indica la fecha, la hora y el lugar donde continúa "
                         "la reunión"});
  }
  return terms;
}

}  // namespace collegial::plugins
