// Who sits at the table besides the members (issue #16): designees sent by member districts,
// proxies presented for absent members (B7), and guests admitted to a closed session (C3).
// Real server, real WebSocket clients, accounts made through the admin API.
#include <chrono>
#include <map>
#include <thread>

#include "integration/oma_council.hpp"

using namespace collegial::test;

namespace {

json views(WsClient& c, const std::string& room) {
  const auto v = c.request({{"type", "view"}, {"room", room}});
  REQUIRE(v["type"] == "ack");
  return v["views"];
}

// An account with no seat anywhere (a deputy superintendent, an attorney): its person id and a
// client logged in as it that has joined `room`.
struct Outsider {
  std::int64_t id = 0;
  std::unique_ptr<WsClient> client;
};

Outsider outsider(std::uint16_t port, const std::string& email, const std::string& name, const std::string& room) {
  const std::string admin = login(port, kDemoAdminEmail, kDemoAdminPassword);
  auto run = [&](const std::string& op, const json& args) {
    const auto r = http_request(port, "POST", "/api/admin/" + op, {}, args.dump(), admin);
    INFO(op << " -> " << r.body);
    REQUIRE(r.status == 200);
    return json::parse(r.body);
  };
  const json made = run("create-person", {{"email", email}, {"name", name}});
  run("reset-password", {{"email", email}, {"password", "outsider-password-2026"}});
  Outsider o;
  o.id = made.value("id", std::int64_t{0});
  REQUIRE(o.id > 0);
  o.client = std::make_unique<WsClient>(port);
  REQUIRE(o.client->hello(login(port, email, "outsider-password-2026"))["type"] == "ack");
  REQUIRE(o.client->join(room)["type"] == "ack");
  return o;
}

// A board of three (kVoters 0-2, the first its chair) with the demo clerk; `designees_count` as given.
void make_board(Harness& h, const std::string& slug, bool designees_count) {
  AdminClient admin(h);
  admin.must("create-body", {{"slug", slug}, {"name", "Board " + slug}, {"kind", "committee"}, {"cooperative", "rec6"},
                             {"designees_count", designees_count}});
  for (std::size_t i = 0; i < 3; ++i) {
    admin.must("add-membership",
               {{"body", slug}, {"person", kVoters[i].first}, {"role", i == 0 ? "chair" : "voting_member"}});
  }
  admin.must("add-membership", {{"body", slug}, {"person", "clerk@rec6.example"}, {"role", "clerk"}});
}

}  // namespace

