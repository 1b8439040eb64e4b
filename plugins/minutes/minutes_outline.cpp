#include "minutes/minutes_outline.hpp"

#include <algorithm>
#include <map>

#include "i18n/meeting_title.hpp"
#include "i18n/messages.hpp"
#include "util/local_time.hpp"

namespace collegial::plugins {

using i18n::Lang;
using nlohmann::json;
using Kind = MinutesBlock::Kind;

namespace {

std::string str(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t num(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

class Outline {
 public:
  Outline(const json& doc, Lang lang)
      : doc_(doc), c_(doc.value("content", json::object())), zone_(str(c_, "time_zone")), lang_(lang) {}

  std::vector<MinutesBlock> build() {
    header();
    attendance();
    quorum();
    if (const std::string s = str(c_.value("narrative", json::object()), "summary"); !s.empty()) {
      heading(t("minutes.summary"));
      paragraph(s);
    }
    business();
    closed_sessions();
    recesses();
    corrections();
    adjournment();
    provenance();
    return std::move(blocks_);
  }

 private:
  // A message of the catalog. Each text argument X also comes as X_given ("yes" or "no"), so a
  // pattern leaves out an optional part ("{note_given, select, yes { ({note})} other {}}").
  std::string t(std::string_view key, const json& args = json::object()) const {
    json full = args;
    for (const auto& [name, value] : args.items()) {
      if (value.is_string()) full[name + "_given"] = value.get<std::string>().empty() ? "no" : "yes";
    }
    return i18n::say(lang_, key, full, zone_);
  }
  // A recorded reason ("meeting adjourned") as a select keyword of the catalog ("meeting_adjourned").
  static std::string keyword(std::string text) {
    std::replace(text.begin(), text.end(), ' ', '_');
    return text;
  }
  // "10:00 AM MST" in the body's zone.
  std::string clock_time(const json& at) const {
    return at.is_number_integer() ? i18n::when(lang_, at.get<std::int64_t>(), zone_, i18n::Detail::time) : "";
  }
  std::string when(const json& at) const {
    return at.is_number_integer() ? i18n::when(lang_, at.get<std::int64_t>(), zone_) : "";
  }
  // The meeting's day, from when it was called to order.
  std::string date() const {
    const json at = c_.value("called_to_order_ms", json());
    return at.is_number_integer() ? i18n::when(lang_, at.get<std::int64_t>(), zone_, i18n::Detail::date) : str(c_, "date_text");
  }
  void add(Kind k, std::string text) { blocks_.push_back({k, std::move(text), {}, {}}); }
  void heading(std::string text) { add(Kind::heading, std::move(text)); }
  void paragraph(std::string text) { add(Kind::paragraph, std::move(text)); }
  void list(std::vector<std::string> items) {
    if (!items.empty()) blocks_.push_back({Kind::list, "", std::move(items), {}});
  }
  void table(std::vector<std::vector<std::string>> rows) {
    blocks_.push_back({Kind::table, "", {}, std::move(rows)});
  }

  void header() {
    const std::string title = i18n::meeting_title(lang_, c_, str(c_, "body_name"));
    add(Kind::title, t("minutes.title", {{"title", title}, {"date", date()}}));
    // Every export names the body, whatever the meeting's title says.
    if (const std::string body = str(c_, "body_name"); !body.empty()) paragraph(t("minutes.body", {{"name", body}}));
    const std::int64_t version = num(doc_, "version");
    const json approval = doc_.value("approval", json());
    if (version == 0) {
      std::string s = t("minutes.draft");
      if (const std::string due = str(doc_, "due_date"); !due.empty()) s += " " + t("minutes.due", {{"date", i18n::day(lang_, due, zone_)}});
      if (doc_.value("disapproved", false)) s += " " + t("minutes.disapproved");
      add(Kind::banner, s);
    } else {
      std::string s = t("minutes.official", {{"superseded", str(doc_, "status") == "superseded" ? "yes" : "no"},
                                            {"version", version},
                                            {"disposition", str(approval, "disposition") == "corrected" ? "corrected" : "approved"},
                                            {"on", when(approval.value("approved_ms", json()))},
                                            {"tally", str(approval, "tally")}});
      if (str(doc_, "status") == "superseded") s += " " + t("minutes.current_version", {{"version", num(doc_, "latest_version")}});
      add(Kind::banner, s);
    }
    std::string when_where = t("minutes.called", {{"time", clock_time(c_["called_to_order_ms"])}, {"date", date()},
                                                  {"place", str(c_, "place")}});
    if (const std::string presiding = str(c_, "presiding"); !presiding.empty()) {
      when_where += " " + t("minutes.presiding", {{"name", presiding}});
    }
    paragraph(when_where);
    if (const std::string remote = str(c_, "remote"); !remote.empty()) paragraph(t("minutes.remote", {{"remote", remote}}));
  }

  void attendance() {
    heading(t("minutes.present"));
    std::vector<std::vector<std::string>> rows = {
        {t("minutes.col.name"), t("minutes.col.attending"), t("minutes.col.arrived"), t("minutes.col.departed")}};
    for (const auto& a : c_.value("attendance", json::array())) {
      std::string departed = clock_time(a.value("departed_ms", json()));
      if (const std::string why = str(a, "departure"); !departed.empty() && !why.empty()) {
        departed += " (" + t("minutes.departure", {{"why", keyword(why)}}) + ")";
      }
      // B7: a designee sat for the member.
      const std::string name = str(a, "designee").empty()
                                   ? str(a, "name")
                                   : t("minutes.designee", {{"name", str(a, "name")}, {"designee", str(a, "designee")}});
      rows.push_back({name, t("minutes.mode", {{"mode", str(a, "mode")}}), clock_time(a.value("arrived_ms", json())),
                      departed.empty() ? t("minutes.stayed") : departed});
    }
    if (rows.size() == 1) paragraph(t("minutes.nobody_present"));
    else table(std::move(rows));
    // B7: proxies are noted, never counted or voted.
    std::vector<std::string> proxies;
    for (const auto& p : c_.value("proxies", json::array())) {
      proxies.push_back(t("minutes.proxy", {{"member", str(p, "member")}, {"holder", str(p, "holder")}}));
    }
    if (!proxies.empty()) {
      heading(t("minutes.proxies"));
      list(std::move(proxies));
    }
    heading(t("minutes.absent"));
    std::vector<std::string> absent;
    for (const auto& m : c_.value("absent", json::array())) absent.push_back(str(m, "name"));
    if (absent.empty()) paragraph(t("minutes.none"));
    list(std::move(absent));
  }

  void quorum() {
    heading(t("minutes.quorum"));
    paragraph(t(c_.value("quorum_at_call", false) ? "minutes.quorum_at_call" : "minutes.no_quorum_at_call"));
    std::vector<std::string> changes;
    for (const auto& q : c_.value("quorum", json::array())) {
      changes.push_back(t("minutes.quorum_change", {{"time", clock_time(q["at_ms"])},
                                                    {"established", q.value("established", false) ? "yes" : "no"},
                                                    {"note", str(q, "text")}}));
    }
    list(std::move(changes));
  }

  void motion(const json& m) {
    paragraph(t("minutes.motion", {{"number", num(m, "motion")}, {"kind", str(m, "kind").empty() ? "main" : str(m, "kind")},
                                   {"mover", str(m, "mover")}, {"seconder", str(m, "seconder")},
                                   {"amends", num(m, "amends")}, {"text", str(m, "text")}}));
    const std::string result = str(m, "result");
    if (result == "withdrawn") {
      paragraph(t("minutes.withdrawn"));
      return;
    }
    // Q3: a vote suspended when the quorum was lost (or the meeting adjourned or recessed):
    // its votes were void, and the minutes say so before the decision, if any.
    for (const auto& s : m.value("suspensions", json::array())) {
      paragraph(t("minutes.suspended", {{"time", clock_time(s["at_ms"])}, {"reason", keyword(str(s, "reason"))},
                                        {"votes", static_cast<std::int64_t>(s.value("votes", json::array()).size())}}));
    }
    if (result == "pending") {
      paragraph(t("minutes.pending"));
      return;
    }
    std::string r = t("minutes.result", {{"result", result}, {"aye", num(m, "aye")}, {"nay", num(m, "nay")},
                                         {"abstain", num(m, "abstain")}, {"not_voting", num(m, "not_voting")},
                                         {"threshold", str(m, "threshold")}});
    const json notice = m.value("notice", json::object());
    if (notice.is_object() && notice.contains("valid") && !notice.value("valid", true)) {
      r += " " + t("minutes.not_valid");
    }
    paragraph(r);
    std::vector<std::vector<std::string>> rows = {{t("minutes.col.member"), t("minutes.col.vote")}};
    for (const auto& v : m.value("votes", json::array())) rows.push_back({str(v, "name"), t("minutes.vote", {{"vote", str(v, "vote")}})});
    if (rows.size() > 1) table(std::move(rows));
  }

  void business() {
    const json& narrative = c_.value("narrative", json::object());
    const json items = narrative.value("items", json::object());
    std::map<std::int64_t, std::vector<const json*>> by_item;
    std::vector<const json*> loose;
    const json& motions = c_["motions"];
    for (const auto& m : motions) {
      if (m.contains("item")) by_item[num(m, "item")].push_back(&m);
      else loose.push_back(&m);
    }
    for (const auto& item : c_.value("items", json::array())) {
      const std::int64_t n = num(item, "item");
      heading(t("minutes.item", {{"number", n}, {"title", str(item, "title")}}));
      if (const std::string s = str(items, std::to_string(n).c_str()); !s.empty()) paragraph(s);
      for (const json* m : by_item[n]) motion(*m);
      by_item.erase(n);  // an item taken up twice lists its motions once
    }
    if (!loose.empty()) {
      heading(t("minutes.other_motions"));
      for (const json* m : loose) motion(*m);
    }
  }

  void closed_sessions() {
    for (const auto& s : c_.value("closed_sessions", json::array())) {
      const json g = s.value("grounds", json::object());
      heading(t("minutes.closed"));
      paragraph(t("minutes.closed_at", {{"time", clock_time(s["closed_ms"])}, {"citation", str(g, "citation")},
                                        {"subject", str(g, "subject")},
                                        {"reopened", s["opened_ms"].is_null() ? std::string() : clock_time(s["opened_ms"])}}));
      // C3: who attended the closed session: the members present, and each guest admitted.
      std::vector<std::string> who;
      for (const auto& a : s.value("attended", json::array())) {
        if (a.is_string()) who.push_back(a.get<std::string>());
      }
      for (const auto& guest : s.value("guests", json::array())) {
        who.push_back(t("minutes.guest", {{"name", str(guest, "name")}, {"role", str(guest, "role")},
                                          {"admitted", clock_time(guest["admitted_ms"])},
                                          {"left", guest["dismissed_ms"].is_null() ? std::string() : clock_time(guest["dismissed_ms"])}}));
      }
      if (!who.empty()) {
        paragraph(t("minutes.closed_attending"));
        list(std::move(who));
      }
      const json st = s.value("statement", json());
      if (!st.is_object()) continue;
      paragraph(t("minutes.statement", {{"text", str(st, "text")}, {"result", str(st, "result")}}));
      std::vector<std::vector<std::string>> rows = {{t("minutes.col.member"), t("minutes.col.vote")}};
      for (const auto& v : st.value("votes", json::array())) rows.push_back({str(v, "name"), t("minutes.vote", {{"vote", str(v, "vote")}})});
      table(std::move(rows));
    }
  }

  void recesses() {
    std::vector<std::string> out;
    for (const auto& r : c_.value("recesses", json::array())) {
      out.push_back(t("minutes.recess", {{"time", clock_time(r["at_ms"])}, {"note", str(r, "note")},
                                         {"resumed", r["resumed_ms"].is_null() ? std::string() : clock_time(r["resumed_ms"])},
                                         {"continued", r.contains("continuation") ? str(r["continuation"], "text") : std::string()}}));
    }
    if (out.empty()) return;
    heading(t("minutes.recesses"));
    list(std::move(out));
  }

  void corrections() {
    std::vector<std::string> out;
    for (const auto& c : c_.value("corrections", json::array())) {
      out.push_back(str(c, "source") == "body"
                        ? t("minutes.correction.body", {{"motion", num(c, "motion")}, {"version", num(c, "version")}, {"text", str(c, "text")}})
                        : t("minutes.correction.by", {{"by", str(c, "by")}, {"at", when(c["at_ms"])}, {"text", str(c, "text")}}));
    }
    if (out.empty()) return;
    heading(t("minutes.corrections"));
    list(std::move(out));
  }

  void adjournment() {
    paragraph(c_["adjourned_ms"].is_null() ? t("minutes.not_adjourned")
                                           : t("minutes.adjourned", {{"time", clock_time(c_["adjourned_ms"])}}));
  }

  void provenance() {
    heading(t("minutes.record"));
    const json log = doc_.value("meeting_log", json::object());
    const json drawn = doc_.value("drawn_through", json::object());
    list({t("minutes.record.log", {{"room", str(doc_, "room")}, {"first", num(log, "first_seq")}, {"last", num(log, "last_seq")},
                                   {"hash", str(log, "last_hash")}}),
          t("minutes.record.drawn", {{"seq", num(drawn, "seq")}, {"hash", str(drawn, "hash")}, {"digest", str(doc_, "digest")}}),
          t("minutes.record.verify")});
  }

  const json& doc_;
  const json c_;
  const std::string zone_;
  const Lang lang_;
  std::vector<MinutesBlock> blocks_;
};

}  // namespace

std::vector<MinutesBlock> minutes_outline(const json& doc, Lang lang) { return Outline(doc, lang).build(); }

std::string minutes_lateness(const json& doc, std::int64_t now_ms, Lang lang) {
  const std::string due = str(doc, "due_date");
  if (due.empty() || num(doc, "version") > 0 || num(doc, "latest_version") > 0) return "";
  const std::string zone = str(doc.value("content", json::object()), "time_zone");
  const json done = doc.value("completed", json());
  if (done.is_object()) {
    return done.value("late", false)
               ? i18n::say(lang, "minutes.completed_late", {{"on", i18n::day(lang, str(done, "date"), zone)}, {"due", i18n::day(lang, due, zone)}})
               : "";
  }
  const std::string today = local_date(now_ms, zone);
  return today > due ? i18n::say(lang, "minutes.overdue", {{"due", i18n::day(lang, due, zone)}}) : "";
}

}  // namespace collegial::plugins
