// N7: every notice posted in a body's room becomes one delivery per outlet that asked that body
// in writing; rooms replay their logs, and a replay creates nothing twice.
#include <boost/asio/io_context.hpp>

#include "core/asio_serial_executor.hpp"
#include "core/room_hub.hpp"
#include "unit/delivery_fixture.hpp"

using namespace collegial;
using namespace collegial::test;
using delivery::Channel;
using delivery::DeliveryStatus;

namespace {

// Loads `room` through a real RoomHub whose effect is the server's, as collegiald wires it:
// loading replays the whole log through it.
void load_room(DeliveryFixture& f, const std::string& room) {
  boost::asio::io_context ioc;
  core::RoomHub::Services services;
  services.effects = [&f](const store::RoomRecord& r, const record::Event& e,
                          const nlohmann::json& body, bool replaying) {
    CHECK(replaying);
    delivery::record_notice_deliveries(*f.outbox, r, e, body, f.notices, f.clock.now_ms());
  };
  core::RoomHub hub(*f.store, core::asio_strand_factory(ioc), f.clock, {}, std::move(services));
  REQUIRE(hub.find(room));
}

}  // namespace

TEST_CASE("N7: a posted notice makes one delivery per media subscriber and a replay none twice",
          "[delivery][N7]") {
  DeliveryFixture f(ON_EACH_HOUSE_ENGINE);
  const auto radio =
      f.subscribe(f.council, "Radio Española", Channel::email, "noticias@radio-espanola.example");
  const auto paper = f.subscribe(f.council, "Portales News-Tribune", Channel::webhook,
                                 "https://news-tribune.example/hooks/notices", "2026-02-01",
                                 "a-secret-of-the-paper");
  const auto withdrawn = f.subscribe(f.council, "KENW-TV", Channel::email, "news@kenw.example");
  f.subscribe(f.committee, "Finance Weekly", Channel::email, "desk@finance-weekly.example");
  f.clock.advance_ms(kHour);
  REQUIRE(f.outbox->end_subscriber(withdrawn.id, f.clock.now_ms()));
  f.clock.advance_ms(kHour);

  const auto notice = f.post_notice("rec6-council", 3);
  f.post_notice("rec6-council", 3, "ignored", "a second posting is a second notice");
  load_room(f, "rec6-council");  // the room's first load replays both notices

  const auto made = f.outbox->deliveries(f.council.id);
  REQUIRE(made.size() == 4);  // two notices × two outlets on file; none to the ended one
  const auto first =
      f.outbox->deliveries(f.council.id, notice.room + ":" + std::to_string(notice.seq));
  REQUIRE(first.size() == 2);
  for (const auto& d : first) {
    CHECK((d.subscriber_id == radio.id || d.subscriber_id == paper.id));
    CHECK(d.status == DeliveryStatus::pending);
    CHECK(d.attempts == 0);
    CHECK(d.next_attempt_ms == f.clock.now_ms());
    CHECK(d.subject == "Notice: Regular meeting of the REC 6 Governing Council");
    CHECK(d.text.find("Agenda: 1. Call to order") == 0);
    CHECK(d.text.find("https://meetings.rec6.example/public/rec6-council/meetings/3") !=
          std::string::npos);
    const auto payload = nlohmann::json::parse(d.payload);
    CHECK(payload["event"] == "notice.posted");
    CHECK(payload["source"] == d.source);
    CHECK(payload["body"]["name"] == "REC 6 Governing Council");
    CHECK(payload["notice"]["title"] == "Regular meeting of the REC 6 Governing Council");
    CHECK(payload["url"] == "https://meetings.rec6.example/public/rec6-council/meetings/3");
  }
  CHECK(f.outbox->deliveries(f.committee.id).empty());  // another body's outlet

  // A restart loads the room again; and the effect may see the event again live.
  f.clock.advance_ms(kHour);
  load_room(f, "rec6-council");
  CHECK(f.take_up(notice) == 0);
  CHECK(f.outbox->deliveries(f.council.id).size() == 4);
}

