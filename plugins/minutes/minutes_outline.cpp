#include "minutes/minutes_outline.hpp"

#include <algorithm>
#include <map>

#include "util/local_time.hpp"

namespace collegial::plugins {

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

// "10:00 AM MST" in the body's zone.
std::string clock_time(const json& at, const std::string& zone) {
  if (!at.is_number_integer()) return "";
  const std::string full = describe_local(at.get<std::int64_t>(), zone);
  const auto cut = full.rfind(", ");
  return cut == std::string::npos ? full : full.substr(cut + 2);
}

std::string when(const json& at, const std::string& zone) {
  return at.is_number_integer() ? describe_local(at.get<std::int64_t>(), zone) : "";
}

// M2: a roll call's entry as the minutes print it ("not_voting" as "not voting").
std::string vote_label(std::string vote) {
  std::replace(vote.begin(), vote.end(), '_', ' ');
  return vote;
}

std::string kind_name(const std::string& kind) {
  if (kind == "main" || kind.empty()) return "main motion";
  std::string out = kind;
  for (char& c : out) c = c == '_' ? ' ' : c;
  return out;
}

class Outline {
 public:
  explicit Outline(const json& doc)
      : doc_(doc), c_(doc.value("content", json::object())), zone_(str(c_, "time_zone")) {}