TEST_CASE("B7: where the by-laws allow, a designee counts toward quorum and votes in the member's seat",
          "[representation][B7]") {
  Harness h;
  make_board(h, "designee-board", true);
  auto chair = seat(h, kVoters[0].first, kVoters[0].second, "designee-board");
  auto clerk = seat(h, "clerk@rec6.example", "demo-clerk-2026", "designee-board");
  auto deputy = outsider(h.server.port(), "deputy@texico.example", "Rosa Deputy", "designee-board");
  REQUIRE(act(*chair, "quorum.present", {}, "designee-board")["type"] == "ack");
  next_of(*clerk, "quorum.arrived");  // the chair's
  // Member 3 (person 3) sends a deputy: recorded by the clerk, not by the deputy.
  CHECK(act(*deputy.client, "quorum.designee", {{"member", 3}, {"name", "Rosa Deputy"}}, "designee-board")["code"] ==
        "forbidden");
  CHECK(act(*clerk, "quorum.designee", {{"member", 10}, {"name", "x"}}, "designee-board")["code"] == "not_a_member");
  CHECK(act(*clerk, "quorum.designee", {{"member", 1}, {"name", "x"}}, "designee-board")["code"] == "already_present");
  REQUIRE(act(*clerk, "quorum.designee", {{"member", 3}, {"name", "Rosa Deputy"}, {"person", deputy.id}},
              "designee-board")["type"] == "ack");
  const auto arrived = next_of(*clerk, "quorum.arrived");
  CHECK(arrived["body"]["mode"] == "designee");
  CHECK(arrived["body"]["counts"] == true);
  CHECK(arrived["body"]["designee"]["name"] == "Rosa Deputy");
  CHECK(next_of(*clerk, "quorum.established")["body"]["counted"] == 2);  // 2 of 3
  REQUIRE(act(*chair, "meeting.call_to_order", kUnnoticed, "designee-board")["type"] == "ack");
  // The deputy moves and votes as the member's seat; the record names both.
  REQUIRE(act(*deputy.client, "motions.move", {{"text", "Buy a bus for Texico"}}, "designee-board")["type"] == "ack");
  const auto made = next_of(*clerk, "motions.made");
  CHECK(made["body"]["mover"] == 3);
  CHECK(made["body"]["mover_name"].get<std::string>().find("by designee Rosa Deputy") != std::string::npos);
  REQUIRE(act(*chair, "motions.state", {}, "designee-board")["type"] == "ack");
  REQUIRE(act(*chair, "motions.call_vote", {}, "designee-board")["type"] == "ack");
  REQUIRE(act(*deputy.client, "motions.vote", {{"choice", "aye"}}, "designee-board")["type"] == "ack");
  // The deputy holds no other power: no presiding, no notices.
  CHECK(act(*deputy.client, "motions.close_vote", {}, "designee-board")["code"] == "forbidden");
  CHECK(act(*deputy.client, "notice.schedule",
            {{"kind", "special"}, {"starts", "2030-01-15T14:00"}, {"place", "x"}}, "designee-board")["code"] == "forbidden");
  REQUIRE(act(*chair, "motions.close_vote", {}, "designee-board")["type"] == "ack");
  const auto decided = next_of(*clerk, "motions.decided");
  CHECK(decided["body"]["votes"][2]["person"] == 3);
  CHECK(decided["body"]["votes"][2]["vote"] == "aye");
  CHECK(decided["body"]["votes"][1]["vote"] == "absent");
  // The deputy hears a closed session as the member would (the public does not).
  REQUIRE(act(*chair, "motions.move",
              {{"kind", "close_session"}, {"authority", "H2"}, {"subject", "the discipline of a bus driver at Texico"}},
              "designee-board")["type"] == "ack");
  REQUIRE(act(*chair, "motions.state", {}, "designee-board")["type"] == "ack");
  REQUIRE(act(*chair, "motions.call_vote", {}, "designee-board")["type"] == "ack");
  REQUIRE(act(*chair, "motions.vote", {{"choice", "aye"}}, "designee-board")["type"] == "ack");
  REQUIRE(act(*deputy.client, "motions.vote", {{"choice", "aye"}}, "designee-board")["type"] == "ack");
  REQUIRE(act(*chair, "motions.close_vote", {}, "designee-board")["type"] == "ack");
  json closing = next_of(*deputy.client, "motions.decided");
  if (closing["body"]["kind"] != "close_session") closing = next_of(*deputy.client, "motions.decided");
  CHECK(closing["body"]["kind"] == "close_session");
  CHECK(closing["body"]["result"] == "adopted");
  REQUIRE(chair->say("designee-board", "The driver's record")["type"] == "ack");
  CHECK(next_of(*deputy.client, "chat.message")["body"]["text"] == "The driver's record");
  REQUIRE(act(*chair, "meeting.open_session", {}, "designee-board")["type"] == "ack");
  // The minutes' attendance names the designee.
  REQUIRE(act(*chair, "meeting.adjourn", {}, "designee-board")["type"] == "ack");
  const auto md = http_request(h.server.port(), "GET", "/public/designee-board/minutes/1.md");
  REQUIRE(md.status == 200);
  INFO(md.body);
  CHECK(md.body.find("(designee: Rosa Deputy) | designee |") != std::string::npos);
  // Adjournment ended the designation with the meeting: the deputy votes no more.
  CHECK(act(*deputy.client, "motions.move", {{"text", "x"}}, "designee-board")["code"] == "forbidden");
}

