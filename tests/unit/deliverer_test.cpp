// N7: the deliverer sends notices to real servers (an SMTP listener and an HTTP listener on
// loopback ports that the tests start), records each outcome, and retries failures with
// exponential backoff on an injected clock until it gives up.
#include "delivery/deliverer.hpp"

#include <thread>

#include "delivery/email_message.hpp"
#include "support/http_listener.hpp"
#include "support/smtp_listener.hpp"
#include "unit/delivery_fixture.hpp"

using namespace collegial;
using namespace collegial::test;
using delivery::Channel;
using delivery::DeliveryStatus;

namespace {

delivery::SmtpConfig smtp_to(const std::string& url) {
  return {.url = url,
          .from = {"REC 6 Notices", "notices@rec6.example"},
          .user = {},
          .password = {},
          .timeout = std::chrono::seconds(10)};
}

// A port on which nothing listens: one that was just listened on and closed.
std::uint16_t closed_port() {
  LoopbackListener gone([](LoopbackConnection&) {});
  return gone.port();
}

}  // namespace

TEST_CASE("N7: a notice e-mail reaches a real SMTP server with its headers and UTF-8 intact",
          "[delivery][N7]") {
  DeliveryFixture f(ON_EACH_HOUSE_ENGINE);
  SmtpListener smtp;
  const delivery::SmtpSender sender(smtp_to(smtp.url()));
  const delivery::WebhookSender webhooks;
  delivery::Deliverer deliverer(*f.outbox, f.clock, &sender, webhooks);
  f.subscribe(f.council, "Radio Española", Channel::email, "noticias@radio-espanola.example");
  f.clock.advance_ms(kMinute);
  const auto notice =
      f.post_notice("rec6-council", 3, "Regular meeting of the REC 6 Governing Council",
                    "Meeting at the Española office.\nAgenda:\n1. Call to order\n");
  REQUIRE(f.take_up(notice) == 1);

  f.clock.advance_ms(1000);
  CHECK(deliverer.deliver_due() == 1);
  const auto mail = smtp.wait_for(1)[0];
  CHECK(mail.from == "notices@rec6.example");
  CHECK(mail.to == std::vector<std::string>{"noticias@radio-espanola.example"});
  CHECK(mail.header("From") == "\"REC 6 Notices\" <notices@rec6.example>");
  CHECK(decode_header(mail.header("To")) == "Radio Española <noticias@radio-espanola.example>");
  CHECK(decode_header(mail.header("Subject")) ==
        "Notice: Regular meeting of the REC 6 Governing Council");
  const auto recorded = f.outbox->deliveries(f.council.id)[0];
  CHECK(mail.header("Date") == delivery::rfc5322_date(recorded.created_ms));
  CHECK(mail.header("Message-ID") == "<notice." + std::to_string(recorded.id) + "." +
                                         std::to_string(recorded.created_ms) + "@rec6.example>");
  CHECK(mail.header("MIME-Version") == "1.0");
  CHECK(mail.header("Content-Type") == "text/plain; charset=UTF-8");
  CHECK(mail.header("Content-Transfer-Encoding") == "quoted-printable");
  const std::string body = mail.decoded_body();
  CHECK(body.find("Meeting at the Española office.\r\nAgenda:\r\n1. Call to order") == 0);
  CHECK(body.find("https://meetings.rec6.example/public/rec6-council/meetings/3") !=
        std::string::npos);
  CHECK(body.find("REC 6 Governing Council to the broadcast stations and newspapers") !=
        std::string::npos);

  const auto done = f.outbox->delivery(recorded.id);
  REQUIRE(done);
  CHECK(done->status == DeliveryStatus::delivered);
  CHECK(done->attempts == 1);
  CHECK(done->delivered_ms == f.clock.now_ms());
  CHECK_FALSE(done->last_error);
  CHECK(deliverer.deliver_due() == 0);  // delivered once
  CHECK(f.outbox->retry(recorded.id, f.clock.now_ms()).code() == "bad_field");
  CHECK(f.outbox->retry(recorded.id + 100, f.clock.now_ms()).code() == "not_found");
}

