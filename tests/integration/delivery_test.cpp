// N7 against a real collegiald: outlets recorded through the admin API receive every notice
// posted in their body's room, by e-mail (through an SMTP server the test starts) or by
// webhook; a delivery recorded before kill -9 goes out after restart; bad input is refused.
//
// The notices are committed to the room's log by the test itself, through the store, exactly as
// the notice plugin commits them; collegiald then takes them up as it does every committed event.
#include <chrono>
#include <ctime>
#include <fstream>
#include <thread>

#include "support/harness.hpp"
#include "integration/oma_council.hpp"
#include "support/demo_council.hpp"
#include "support/http_listener.hpp"
#include "support/log_events.hpp"
#include "support/smtp_listener.hpp"

using namespace collegial;
using namespace collegial::test;
using nlohmann::json;

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The council's deliveries to the media, as the admin API lists them.
json deliveries(const AdminClient& admin) { return admin.must("list-deliveries", {{"body", "rec6-council"}}); }

// Commits a notice to the council's log while no server runs.
record::Event post_notice(const std::filesystem::path& db, int meeting) {
  Status status;
  auto s = store::EventStore::open({.path = db.string()}, status);
  REQUIRE(s);
  return append_event(
      *s, "rec6-council", "notice.posted",
      notice_body(meeting, "rec6-council", "Regular meeting of the REC 6 Governing Council",
                  "Meeting at the Española office.\nAgenda:\n1. Call to order\n"),
      now_ms());
}

// Polls list-deliveries until `ready` holds for the delivery to `address`; returns it.
json wait_for_delivery(const ServerProcess& server, const AdminClient& admin, const std::string& address,
                       const std::function<bool(const json&)>& ready) {
  json last;
  for (int i = 0; i < 200; ++i) {
    const json listed = deliveries(admin);
    for (const auto& d : listed["deliveries"]) {
      if (d["address"] == address) last = d;
    }
    if (!last.is_null() && ready(last)) return last;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  FAIL("delivery to " << address << " never became ready: " << last.dump() << "\n" << server.log());
  return last;
}

}  // namespace

TEST_CASE("N7: a delivery recorded before kill -9 is delivered after restart",
          "[delivery][N7][durability]") {
  TempDir dir;
  const auto db = dir / "collegial.db";
  HttpListener hooks(204);
  const std::string secret = "the-news-tribune-shared-secret";
  {
    ServerProcess server(db);
    AdminClient admin(server);
    admin.must("add-media-subscriber", {{"body", "rec6-council"},
                                        {"name", "Radio Española"},
                                        {"email", "noticias@radio-espanola.example"},
                                        {"requested", "2026-01-05"}});
    admin.must("add-media-subscriber", {{"body", "rec6-council"},
                                        {"name", "Portales News-Tribune"},
                                        {"webhook", hooks.url()},
                                        {"requested", "2026-01-05"},
                                        {"secret", secret}});
    REQUIRE(server.stop(SIGTERM) == 0);
  }
  const auto notice = post_notice(db, 3);
  const std::string source = "rec6-council:" + std::to_string(notice.seq);

  {
    // No SMTP server yet: the webhook goes at once, the e-mail waits and says why.
    ServerProcess server(db);
    AdminClient admin(server);
    const auto hook = wait_for_delivery(server, admin, hooks.url(),
                                        [](const json& d) { return d["status"] == "delivered"; });
    CHECK(hook["source"] == source);
    const auto mail = wait_for_delivery(server, admin, "noticias@radio-espanola.example",
                                        [](const json& d) { return !d["last_error"].is_null(); });
    CHECK(mail["status"] == "pending");
    CHECK(mail["attempts"] == 0);
    CHECK(mail["last_error"] == "no SMTP server configured (--smtp-url)");
    CHECK(server.log().find("no SMTP server configured") != std::string::npos);  // warned
    server.kill9();
  }
  const auto requests = hooks.wait_for(1);
  CHECK(requests[0].header("X-Collegial-Signature") ==
        "sha256=" + hmac_sha256_hex(secret, requests[0].body));
  CHECK(json::parse(requests[0].body)["source"] == source);

  SmtpListener smtp;
  ServerProcess server(
      db, {"--smtp-url", smtp.url(), "--smtp-from", "REC 6 Notices <notices@rec6.example>",
           "--public-url", "https://meetings.rec6.example"});
  const auto mail = smtp.wait_for(1)[0];
  CHECK(mail.to == std::vector<std::string>{"noticias@radio-espanola.example"});
  CHECK(decode_header(mail.header("Subject")) ==
        "Notice: Regular meeting of the REC 6 Governing Council");
  CHECK(decode_header(mail.header("To")) == "Radio Española <noticias@radio-espanola.example>");
  CHECK(mail.decoded_body().find("Meeting at the Española office.") == 0);
  AdminClient admin(server);
  const auto sent = wait_for_delivery(server, admin, "noticias@radio-espanola.example",
                                      [](const json& d) { return d["status"] == "delivered"; });
  CHECK(sent["attempts"] == 1);
  CHECK(sent["last_error"].is_null());
  CHECK(deliveries(admin)["deliveries"].size() == 2);  // nothing was recorded twice
  // And the webhook is not sent again. Had it been due after the restart, the pass that sent
  // the e-mail would have claimed it too, in the same transaction, counting an attempt (the
  // outbox counts attempts when it claims them): waiting for the e-mail proves it was not.
  const auto hook = wait_for_delivery(server, admin, hooks.url(), [](const json&) { return true; });
  CHECK(hook["status"] == "delivered");
  CHECK(hook["attempts"] == 1);
  CHECK(hooks.requests().size() == 1);
  CHECK(smtp.messages().size() == 1);
}