TEST_CASE("B7: where the by-laws do not allow, a designee is recorded but neither counted nor voting",
          "[representation][B7]") {
  Harness h;
  make_board(h, "strict-board", false);
  auto chair = seat(h, kVoters[0].first, kVoters[0].second, "strict-board");
  auto clerk = seat(h, "clerk@rec6.example", "demo-clerk-2026", "strict-board");
  auto deputy = outsider(h.server.port(), "deputy@elida.example", "Tomas Deputy", "strict-board");
  REQUIRE(act(*chair, "quorum.present", {}, "strict-board")["type"] == "ack");
  next_of(*clerk, "quorum.arrived");  // the chair's
  REQUIRE(act(*clerk, "quorum.designee", {{"member", 3}, {"name", "Tomas Deputy"}, {"person", deputy.id}},
              "strict-board")["type"] == "ack");
  CHECK(next_of(*clerk, "quorum.arrived")["body"]["counts"] == false);
  const auto q = views(*clerk, "strict-board")["quorum"];
  CHECK(q["counted"] == 1);
  CHECK(q["has_quorum"] == false);
  REQUIRE(act(*chair, "meeting.call_to_order", kUnnoticed, "strict-board")["type"] == "ack");
  CHECK(act(*deputy.client, "motions.move", {{"kind", "adjourn"}}, "strict-board")["code"] == "forbidden");
}