TEST_CASE("N7: a refused SMTP recipient is retried with exponential backoff then failed",
          "[delivery][N7]") {
  DeliveryFixture f(ON_EACH_HOUSE_ENGINE);
  SmtpListener smtp(SmtpBehaviour::refuse_recipient);
  const delivery::SmtpSender sender(smtp_to(smtp.url()));
  const delivery::WebhookSender webhooks;
  const delivery::RetryPolicy retry{
      .max_attempts = 4, .first_delay_ms = kMinute, .max_delay_ms = kHour};
  delivery::Deliverer deliverer(*f.outbox, f.clock, &sender, webhooks, {.retry = retry});
  f.subscribe(f.council, "KENW-TV", Channel::email, "news@kenw.example");
  f.clock.advance_ms(kMinute);
  REQUIRE(f.take_up(f.post_notice("rec6-council", 1)) == 1);
  const auto id = f.outbox->deliveries(f.council.id)[0].id;

  std::int64_t wait = kMinute;
  for (int attempt = 1; attempt <= 3; ++attempt) {
    REQUIRE(deliverer.deliver_due() == 1);
    const auto d = f.outbox->delivery(id);
    CHECK(d->status == DeliveryStatus::pending);
    CHECK(d->attempts == attempt);
    REQUIRE(d->last_error);
    CHECK(d->last_error->find("550") != std::string::npos);
    CHECK(d->next_attempt_ms == f.clock.now_ms() + wait);  // 1, 2, 4 minutes
    f.clock.advance_ms(wait - 1);
    CHECK(deliverer.deliver_due() == 0);  // not due yet
    f.clock.advance_ms(1);
    wait *= 2;
  }
  REQUIRE(deliverer.deliver_due() == 1);  // the fourth and last attempt
  const auto failed = f.outbox->delivery(id);
  CHECK(failed->status == DeliveryStatus::failed);
  CHECK(failed->attempts == 4);
  REQUIRE(failed->last_error);
  CHECK(failed->last_error->find("550") != std::string::npos);
  f.clock.advance_ms(kHour * 24);
  CHECK(deliverer.deliver_due() == 0);  // given up
  CHECK(smtp.connections() == 4);
  CHECK(smtp.messages().empty());

  // Once the cause is fixed, an administrator sends it again with a fresh count of attempts.
  REQUIRE(f.outbox->retry(id, f.clock.now_ms()));
  const auto again = f.outbox->delivery(id);
  CHECK(again->status == DeliveryStatus::pending);
  CHECK(again->attempts == 0);
  CHECK(again->next_attempt_ms == f.clock.now_ms());
  CHECK(deliverer.deliver_due() == 1);
}

TEST_CASE("N7: an unreachable SMTP server is an attempt that failed with the reason",
          "[delivery][N7]") {
  DeliveryFixture f(ON_EACH_HOUSE_ENGINE);
  const delivery::SmtpSender sender(smtp_to("smtp://127.0.0.1:" + std::to_string(closed_port())));
  const delivery::WebhookSender webhooks;
  delivery::Deliverer deliverer(*f.outbox, f.clock, &sender, webhooks);
  f.subscribe(f.council, "KENW-TV", Channel::email, "news@kenw.example");
  f.clock.advance_ms(kMinute);
  REQUIRE(f.take_up(f.post_notice("rec6-council", 1)) == 1);
  REQUIRE(deliverer.deliver_due() == 1);
  const auto d = f.outbox->deliveries(f.council.id)[0];
  CHECK(d.status == DeliveryStatus::pending);
  CHECK(d.attempts == 1);
  REQUIRE(d.last_error);
  CHECK(d.last_error->find("Couldn't connect") != std::string::npos);
  CHECK(d.next_attempt_ms == f.clock.now_ms() + delivery::RetryPolicy{}.first_delay_ms);
}