TEST_CASE("N7: admin media operations validate their input and change nothing on error",
          "[delivery][N7][admin]") {
  Harness h;
  AdminClient admin(h.server);
  const json good = {{"body", "rec6-council"},
                     {"name", "KENW-TV"},
                     {"email", "news@kenw.example"},
                     {"requested", "2026-01-05"}};
  const auto refused = [&](json changes, int status, const std::string& code) {
    json args = good;
    for (auto& [k, v] : changes.items()) {
      if (v.is_null()) {
        args.erase(k);
      } else {
        args[k] = v;
      }
    }
    const auto r = admin.run("add-media-subscriber", args);
    INFO(args.dump() << " -> " << r.body);
    CHECK(r.status == status);
    CHECK(json::parse(r.body)["error"] == code);
  };
  refused({{"body", "no-such-body"}}, 404, "not_found");
  refused({{"name", nullptr}}, 400, "missing_field");
  refused({{"requested", nullptr}}, 400, "missing_field");
  refused({{"email", nullptr}}, 400, "missing_field");  // neither e-mail nor webhook
  refused({{"webhook", "https://kenw.example/hook"}}, 400, "bad_field");  // both
  refused({{"email", "not-an-address"}}, 400, "bad_field");
  refused({{"email", "news@kenw.example\r\nBcc: all@example.com"}}, 400, "bad_field");
  refused({{"email", nullptr}, {"webhook", "ftp://kenw.example/hook"}}, 400, "bad_field");
  refused({{"email", nullptr}, {"webhook", "file:///etc/passwd"}}, 400, "bad_field");
  refused({{"email", nullptr}, {"webhook", "https://kenw.example/hook"}, {"secret", "short"}}, 400,
          "bad_field");
  refused({{"secret", "a-secret-for-e-mail-too"}}, 400, "bad_field");
  refused({{"requested", "2026-02-30"}}, 400, "bad_field");
  refused({{"requested", "last week"}}, 400, "bad_field");
  refused({{"requested", "2999-01-05"}}, 400, "bad_field");  // after today
  refused({{"name", 7}}, 400, "bad_field");
  CHECK(admin.must("list-media-subscribers", {{"body", "rec6-council"}})["subscribers"].empty());

  const auto member = login(h.server.port(), kMemberEmail, kMemberPassword);
  CHECK(http_request(h.server.port(), "POST", "/api/admin/add-media-subscriber", {}, good.dump(),
                     member)
            .status == 403);

  const auto made = admin.must("add-media-subscriber", good);
  CHECK(made["channel"] == "email");
  CHECK(made["requested"] == "2026-01-05");
  CHECK(made["ended_ms"].is_null());
  const auto id = made["id"].get<std::int64_t>();
  const auto listed = admin.must("list-media-subscribers", {{"body", "rec6-council"}});
  REQUIRE(listed["subscribers"].size() == 1);
  CHECK(listed["subscribers"][0]["name"] == "KENW-TV");

  const auto end = [&](json id_arg) { return admin.run("end-media-subscriber", {{"id", id_arg}}); };
  CHECK(end("abc").status == 400);
  CHECK(end(999).status == 404);
  CHECK(end(id).status == 200);
  const auto again = end(std::to_string(id));
  CHECK(again.status == 400);
  CHECK(json::parse(again.body)["error"] == "already_ended");

  CHECK(admin.run("list-deliveries", {{"body", "nowhere"}}).status == 404);
  CHECK(admin.must("list-deliveries", {{"body", "rec6-council"}})["deliveries"].empty());

  // The command line runs the same operations on the server's machine.
  h.server.stop(SIGTERM);
  const auto cli = run_collegiald({"admin", "--data", (h.dir / "collegial.db").string(),
                                   "list-media-subscribers", "body=rec6-council"});
  REQUIRE(cli.exit_code == 0);
  const auto from_cli = json::parse(cli.out);
  REQUIRE(from_cli["subscribers"].size() == 1);
  CHECK(from_cli["subscribers"][0]["ended_ms"].is_number());
  const auto bad_cli =
      run_collegiald({"admin", "--data", (h.dir / "collegial.db").string(), "add-media-subscriber",
                      "body=rec6-council", "name=X", "email=x@x.example", "requested=yesterday"});
  CHECK(bad_cli.exit_code == 1);
}