TEST_CASE("B7: a proxy for an absent member is noted in the record and the minutes, never counted or voted",
          "[representation][B7]") {
  Harness h;
  std::vector<std::unique_ptr<WsClient>> m;
  for (std::size_t i = 0; i < 5; ++i) {
    m.push_back(voter(h, i));
    REQUIRE(act(*m.back(), "quorum.present")["type"] == "ack");
  }
  auto clerk = seat(h, "clerk@rec6.example", "demo-clerk-2026");
  REQUIRE(act(*m[0], "meeting.call_to_order", kUnnoticed)["type"] == "ack");
  CHECK(act(*clerk, "quorum.proxy", {{"member", 2}, {"holder", "Luis Baca"}})["code"] == "already_present");
  REQUIRE(act(*clerk, "quorum.proxy", {{"member", 9}, {"holder", "Dana Ortiz"}, {"note", "a signed letter"}})["type"] ==
          "ack");
  const auto noted = next_of(*clerk, "quorum.proxy_noted");
  CHECK(noted["body"]["text"].get<std::string>().find("not counted toward quorum and does not vote") !=
        std::string::npos);
  const auto q = views(*clerk, "rec6-council")["quorum"];
  CHECK(q["counted"] == 5);
  REQUIRE(q["proxies"].size() == 1);
  // The holder's own vote is one vote; the absent member's is recorded absent.
  REQUIRE(act(*m[1], "motions.move", {{"text", "Adopt the calendar"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  for (std::size_t i = 0; i < 5; ++i) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  const auto decided = next_of(*clerk, "motions.decided");
  CHECK(decided["body"]["aye"] == 5);
  CHECK(decided["body"]["votes"][8]["vote"] == "absent");
  REQUIRE(act(*m[0], "meeting.adjourn")["type"] == "ack");
  const auto md = http_request(h.server.port(), "GET", "/public/rec6-council/minutes/1.md");
  REQUIRE(md.status == 200);
  CHECK(md.body.find("Proxies presented") != std::string::npos);
  CHECK(md.body.find("proxy held by Dana Ortiz (not counted, not voting)") != std::string::npos);
  CHECK(views(*clerk, "rec6-council")["quorum"]["proxies"].empty());  // for one meeting only
}

TEST_CASE("C3: a guest admitted to a closed session receives it while admitted and gains no other power",
          "[representation][C3]") {
  Council c("2026-11-10T09:00");
  const auto n = c.notice("2026-11-19T10:00", kAgenda);
  c.clock.set(local("2026-11-19T10:00"));
  auto attorney = outsider(c.server.port(), "counsel@lawfirm.example", "Ana Counsel", "rec6-council");
  WsClient pub(c.server.port());
  pub.hello();
  REQUIRE(pub.join("rec6-council")["type"] == "ack");
  auto m = c.arrive(6);
  REQUIRE(act(*m[0], "meeting.call_to_order")["type"] == "ack");
  CHECK(act(*m[0], "meeting.admit_guest", {{"name", "Ana Counsel"}, {"person", attorney.id}})["code"] == "bad_state");
  REQUIRE(act(*m[0], "notice.take_up", {{"item", 3}})["type"] == "ack");
  REQUIRE(act(*m[1], "motions.move", {{"kind", "close_session"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.state")["type"] == "ack");
  REQUIRE(act(*m[0], "motions.call_vote")["type"] == "ack");
  for (std::size_t i = 1; i < 5; ++i) REQUIRE(act(*m[i], "motions.vote", {{"choice", "aye"}})["type"] == "ack");
  REQUIRE(act(*m[0], "motions.close_vote")["type"] == "ack");
  REQUIRE(next_of(*c.clerk, "motions.decided")["body"]["result"] == "adopted");
  REQUIRE(m[2]->say("rec6-council", "Before counsel comes in: the contract lapses")["type"] == "ack");
  // Only the chair admits; then the attorney receives what is said, the public does not.
  CHECK(act(*m[3], "meeting.admit_guest", {{"name", "Ana Counsel"}})["code"] == "forbidden");
  REQUIRE(act(*m[0], "meeting.admit_guest", {{"name", "Ana Counsel"}, {"role", "attorney"}, {"person", attorney.id}})["type"] ==
          "ack");
  const auto admitted = next_of(*c.clerk, "meeting.guest_admitted");
  REQUIRE(m[2]->say("rec6-council", "Counsel's advice: settle")["type"] == "ack");
  json seen = next_of(*attorney.client, "chat.message");
  CHECK(seen["body"]["text"] == "Counsel's advice: settle");
  // The guest has no other power: no motion, no vote, no notice, no minutes.
  CHECK(act(*attorney.client, "motions.move", {{"text", "x"}})["code"] == "forbidden");
  CHECK(act(*attorney.client, "notice.post", {{"meeting", n}})["code"] == "forbidden");
  CHECK(act(*attorney.client, "minutes.edit", {{"minutes", n}, {"part", "summary"}, {"text", "x"}})["code"] == "forbidden");
  REQUIRE(act(*m[0], "meeting.dismiss_guest", {{"guest", admitted["body"]["guest"]}})["type"] == "ack");
  REQUIRE(m[2]->say("rec6-council", "After counsel left: the vote count")["type"] == "ack");
  REQUIRE(act(*m[0], "meeting.open_session")["type"] == "ack");
  // Live, after the dismissal: the closed line only.
  json e;
  do { e = attorney.client->next_event(); } while (e["type"] != "session.withheld" && e["type"] != "chat.message" &&
                                                  e["type"] != "meeting.session_opened");
  CHECK(e["type"] == "session.withheld");
  // Caught up from the start on a new connection: only what came while admitted is readable.
  WsClient again(c.server.port());
  REQUIRE(again.hello(login(c.server.port(), "counsel@lawfirm.example", "outsider-password-2026"))["type"] == "ack");
  const auto joined = again.request({{"type", "join"}, {"room", "rec6-council"}, {"since", 0}});
  REQUIRE(joined["type"] == "ack");
  std::vector<std::string> texts;
  for (;;) {
    const json x = again.next_event();
    if (x["type"] == "chat.message") texts.push_back(x["body"]["text"]);
    if (x["type"] == "meeting.session_opened") break;
  }
  CHECK(texts == std::vector<std::string>{"Counsel's advice: settle"});
  // The public saw none of it.
  for (;;) {
    const json x = pub.next_event();
    CHECK(x["type"] != "chat.message");
    CHECK(x["type"] != "meeting.guest_admitted");
    if (x["type"] == "meeting.session_opened") break;
  }
  // The members' minutes list who attended the closed session, the guest among them.
  c.clock.set(local("2026-11-19T11:00"));
  REQUIRE(act(*m[0], "meeting.adjourn")["type"] == "ack");
  const auto doc = c.clerk->request({{"type", "read"}, {"room", "rec6-council"}, {"plugin", "minutes"},
                                     {"query", {{"minutes", n}, {"version", 0}}}});
  REQUIRE(doc["type"] == "ack");
  const json& closed = doc["result"]["content"]["closed_sessions"][0];
  CHECK(closed["attended"].size() == 6);
  REQUIRE(closed["guests"].size() == 1);
  CHECK(closed["guests"][0]["name"] == "Ana Counsel");
  CHECK(closed["guests"][0]["role"] == "attorney");
  CHECK_FALSE(closed["guests"][0]["dismissed_ms"].is_null());
}

TEST_CASE("Q1 B7: the quorum view names every voting seat: present (how, by whom) or absent, with a proxy",
          "[representation][B7][Q1]") {
  Harness h;
  make_board(h, "seat-board", true);
  AdminClient admin(h);
  const json fourth = admin.must("add-membership", {{"body", "seat-board"}, {"person", kVoters[3].first},
                                                    {"role", "voting_member"}});
  auto chair = seat(h, kVoters[0].first, kVoters[0].second, "seat-board");
  auto clerk = seat(h, "clerk@rec6.example", "demo-clerk-2026", "seat-board");
  auto deputy = outsider(h.server.port(), "deputy2@elida.example", "Tomas Deputy", "seat-board");
  auto seats_of = [&] {
    const json quorum = views(*clerk, "seat-board")["quorum"];  // kept: the loop reads into it
    return std::vector<json>(quorum["seats"].begin(), quorum["seats"].end());
  };
  const auto before = seats_of();
  REQUIRE(before.size() == 4);  // the four voting seats; the clerk holds none
  for (const auto& s : before) CHECK(s["status"] == "absent");

  REQUIRE(act(*chair, "quorum.present", {{"mode", "in_person"}}, "seat-board")["type"] == "ack");
  const std::int64_t chair_id = next_of(*clerk, "quorum.arrived")["body"]["person"];
  std::vector<std::int64_t> others;
  for (const auto& s : before) {
    if (s["person"] != chair_id) others.push_back(s["person"]);
  }
  REQUIRE(others.size() == 3);
  REQUIRE(act(*clerk, "quorum.designee", {{"member", others[0]}, {"name", "Tomas Deputy"}, {"person", deputy.id}},
              "seat-board")["type"] == "ack");
  REQUIRE(act(*clerk, "quorum.proxy", {{"member", others[1]}, {"holder", "Dana Ortiz"}}, "seat-board")["type"] ==
          "ack");
  std::map<std::int64_t, json> after;
  for (const auto& s : seats_of()) after[s["person"].get<std::int64_t>()] = s;
  CHECK(after[chair_id]["status"] == "present");
  CHECK(after[chair_id]["mode"] == "in_person");
  CHECK(after[chair_id]["counts"] == true);
  CHECK(after[others[0]]["status"] == "present");
  CHECK(after[others[0]]["mode"] == "designee");
  CHECK(after[others[0]]["designee"]["name"] == "Tomas Deputy");
  CHECK(after[others[1]]["status"] == "absent");
  CHECK(after[others[1]]["proxy"] == "Dana Ortiz");
  CHECK(after[others[2]]["status"] == "absent");
  CHECK_FALSE(after[others[2]].contains("proxy"));

  // A seat ended by the administrator leaves the view without any event (B5).
  admin.must("end-membership", {{"id", fourth["id"]}});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (seats_of().size() != 3) {
    if (std::chrono::steady_clock::now() > deadline) FAIL("the ended seat is still in the quorum view");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}