  std::vector<MinutesBlock> build() {
    header();
    attendance();
    quorum();
    if (const std::string s = str(c_.value("narrative", json::object()), "summary"); !s.empty()) {
      heading("Summary");
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
    add(Kind::title, "Minutes: " + str(c_, "title") + ", " + str(c_, "date_text"));
    const std::int64_t version = num(doc_, "version");
    const json approval = doc_.value("approval", json());
    if (version == 0) {
      std::string s = "DRAFT: not yet approved by the body (R3).";
      if (const std::string due = str(doc_, "due_date"); !due.empty()) s += " Due " + due + " (R2).";
      if (doc_.value("disapproved", false)) s += " The body disapproved an earlier text.";
      add(Kind::banner, s);
    } else {
      std::string s = (str(doc_, "status") == "superseded" ? "Superseded: version " : "Official minutes, version ") +
                      std::to_string(version) + ", " +
                      (str(approval, "disposition") == "corrected" ? "corrected" : "approved") +
                      " by the body on " + when(approval.value("approved_ms", json()), zone_) +
                      ". " + str(approval, "tally") + ".";
      if (str(doc_, "status") == "superseded") {
        s += " The current text is version " + std::to_string(num(doc_, "latest_version")) + ".";
      }
      add(Kind::banner, s);
    }
    std::string when_where = "Called to order at " + clock_time(c_["called_to_order_ms"], zone_) +
                             " on " + str(c_, "date_text");
    if (const std::string place = str(c_, "place"); !place.empty()) when_where += ", at " + place;
    when_where += ". " + std::string(str(c_, "presiding").empty() ? "" : "Presiding: " + str(c_, "presiding") + ".");
    paragraph(when_where);
    if (const std::string remote = str(c_, "remote"); !remote.empty()) paragraph("Remote attendance: " + remote);
  }

  void attendance() {
    heading("Members and others present");
    std::vector<std::vector<std::string>> rows = {{"Name", "Attending", "Arrived", "Departed"}};
    for (const auto& a : c_.value("attendance", json::array())) {
      std::string departed = clock_time(a.value("departed_ms", json()), zone_);
      if (const std::string why = str(a, "departure"); !departed.empty() && !why.empty()) departed += " (" + why + ")";
      // B7: a designee sat for the member.
      const std::string name = str(a, "designee").empty() ? str(a, "name")
                                                          : str(a, "name") + " (designee: " + str(a, "designee") + ")";
      rows.push_back({name, str(a, "mode"), clock_time(a.value("arrived_ms", json()), zone_),
                      departed.empty() ? "stayed" : departed});
    }
    if (rows.size() == 1) paragraph("No one was recorded present.");
    else table(std::move(rows));
    // B7: proxies are noted, never counted or voted.
    std::vector<std::string> proxies;
    for (const auto& p : c_.value("proxies", json::array())) {
      proxies.push_back(str(p, "member") + ": proxy held by " + str(p, "holder") + " (not counted, not voting)");
    }
    if (!proxies.empty()) {
      heading("Proxies presented");
      list(std::move(proxies));
    }
    heading("Members absent");
    std::vector<std::string> absent;
    for (const auto& m : c_.value("absent", json::array())) absent.push_back(str(m, "name"));
    if (absent.empty()) paragraph("None.");
    list(std::move(absent));
  }

  void quorum() {
    heading("Quorum");
    paragraph(c_.value("quorum_at_call", false) ? "A quorum was present at the call to order."
                                                : "No quorum was present at the call to order (Q3).");
    std::vector<std::string> changes;
    for (const auto& q : c_.value("quorum", json::array())) {
      changes.push_back(clock_time(q["at_ms"], zone_) + ": " +
                        (q.value("established", false) ? "quorum established" : "quorum lost") +
                        (str(q, "text").empty() ? "" : " (" + str(q, "text") + ")"));
    }
    list(std::move(changes));
  }

  void motion(const json& m) {
    std::string s = "Motion " + std::to_string(num(m, "motion")) + " (" + kind_name(str(m, "kind")) +
                    "), moved by " + str(m, "mover");
    if (const std::string second = str(m, "seconder"); !second.empty()) s += ", seconded by " + second;
    if (num(m, "amends") != 0) s += ", amending motion " + std::to_string(num(m, "amends"));
    s += ": \u201c" + str(m, "text") + "\u201d";
    paragraph(s);
    const std::string result = str(m, "result");
    if (result == "withdrawn") {
      paragraph("Withdrawn.");
      return;
    }
    // Q3: a vote suspended when the quorum was lost (or the meeting adjourned or recessed):
    // its votes were void, and the minutes say so before the decision, if any.
    for (const auto& s : m.value("suspensions", json::array())) {
      paragraph("Vote suspended at " + clock_time(s["at_ms"], zone_) + " (" + str(s, "reason") + "); the " +
                std::to_string(s.value("votes", json::array()).size()) + " votes cast were void.");
    }
    if (result == "pending") {
      paragraph("Not decided at this meeting.");
      return;
    }
    std::string r = (result == "adopted" ? "Adopted: " : "Failed: ") + std::to_string(num(m, "aye")) +
                    " aye, " + std::to_string(num(m, "nay")) + " nay, " + std::to_string(num(m, "abstain")) +
                    " abstaining" +
                    (num(m, "not_voting") > 0 ? ", " + std::to_string(num(m, "not_voting")) + " not voting" : "") +
                    " (needed: " + kind_name(str(m, "threshold")) + ").";
    const json notice = m.value("notice", json::object());
    if (notice.is_object() && notice.contains("valid") && !notice.value("valid", true)) {
      r += " Not valid (N9): " + str(notice, "cure");
    }
    paragraph(r);
    std::vector<std::vector<std::string>> rows = {{"Member", "Vote"}};
    for (const auto& v : m.value("votes", json::array())) rows.push_back({str(v, "name"), vote_label(str(v, "vote"))});
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
      heading("Item " + std::to_string(n) + ": " + str(item, "title"));
      if (const std::string s = str(items, std::to_string(n).c_str()); !s.empty()) paragraph(s);
      for (const json* m : by_item[n]) motion(*m);
      by_item.erase(n);  // an item taken up twice lists its motions once
    }
    if (!loose.empty()) {
      heading("Other motions");
      for (const json* m : loose) motion(*m);
    }
  }