TEST_CASE("N7: an outlet whose written request postdates the posting gets nothing",
          "[delivery][N7]") {
  DeliveryFixture f(ON_EACH_HOUSE_ENGINE);
  const auto before = f.subscribe(f.council, "On file before", Channel::email, "a@before.example");
  f.clock.advance_ms(kHour);
  const auto notice = f.post_notice("rec6-council", 1);
  CHECK(f.take_up(notice) == 1);

  // Written and recorded after the posting: nothing for that notice, not even when the room
  // replays its log later (nor for an outlet whose letter is older but reached the clerk later:
  // what was posted before it was on file went out without it).
  f.clock.advance_ms(kHour);
  const auto after =
      f.subscribe(f.council, "Asked later", Channel::email, "b@later.example", "2026-11-20");
  const auto late =
      f.subscribe(f.council, "Recorded later", Channel::email, "c@later.example", "2026-01-05");
  CHECK(f.take_up(notice) == 0);
  const auto first = f.outbox->deliveries(f.council.id);
  REQUIRE(first.size() == 1);
  CHECK(first[0].subscriber_id == before.id);

  // The next notice reaches all three.
  f.clock.advance_ms(kHour);
  CHECK(f.take_up(f.post_notice("rec6-council", 2)) == 3);
  (void)after;
  (void)late;
}

TEST_CASE("N7: a written request counts from its day in the body's time zone", "[delivery][N7]") {
  DeliveryFixture f(ON_EACH_HOUSE_ENGINE);
  // 06:30 UTC on 21 November is still 20 November, 23:30, in Portales: a letter dated the 21st
  // is dated tomorrow there, whatever UTC says.
  f.clock.advance_ms(1795242600000 - kStartMs);
  auto early = f.outbox->add_subscriber({.body_id = f.council.id,
                                         .name = "Tomorrow's letter",
                                         .channel = Channel::email,
                                         .address = "d@early.example",
                                         .requested_on = "2026-11-21"},
                                        f.clock.now_ms());
  REQUIRE_FALSE(early);
  CHECK(early.status().code() == "bad_field");
  CHECK(early.status().message().find("after today (2026-11-20)") != std::string::npos);

  // An hour later it is the 21st there: the letter is accepted, and a notice posted the same
  // day reaches it.
  f.clock.advance_ms(kHour);
  f.subscribe(f.council, "Today's letter", Channel::email, "d@early.example", "2026-11-21");
  f.clock.advance_ms(kMinute);
  CHECK(f.take_up(f.post_notice("rec6-council", 1)) == 1);
}

TEST_CASE("N7: only notices posted in a body's room make deliveries", "[delivery][N7]") {
  DeliveryFixture f(ON_EACH_HOUSE_ENGINE);
  f.subscribe(f.council, "Radio", Channel::email, "news@radio.example");
  f.clock.advance_ms(kMinute);
  const auto chat =
      append_event(*f.store, "rec6-council", "chat.message",
                   {{"name", "Dana"}, {"text", "notice.posted"}}, f.clock.now_ms(), "person:1");
  CHECK(f.take_up(chat) == 0);

  REQUIRE(f.store->create_room("open-room", f.clock.now_ms(), "system:test"));
  const auto elsewhere = f.post_notice("open-room", 1);
  CHECK(f.take_up(elsewhere) == 0);  // a room of no body has no media
  CHECK(f.outbox->deliveries(f.council.id).empty());
}

TEST_CASE("N7: a continuation notice after a recess says so in its subject", "[delivery][N7][N8]") {
  DeliveryFixture f(ON_EACH_HOUSE_ENGINE);
  f.subscribe(f.council, "Radio", Channel::email, "news@radio.example");
  f.clock.advance_ms(kMinute);
  auto body = notice_body(4, "rec6-council", "Regular meeting of the REC 6 Governing Council",
                          "Continued on 12 December 2026 at 9:00 am");
  body["continuation"] = true;
  const auto e = append_event(*f.store, "rec6-council", "notice.posted", body, f.clock.now_ms());
  REQUIRE(f.take_up(e) == 1);
  CHECK(f.outbox->deliveries(f.council.id)[0].subject ==
        "Continuation notice: Regular meeting of the REC 6 Governing Council");
}

TEST_CASE("N7: a notice committed before a crash is taken up at the next start",
          "[delivery][N7][durability]") {
  DeliveryFixture f(ON_EACH_HOUSE_ENGINE);
  f.subscribe(f.council, "Radio", Channel::email, "news@radio.example");
  f.clock.advance_ms(kMinute);
  f.post_notice("rec6-council", 1);  // committed; the process "died" before its effect ran
  CHECK(delivery::catch_up_notices(*f.store, *f.outbox, f.notices, f.clock.now_ms()) == 1);
  CHECK(delivery::catch_up_notices(*f.store, *f.outbox, f.notices, f.clock.now_ms()) == 0);
  CHECK(f.outbox->deliveries(f.council.id).size() == 1);
}