TEST_CASE("N7: collegiald refuses SMTP settings it cannot use before opening the database",
          "[delivery][N7]") {
  TempDir dir;
  const auto db = (dir / "collegial.db").string();
  const auto serve = [&](std::vector<std::string> flags) {
    flags.insert(flags.end(), {"--port", "0", "--data", db});
    return run_collegiald(flags).exit_code;
  };
  CHECK(serve({"--smtp-url", "http://relay.example", "--smtp-from", "a@rec6.example"}) == 1);
  CHECK(serve({"--smtp-url", "smtp://relay.example", "--smtp-from", "REC 6 <not-an-address>"}) ==
        1);
  CHECK(serve({"--smtp-url", "smtp://relay.example"}) != 0);  // --smtp-from is needed
  const auto password = (dir / "smtp-password").string();
  std::ofstream(password) << "secret\n";
  CHECK(serve({"--smtp-url", "smtp://relay.example", "--smtp-from", "a@rec6.example",
               "--smtp-password-file", password}) != 0);  // a password needs a user
  CHECK_FALSE(std::filesystem::exists(db));
}

TEST_CASE("N7: a notice the clerk posts reaches the media at once by e-mail and webhook",
          "[delivery][N7]") {
  TempDir dir;
  SmtpListener smtp;
  HttpListener hooks(200);
  ServerProcess server(dir / "collegial.db",
                       {"--smtp-url", smtp.url(), "--smtp-from", "notices@rec6.example"});
  AdminClient admin(server);
  admin.must("add-media-subscriber", {{"body", "rec6-council"},
                                      {"name", "Radio Española"},
                                      {"email", "noticias@radio-espanola.example"},
                                      {"requested", "2026-01-05"}});
  admin.must("add-media-subscriber", {{"body", "rec6-council"},
                                      {"name", "Portales News-Tribune"},
                                      {"webhook", hooks.url()},
                                      {"requested", "2026-01-05"}});

  // The clerk schedules a regular meeting a month ahead and posts its notice (notice plugin).
  WsClient clerk(server.port());
  REQUIRE(clerk.hello(login(server.port(), "clerk@rec6.example", "demo-clerk-2026"))["type"] ==
          "ack");
  REQUIRE(clerk.join("rec6-council")["type"] == "ack");
  const std::time_t later = static_cast<std::time_t>(now_ms() / 1000 + 30 * 86400);
  std::tm t{};
  gmtime_r(&later, &t);
  char starts[32];
  std::strftime(starts, sizeof starts, "%Y-%m-%dT14:00", &t);
  const auto act = [&](const std::string& op, const json& args) {
    const auto answer =
        clerk.request({{"type", "act"}, {"room", "rec6-council"}, {"op", op}, {"args", args}});
    INFO(op << " -> " << answer.dump());
    REQUIRE(answer["type"] == "ack");
  };
  act("notice.schedule",
      {{"kind", "regular"}, {"starts", starts}, {"place", "REC 6 office, 1500 S Ave K, Portales"}});
  act("notice.post", {{"meeting", 1}});

  const auto mail = smtp.wait_for(1)[0];
  CHECK(mail.to == std::vector<std::string>{"noticias@radio-espanola.example"});
  CHECK(decode_header(mail.header("Subject")) ==
        "Notice: Regular meeting of the REC 6 Council");
  CHECK(mail.decoded_body().find("REC 6 office, 1500 S Ave K, Portales") != std::string::npos);
  // In both languages: the notice as posted, in English, then in Spanish.
  CHECK(mail.decoded_body().find("NOTICE OF MEETING") < mail.decoded_body().find("AVISO DE REUNIÓN"));
  CHECK(mail.decoded_body().find("Reunión ordinaria de REC 6 Council") != std::string::npos);
  const auto posted = json::parse(hooks.wait_for(1)[0].body);
  CHECK(posted["event"] == "notice.posted");
  CHECK(posted["notice"]["meeting"] == 1);
  CHECK(posted["notice"]["place"] == "REC 6 office, 1500 S Ave K, Portales");
  CHECK(posted["notice"]["text_es"].get<std::string>().find("AVISO DE REUNIÓN") != std::string::npos);
}