  void closed_sessions() {
    for (const auto& s : c_.value("closed_sessions", json::array())) {
      const json g = s.value("grounds", json::object());
      heading("Closed session");
      paragraph("Closed at " + clock_time(s["closed_ms"], zone_) + " under " + str(g, "citation") + " to discuss " +
                str(g, "subject") + "; reopened at " +
                (s["opened_ms"].is_null() ? std::string("the adjournment") : clock_time(s["opened_ms"], zone_)) + ".");
      // C3: who attended the closed session: the members present, and each guest admitted.
      std::vector<std::string> who;
      for (const auto& a : s.value("attended", json::array())) {
        if (a.is_string()) who.push_back(a.get<std::string>());
      }
      for (const auto& g : s.value("guests", json::array())) {
        who.push_back(str(g, "name") + (str(g, "role").empty() ? "" : " (" + str(g, "role") + ")") + ", admitted " +
                      clock_time(g["admitted_ms"], zone_) +
                      (g["dismissed_ms"].is_null() ? "" : ", left " + clock_time(g["dismissed_ms"], zone_)));
      }
      if (!who.empty()) {
        paragraph("Attending the closed session:");
        list(std::move(who));
      }
      const json st = s.value("statement", json());
      if (!st.is_object()) continue;
      paragraph("Statement (C4): \u201c" + str(st, "text") + "\u201d " +
                (str(st, "result") == "adopted" ? "Adopted" : "Failed") + " by roll call:");
      std::vector<std::vector<std::string>> rows = {{"Member", "Vote"}};
      for (const auto& v : st.value("votes", json::array())) rows.push_back({str(v, "name"), vote_label(str(v, "vote"))});
      table(std::move(rows));
    }
  }

  void recesses() {
    std::vector<std::string> out;
    for (const auto& r : c_.value("recesses", json::array())) {
      std::string s = "Recess at " + clock_time(r["at_ms"], zone_);
      if (const std::string note = str(r, "note"); !note.empty()) s += " (" + note + ")";
      s += r["resumed_ms"].is_null() ? "; not resumed" : "; resumed at " + clock_time(r["resumed_ms"], zone_);
      if (r.contains("continuation")) s += "; continued: " + str(r["continuation"], "text");
      out.push_back(s + ".");
    }
    if (out.empty()) return;
    heading("Recesses");
    list(std::move(out));
  }

  void corrections() {
    std::vector<std::string> out;
    for (const auto& c : c_.value("corrections", json::array())) {
      out.push_back(str(c, "source") == "body"
                        ? "By the body (motion " + std::to_string(num(c, "motion")) + ", version " +
                              std::to_string(num(c, "version")) + "): " + str(c, "text")
                        : "By " + str(c, "by") + ", " + when(c["at_ms"], zone_) + ": " + str(c, "text"));
    }
    if (out.empty()) return;
    heading("Corrections");
    list(std::move(out));
  }

  void adjournment() {
    paragraph(c_["adjourned_ms"].is_null() ? "Not adjourned."
                                           : "Adjourned at " + clock_time(c_["adjourned_ms"], zone_) + ".");
  }

  void provenance() {
    heading("Record");
    const json log = doc_.value("meeting_log", json::object());
    const json drawn = doc_.value("drawn_through", json::object());
    list({"Drawn from the log of room " + str(doc_, "room") + ", events " + std::to_string(num(log, "first_seq")) +
              " to " + std::to_string(num(log, "last_seq")) + "; the meeting's last event has hash " +
              str(log, "last_hash") + ".",
          "This text is drawn through event " + std::to_string(num(drawn, "seq")) + " (hash " + str(drawn, "hash") +
              "); SHA-256 of its content: " + str(doc_, "digest") + ".",
          "Anyone may check it against the log: collegiald verify --data FILE --minutes THIS.json (R4)."});
  }

  const json& doc_;
  const json c_;
  const std::string zone_;
  std::vector<MinutesBlock> blocks_;
};

}  // namespace

std::vector<MinutesBlock> minutes_outline(const json& doc) { return Outline(doc).build(); }

std::string minutes_lateness(const json& doc, std::int64_t now_ms) {
  const std::string due = str(doc, "due_date");
  if (due.empty() || num(doc, "version") > 0 || num(doc, "latest_version") > 0) return "";
  const json done = doc.value("completed", json());
  if (done.is_object()) {
    return done.value("late", false) ? "Completed late, on " + str(done, "date") + " (due " + due + ", R2)" : "";
  }
  const std::string today = local_date(now_ms, str(doc.value("content", json::object()), "time_zone"));
  return today > due ? "Overdue: the draft was due " + due + " (R2: 10 working days after the meeting)" : "";
}

}  // namespace collegial::plugins
