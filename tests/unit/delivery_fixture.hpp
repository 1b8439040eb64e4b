// What the delivery tests start from: a real database with a cooperative, its council and a
// committee (each with its room), the outbox on it, and a clock that moves when told. The
// database is a new SQLite file, or a new database on a real PostgreSQL (the house on either
// engine: store/sql.hpp); the tests run on both.
#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "util/clock.hpp"
#include "delivery/notice_deliveries.hpp"
#include "delivery/outbox.hpp"
#include "store/directory.hpp"
#include "store/event_store.hpp"
#include "support/log_events.hpp"
#include "support/postgres_server.hpp"
#include "support/temp_dir.hpp"

namespace collegial::test {

// 2026-11-20T16:00:00Z, 9:00 in the morning in Portales (MST).
inline constexpr std::int64_t kStartMs = 1795190400000;
inline constexpr std::int64_t kMinute = 60'000;
inline constexpr std::int64_t kHour = 60 * kMinute;

// Each delivery test once per engine: `DeliveryFixture f(ON_EACH_HOUSE_ENGINE);`.
#define ON_EACH_HOUSE_ENGINE GENERATE(as<std::string>{}, "sqlite", "postgres")

struct DeliveryFixture {
  explicit DeliveryFixture(const std::string& engine = "sqlite") {
    INFO("engine: " << engine);
    house = engine == "postgres"
                ? store::StoreLocation{store::StoreLocation::Engine::postgres, PostgresServer::shared().fresh_database()}
                : store::StoreLocation{store::StoreLocation::Engine::sqlite, path};
    Status status;
    store = store::EventStore::open(house, {}, status);
    REQUIRE(store);
    directory = std::make_unique<store::Directory>(house);
    outbox = std::make_unique<delivery::Outbox>(house);
    REQUIRE(directory->create_cooperative("rec6", "REC 6"));
    council = make_body("rec6-council", "REC 6 Governing Council", "council", "");
    committee = make_body("rec6-finance", "REC 6 Finance Committee", "committee", "rec6-council");
  }

  store::Body make_body(const std::string& slug, const std::string& name, const std::string& kind,
                        const std::string& parent) {
    store::Body b;
    b.slug = slug;
    b.name = name;
    b.kind = kind;
    auto made = directory->create_body(b, "rec6", parent);
    REQUIRE(made);
    REQUIRE(store->create_room(slug, clock.now_ms(), "system:test", nullptr, made->id));
    return made.value();
  }

  delivery::MediaSubscriber subscribe(const store::Body& body, const std::string& name,
                                      delivery::Channel channel, const std::string& address,
                                      const std::string& requested = "2026-01-05",
                                      const std::string& secret = "") {
    auto made = outbox->add_subscriber({.body_id = body.id,
                                        .name = name,
                                        .channel = channel,
                                        .address = address,
                                        .secret = secret,
                                        .requested_on = requested},
                                       clock.now_ms());
    INFO(made.status().to_string());
    REQUIRE(made);
    return made.value();
  }

  // A notice.posted for `meeting`, committed to `room`'s log now.
  record::Event post_notice(const std::string& room, int meeting,
                           const std::string& title =
                               "Regular meeting of the REC 6 Governing "
                               "Council",
                           const std::string& text = "Agenda: 1. Call to order") {
    return append_event(*store, room, "notice.posted", notice_body(meeting, room, title, text),
                        clock.now_ms());
  }

  // What the server's effect does with a committed event.
  int take_up(const record::Event& event) {
    const auto room = store->find_room(event.room);
    REQUIRE(room);
    return delivery::record_notice_deliveries(
        *outbox, *room, event, nlohmann::json::parse(event.body), notices, clock.now_ms());
  }

  TempDir dir;
  std::string path = (dir / "collegial.db").string();
  store::StoreLocation house;
  collegial::ManualClock clock{kStartMs};
  delivery::NoticeOptions notices{.public_url = "https://meetings.rec6.example"};
  std::unique_ptr<store::EventStore> store;
  std::unique_ptr<store::Directory> directory;
  std::unique_ptr<delivery::Outbox> outbox;
  store::Body council;
  store::Body committee;
};

}  // namespace collegial::test