TEST_CASE("N7 N8: a recess to a later day sends the continuation's notice to the media at once",
          "[delivery][N7][N8]") {
  SmtpListener smtp;
  Council c("2026-12-01T09:00", {"--smtp-url", smtp.url(), "--smtp-from", "notices@rec6.example"});
  AdminClient admin(c.server);
  admin.must("add-media-subscriber", {{"body", "rec6-council"},
                                      {"name", "Clovis News Journal"},
                                      {"email", "desk@cnj.example"},
                                      {"requested", "2026-11-02"}});
  const auto n = c.schedule({{"kind", "special"}, {"starts", "2026-12-05T10:00"}, {"place", "Portales"}});
  c.must("notice.set_agenda", {{"meeting", n}, {"items", kAgenda}});
  c.must("notice.post", {{"meeting", n}});
  CHECK(decode_header(smtp.wait_for(1)[0].header("Subject")) == "Notice: Special meeting of the REC 6 Council");
  c.clock.set(local("2026-12-05T10:00"));
  auto m = c.arrive(5);
  REQUIRE(act(*m[0], "meeting.call_to_order", kUnnoticed)["type"] == "ack");
  REQUIRE(act(*m[0], "meeting.recess", {{"until", "2026-12-07T09:00"}, {"place", "Clovis High School library"}})["type"] == "ack");
  const auto mails = smtp.wait_for(2);
  CHECK(decode_header(mails[1].header("Subject")) == "Continuation notice: Special meeting of the REC 6 Council");
  CHECK(mails[1].decoded_body().find("will continue on Monday, December 7, 2026, 9:00 AM MST, at Clovis High School library") !=
        std::string::npos);
}

TEST_CASE("N7: a posted notice is re-sent to one outlet or to all, recorded as a re-send and not a new posting",
          "[delivery][N7]") {
  SmtpListener smtp;
  Council c("2026-12-01T09:00", {"--smtp-url", smtp.url(), "--smtp-from", "notices@rec6.example"});
  AdminClient admin(c.server);
  admin.must("add-media-subscriber", {{"body", "rec6-council"}, {"name", "Clovis News Journal"},
                                      {"email", "desk@cnj.example"}, {"requested", "2026-11-02"}});
  const auto radio = admin.must("add-media-subscriber", {{"body", "rec6-council"}, {"name", "KENW-TV"},
                                                         {"email", "news@kenw.example"}, {"requested", "2026-11-02"}});
  const auto n = c.schedule({{"kind", "special"}, {"starts", "2026-12-10T10:00"}, {"place", "Portales"}});
  c.must("notice.set_agenda", {{"meeting", n}, {"items", kAgenda}});
  c.must("notice.post", {{"meeting", n}});
  REQUIRE(smtp.wait_for(2).size() == 2);
  const json before = c.meeting(n);
  // The station's mail server was down: the clerk sends the notice to it again, a day later.
  c.clock.set(local("2026-12-02T09:00"));
  CHECK(act(*c.clerk, "notice.resend", {{"meeting", 99}})["code"] == "unknown_meeting");
  c.must("notice.resend", {{"meeting", n}, {"outlet", radio["id"]}, {"reason", "the station's mail server was down"}});
  const auto resent = next_of(*c.clerk, "notice.resent");
  CHECK(resent["body"]["outlet"] == radio["id"]);
  const auto mails = smtp.wait_for(3);
  REQUIRE(mails.size() == 3);
  CHECK(mails[2].to == std::vector<std::string>{"news@kenw.example"});
  CHECK(decode_header(mails[2].header("Subject")) == "Notice (sent again): Special meeting of the REC 6 Council");
  const std::string text = mails[2].decoded_body();
  CHECK(text.find("This notice is sent again, unchanged; it was posted Tuesday, December 1, 2026, 9:00 AM MST.") !=
        std::string::npos);
  CHECK(text.find("Why it is sent again: the station's mail server was down") != std::string::npos);
  // To every outlet, with no reason: two more.
  c.must("notice.resend", {{"meeting", n}});
  REQUIRE(smtp.wait_for(5).size() == 5);
  // A re-send is not a posting: the lawful-notice findings and the postings are as they were.
  const json after = c.meeting(n);
  CHECK(after["postings"] == before["postings"]);
  CHECK(after["status"] == before["status"]);
  REQUIRE(after["resends"].size() == 2);
  CHECK(after["resends"][0]["reason"] == "the station's mail server was down");
  // A meeting with no notice posted has nothing to re-send.
  const auto other = c.schedule({{"kind", "regular"}, {"starts", "2026-12-30T10:00"}, {"place", "Portales"}});
  CHECK(act(*c.clerk, "notice.resend", {{"meeting", other}})["code"] == "not_posted");
}