TEST_CASE("N7: a webhook receives the notice JSON signed with HMAC-SHA256", "[delivery][N7]") {
  DeliveryFixture f(ON_EACH_HOUSE_ENGINE);
  HttpListener hooks(204);
  const delivery::WebhookSender webhooks;
  delivery::Deliverer deliverer(*f.outbox, f.clock, nullptr, webhooks);
  const std::string secret = "the-paper-s-shared-secret";
  const auto signed_one = f.subscribe(f.council, "Portales News-Tribune", Channel::webhook,
                                      hooks.url("/signed"), "2026-01-05", secret);
  f.subscribe(f.council, "Unsigned", Channel::webhook, hooks.url("/plain"));
  f.clock.advance_ms(kMinute);
  const auto notice = f.post_notice("rec6-council", 3);
  REQUIRE(f.take_up(notice) == 2);

  CHECK(deliverer.deliver_due() == 2);
  const auto requests = hooks.wait_for(2);
  for (const auto& r : requests) {
    CHECK(r.method == "POST");
    CHECK(r.header("Content-Type") == "application/json");
    CHECK(r.header("X-Collegial-Event") == "notice.posted");
    const auto payload = nlohmann::json::parse(r.body);
    CHECK(payload["event"] == "notice.posted");
    CHECK(payload["source"] == "rec6-council:" + std::to_string(notice.seq));
    CHECK(payload["notice"] == nlohmann::json::parse(notice.body));
    if (r.target == "/signed") {
      CHECK(r.header("X-Collegial-Signature") == "sha256=" + hmac_sha256_hex(secret, r.body));
      CHECK(r.header("X-Collegial-Signature") == delivery::webhook_signature(secret, r.body));
    } else {
      CHECK(r.target == "/plain");
      CHECK(r.header("X-Collegial-Signature").empty());
    }
  }
  // Each request names its delivery, so a receiver can tell a retry from a new notice.
  for (const auto& d : f.outbox->deliveries(f.council.id)) {
    CHECK(d.status == DeliveryStatus::delivered);
    const std::string target = d.subscriber_id == signed_one.id ? "/signed" : "/plain";
    for (const auto& r : requests) {
      if (r.target == target) CHECK(r.header("X-Collegial-Delivery") == std::to_string(d.id));
    }
  }
}

TEST_CASE("N7: a webhook that answers 503 is retried until it takes the notice", "[delivery][N7]") {
  DeliveryFixture f(ON_EACH_HOUSE_ENGINE);
  HttpListener hooks(503);
  const delivery::WebhookSender webhooks;
  delivery::Deliverer deliverer(*f.outbox, f.clock, nullptr, webhooks);
  f.subscribe(f.council, "Portales News-Tribune", Channel::webhook, hooks.url());
  f.clock.advance_ms(kMinute);
  REQUIRE(f.take_up(f.post_notice("rec6-council", 1)) == 1);

  REQUIRE(deliverer.deliver_due() == 1);
  auto d = f.outbox->deliveries(f.council.id)[0];
  CHECK(d.status == DeliveryStatus::pending);
  CHECK(d.last_error == "HTTP 503: test refusal");
  hooks.answer_with(200);
  f.clock.advance_ms(delivery::RetryPolicy{}.first_delay_ms);
  REQUIRE(deliverer.deliver_due() == 1);
  d = f.outbox->deliveries(f.council.id)[0];
  CHECK(d.status == DeliveryStatus::delivered);
  CHECK(d.attempts == 2);
  CHECK_FALSE(d.last_error);
  CHECK(hooks.requests().size() == 2);
  CHECK(hooks.requests()[0].header("X-Collegial-Delivery") ==
        hooks.requests()[1].header("X-Collegial-Delivery"));
}

