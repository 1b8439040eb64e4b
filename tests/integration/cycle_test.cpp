// L3: the professional-development cycle of an initiative, recorded in order through a real
// server and exported as JSON and CSV for the report to the state.
#include "integration/oma_council.hpp"

using namespace collegial::test;

namespace {

constexpr const char* kStaffRoom = "rec6-literacy";  // a body that is not public

json record(WsClient& c, json args) { return act(c, "cycle.record", std::move(args), kStaffRoom); }

}  // namespace

TEST_CASE("L3: the cycle is recorded in its order and its report exports as JSON and CSV", "[cycle][L3]") {
  Council c("2026-09-01T09:00");
  // Its records name teachers and schools: not in a public body's room, whose events anyone
  // may receive.
  auto in_council = c.seat_in("director@rec6.example", "demo-director-2026");
  CHECK(act(*in_council, "cycle.start", {{"title", "Structured Literacy"}})["code"] == "public_room");
  auto director = std::make_unique<WsClient>(c.server.port());
  REQUIRE(director->hello(login(c.server.port(), "facilitator@rec6.example", "demo-facilitator-2026"))["type"] == "ack");
  REQUIRE(director->join(kStaffRoom)["type"] == "ack");
  REQUIRE(act(*director, "cycle.start", {{"title", "Structured Literacy"}, {"region", "REC 6, eastern plains"}}, kStaffRoom)["type"] == "ack");
  const json started = next_of(*director, "cycle.started");
  CHECK(started["body"]["initiative"] == 1);

  // Each step follows the one before it.
  const auto early = record(*director, {{"initiative", 1}, {"step", "observation"}, {"date", "2026-09-10"}, {"people", {"x"}}});
  CHECK(early["code"] == "out_of_order");
  CHECK(early["message"] == "L3: record \u201cRegional training\u201d before \u201cObservation of implementation\u201d");
  REQUIRE(record(*director, {{"initiative", 1}, {"step", "experts_trained"}, {"date", "2026-09-02"},
                             {"people", {"Carmen Vigil", "Luis Baca"}}, {"notes", "PED train-the-experts, Santa Fe"}})["type"] == "ack");
  // A regional training names the webinar that delivered it (scheduled here by the staff).
  REQUIRE(act(*director, "webinar.schedule",
              {{"title", "Structured Literacy, part 1"}, {"starts", "2026-09-15T16:00"}, {"ends", "2026-09-15T17:30"},
               {"capacity", 40}, {"join_url", "https://meet.rec6.example/sl1"}}, kStaffRoom)["type"] == "ack");
  CHECK(record(*director, {{"initiative", 1}, {"step", "regional_training"}, {"date", "2026-09-15"}, {"people", {"Carmen Vigil"}},
                           {"webinar", 9}})["code"] == "unknown_webinar");
  REQUIRE(record(*director, {{"initiative", 1}, {"step", "regional_training"}, {"date", "2026-09-15"},
                             {"people", {"Carmen Vigil"}}, {"webinar", 1}})["type"] == "ack");
  REQUIRE(record(*director, {{"initiative", 1}, {"step", "observation"}, {"date", "2026-10-01"},
                             {"people", {"Carmen Vigil", "Texico Elementary, grade 1"}},
                             {"notes", "Routines in place; \"decodable\" texts missing, in two rooms"}})["type"] == "ack");
  REQUIRE(record(*director, {{"initiative", 1}, {"step", "observation"}, {"date", "2026-10-02"},
                             {"people", {"Carmen Vigil", "Floyd Elementary"}}})["type"] == "ack");
  REQUIRE(record(*director, {{"initiative", 1}, {"step", "coaching"}, {"date", "2026-10-20"},
                             {"people", {"Carmen Vigil"}}, {"notes", "Modeled small-group lessons"}})["type"] == "ack");
  CHECK(record(*director, {{"initiative", 1}, {"step", "report"}, {"date", "2026-11-01"}, {"people", {"Carmen Vigil"}}})["code"] ==
        "bad_field");  // a report names the needs
  REQUIRE(record(*director, {{"initiative", 1}, {"step", "report"}, {"date", "2026-11-01"}, {"people", {"Carmen Vigil"}},
                             {"needs", {"Decodable texts for grades K-1", "Coaching for new teachers"}}})["type"] == "ack");
  // Bad input.
  CHECK(record(*director, {{"initiative", 1}, {"step", "coaching"}, {"date", "2026-13-40"}, {"people", {"x"}}})["code"] == "bad_field");
  CHECK(record(*director, {{"initiative", 1}, {"step", "lunch"}, {"date", "2026-10-20"}, {"people", {"x"}}})["code"] == "bad_field");
  CHECK(record(*director, {{"initiative", 2}, {"step", "coaching"}, {"date", "2026-10-20"}, {"people", {"x"}}})["code"] == "unknown_initiative");
  CHECK(record(*director, {{"initiative", 1}, {"step", "coaching"}, {"date", "2026-10-20"}, {"people", json::array()}})["code"] == "bad_field");
  auto member = std::make_unique<WsClient>(c.server.port());
  REQUIRE(member->hello(login(c.server.port(), "teacher@rec6.example", "demo-teacher-2026"))["type"] == "ack");
  REQUIRE(member->join(kStaffRoom)["type"] == "ack");
  CHECK(act(*member, "cycle.start", {{"title", "Mine"}}, kStaffRoom)["code"] == "forbidden");

  // The view counts the steps; the report is read by those who run the cycle.
  const auto view = director->request({{"type", "view"}, {"room", kStaffRoom}});
  const json& steps = view["views"]["cycle"]["initiatives"][0]["steps"];
  CHECK(steps["observation"] == 2);
  CHECK(steps["report"] == 1);
  const auto report = director->request({{"type", "read"}, {"room", kStaffRoom}, {"plugin", "cycle"}, {"query", {{"initiative", 1}}}});
  REQUIRE(report["type"] == "ack");
  CHECK(report["result"]["region"] == "REC 6, eastern plains");
  CHECK(report["result"]["steps"][4]["entries"][0]["needs"][0] == "Decodable texts for grades K-1");
  CHECK(report["result"]["steps"][1]["entries"][0]["webinar"] == 1);
  const auto refused = member->request({{"type", "read"}, {"room", kStaffRoom}, {"plugin", "cycle"}, {"query", {{"initiative", 1}}}});
  CHECK(refused["code"] == "forbidden");
  // A malformed query is refused, and the room goes on.
  const auto odd = director->request({{"type", "read"}, {"room", kStaffRoom}, {"plugin", "cycle"},
                                      {"query", {{"initiative", 1}, {"format", 1}}}});
  CHECK(odd["code"] == "bad_field");

  // Over HTTP: JSON and CSV.
  const std::string token = login(c.server.port(), "facilitator@rec6.example", "demo-facilitator-2026");
  const auto csv = http_request(c.server.port(), "POST", "/api/rooms/rec6-literacy/read", {},
                                json{{"plugin", "cycle"}, {"query", {{"initiative", 1}, {"format", "csv"}}}}.dump(), token);
  REQUIRE(csv.status == 200);
  CHECK(csv.content_type.find("text/csv") == 0);
  CHECK(csv.body.rfind("initiative,title,region,entry,step,date,people,notes,webinar,needs\r\n", 0) == 0);
  CHECK(csv.body.find("1,Structured Literacy,\"REC 6, eastern plains\",3,Observation of implementation,2026-10-01,"
                      "\"Carmen Vigil; Texico Elementary, grade 1\",\"Routines in place; \"\"decodable\"\" texts missing, in two rooms\",,\r\n") !=
        std::string::npos);
  CHECK(csv.body.find("Report of training needs to the state,2026-11-01,Carmen Vigil,,,Decodable texts for grades K-1; Coaching for new teachers\r\n") !=
        std::string::npos);
  const auto as_json = http_request(c.server.port(), "POST", "/api/rooms/rec6-literacy/read", {},
                                    json{{"plugin", "cycle"}, {"query", {{"initiative", 1}}}}.dump(), token);
  REQUIRE(as_json.status == 200);
  CHECK(json::parse(as_json.body)["result"]["title"] == "Structured Literacy");
  const std::string member_token = login(c.server.port(), kVoters[2].first, kVoters[2].second);  // no seat in the circle
  CHECK(http_request(c.server.port(), "POST", "/api/rooms/rec6-literacy/read", {},
                     json{{"plugin", "cycle"}, {"query", {{"initiative", 1}}}}.dump(), member_token).status == 403);
  CHECK(http_request(c.server.port(), "POST", "/api/rooms/rec6-literacy/read", {},
                     json{{"plugin", "cycle"}, {"query", {{"initiative", 1}, {"format", 1}}}}.dump(), token).status == 400);
  CHECK(http_request(c.server.port(), "POST", "/api/rooms/rec6-literacy/read", {},
                     json{{"plugin", "nothing"}}.dump(), token).status == 400);
  // The circle's participants receive its events but do not read the report.
  const std::string teacher = login(c.server.port(), "teacher@rec6.example", "demo-teacher-2026");
  CHECK(http_request(c.server.port(), "POST", "/api/rooms/rec6-literacy/read", {},
                     json{{"plugin", "cycle"}, {"query", {{"initiative", 1}}}}.dump(), teacher).status == 403);
}