TEST_CASE("N7: without an SMTP server e-mail deliveries wait and say why", "[delivery][N7]") {
  DeliveryFixture f(ON_EACH_HOUSE_ENGINE);
  HttpListener hooks(200);
  const delivery::WebhookSender webhooks;
  delivery::Deliverer deliverer(*f.outbox, f.clock, nullptr, webhooks);
  f.subscribe(f.council, "KENW-TV", Channel::email, "news@kenw.example");
  f.subscribe(f.council, "Paper", Channel::webhook, hooks.url());
  f.clock.advance_ms(kMinute);
  REQUIRE(f.take_up(f.post_notice("rec6-council", 1)) == 2);

  CHECK(deliverer.deliver_due() == 1);  // the webhook goes; the e-mail waits
  for (const auto& d : f.outbox->deliveries(f.council.id)) {
    if (d.channel == Channel::webhook) {
      CHECK(d.status == DeliveryStatus::delivered);
      continue;
    }
    CHECK(d.status == DeliveryStatus::pending);
    CHECK(d.attempts == 0);
    CHECK(d.last_error == std::string(delivery::kNoSmtp));
    CHECK(d.last_error == "no SMTP server configured (--smtp-url)");
  }
}

TEST_CASE("N7: the deliverer's thread sends a notice as soon as it is woken", "[delivery][N7]") {
  DeliveryFixture f(ON_EACH_HOUSE_ENGINE);
  SmtpListener smtp;
  const delivery::SmtpSender sender(smtp_to(smtp.url()));
  const delivery::WebhookSender webhooks;
  delivery::Deliverer deliverer(*f.outbox, f.clock, &sender, webhooks,
                                {.max_idle = std::chrono::hours(1)});
  deliverer.start();
  f.subscribe(f.council, "KENW-TV", Channel::email, "news@kenw.example");
  f.clock.advance_ms(kMinute);
  REQUIRE(f.take_up(f.post_notice("rec6-council", 1)) == 1);
  deliverer.wake();
  CHECK(smtp.wait_for(1, std::chrono::seconds(10)).size() == 1);
  // The listener records the message before it answers 250; the outcome follows that answer.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (f.outbox->deliveries(f.council.id)[0].status != DeliveryStatus::delivered &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(f.outbox->deliveries(f.council.id)[0].status == DeliveryStatus::delivered);
  deliverer.stop();
}

TEST_CASE("N7: stopping the deliverer aborts a send in flight and keeps it pending uncounted",
          "[delivery][N7]") {
  DeliveryFixture f(ON_EACH_HOUSE_ENGINE);
  SmtpListener silent(SmtpBehaviour::never_answer);
  auto config = smtp_to(silent.url());
  config.timeout = std::chrono::minutes(5);
  const delivery::SmtpSender sender(config);
  const delivery::WebhookSender webhooks;
  delivery::Deliverer deliverer(*f.outbox, f.clock, &sender, webhooks);
  f.subscribe(f.council, "KENW-TV", Channel::email, "news@kenw.example");
  f.clock.advance_ms(kMinute);
  REQUIRE(f.take_up(f.post_notice("rec6-council", 1)) == 1);
  deliverer.start();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (silent.connections() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE(silent.connections() == 1);

  const auto started = std::chrono::steady_clock::now();
  deliverer.stop();
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));
  const auto d = f.outbox->deliveries(f.council.id)[0];
  CHECK(d.status == DeliveryStatus::pending);
  CHECK(d.attempts == 0);
  CHECK(d.next_attempt_ms <= f.clock.now_ms());  // due again at once after a restart
}

TEST_CASE("N7: retry delays double from the first and stop at the maximum", "[delivery][N7]") {
  const delivery::RetryPolicy p{
      .max_attempts = 10, .first_delay_ms = 60'000, .max_delay_ms = 600'000};
  CHECK(delivery::retry_delay_ms(p, 1) == 60'000);
  CHECK(delivery::retry_delay_ms(p, 2) == 120'000);
  CHECK(delivery::retry_delay_ms(p, 4) == 480'000);
  CHECK(delivery::retry_delay_ms(p, 5) == 600'000);
  CHECK(delivery::retry_delay_ms(p, 60) == 600'000);
}
