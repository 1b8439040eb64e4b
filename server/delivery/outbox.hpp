// The outbox of notices owed to the media (rule N7): each body's media subscribers (outlets
// that asked in writing for notice of its meetings) and one delivery per notice per subscriber,
// with its state: pending, delivered or failed, its attempts and its last error.
//
// Tables from migration 0004. Thread-safe: one SQLite connection of its own on the server's
// database file, serialized by a mutex; the deliverer's thread, room threads (recording
// notices) and the admin API share it. Writes are durable when a function returns (WAL,
// synchronous=FULL). Errors come back as Status codes: `bad_field`, `not_found`,
// `already_ended`, `store_failed`.
#pragma once


#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/sql.hpp"
#include "util/result.hpp"

namespace collegial::delivery {

enum class Channel { email, webhook };
std::string_view name_of(Channel channel);

enum class DeliveryStatus { pending, delivered, failed };
std::string_view name_of(DeliveryStatus status);

struct MediaSubscriber {
  std::int64_t id = 0;
  std::int64_t body_id = 0;
  std::string name{};  // the outlet
  Channel channel = Channel::email;
  std::string address{};       // e-mail address or webhook URL
  bool has_secret = false;     // the secret itself is read only to sign (Delivery::secret)
  std::string requested_on{};  // the written request's date, YYYY-MM-DD
  std::int64_t recorded_ms = 0;
  std::optional<std::int64_t> ended_ms{};
};

// What add_subscriber needs; validated there.
struct SubscriberRequest {
  std::int64_t body_id = 0;
  std::string name{};
  Channel channel = Channel::email;
  std::string address{};
  std::string secret{};        // webhooks only; empty: unsigned
  std::string requested_on{};  // YYYY-MM-DD, not after today
};

// A notice to record for every subscriber it is owed to.
struct NoticeCopy {
  std::int64_t body_id = 0;
  std::string source{};        // "room:seq" of the notice event
  std::int64_t posted_ms = 0;  // the event's time
  std::string subject{};
  std::string text{};
  std::string payload{};  // JSON
  std::int64_t only_subscriber = 0;  // N7 re-send to one outlet (0: every subscriber owed it)
};

// L2: one e-mail to one person (a webinar reminder).
struct PersonMail {
  std::int64_t body_id = 0;
  std::string name{};     // the person
  std::string address{};  // their e-mail address
  std::string source{};   // what it is for, unique per person: "room:seq"
  std::string subject{};
  std::string text{};
};

struct Delivery {
  std::int64_t id = 0;
  std::int64_t subscriber_id = 0;
  std::string subscriber_name{};
  Channel channel = Channel::email;
  std::string address{};
  std::string secret{};  // filled only by claim_due (for signing)
  std::string source{};
  std::string subject{};
  std::string text{};
  std::string payload{};
  std::int64_t created_ms = 0;
  DeliveryStatus status = DeliveryStatus::pending;
  int attempts = 0;
  std::int64_t next_attempt_ms = 0;
  std::optional<std::string> last_error{};
  std::optional<std::int64_t> delivered_ms{};
};

class Outbox {
 public:
  // Opens the house at `house` (the SQLite file, or the PostgreSQL database every node shares),
  // whose migrations must already have been applied (EventStore::open does it). Throws
  // store::sql::Error if it cannot be opened.
  explicit Outbox(const store::StoreLocation& house);
  // The house in the SQLite file at `path`.
  explicit Outbox(const std::string& path);
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;

  // --- Subscribers (administration) ---

  // Records a written request for notice, at `now_ms`. bad_field when the name is empty, the
  // address does not suit the channel (an e-mail address; an http or https URL), a secret is
  // given for e-mail or is shorter than 16 characters, or the date is not a real YYYY-MM-DD
  // date or is after today in the body's time zone; not_found when there is no such body.
  Result<MediaSubscriber> add_subscriber(const SubscriberRequest& request, std::int64_t now_ms);

  // The outlet withdrew its request: no notice posted from `now_ms` on is owed to it (deliveries
  // already recorded still go out). not_found, already_ended.
  Status end_subscriber(std::int64_t id, std::int64_t now_ms);

  // A body's subscribers, ended ones included, oldest first. Throws store::sql::Error.
  std::vector<MediaSubscriber> subscribers(std::int64_t body_id);

  // Subscribers on file (not ended) that use `channel`, across bodies. Throws store::sql::Error.
  int active_subscribers(Channel channel);

  // Deliveries (notices to the media and mails to people) by status and channel, for the
  // metrics: {"pending", "email"} → 3. Throws store::sql::Error.
  std::map<std::pair<std::string, std::string>, std::int64_t> count_by_status();

  // Whether `body_id` has ever had a subscriber (a notice in its log may be owed). Throws.
  bool has_subscribers(std::int64_t body_id);

  // --- Deliveries ---

  // N7: creates one pending delivery, due at `now_ms`, for each subscriber of the body that was
  // on file when the notice was posted: recorded at or before `posted_ms`, not ended by then,
  // and whose written request is dated on or before the posting's day in the body's time zone
  // (a request dated the day of the posting counts: at a day's precision the notice is sent
  // rather than withheld). Idempotent on
  // (subscriber, source): recording the same notice again creates nothing. Returns how many
  // were created; store_failed on a database error (nothing is created).
  Result<int> record_notice(const NoticeCopy& notice, std::int64_t now_ms);

  // L2: one pending e-mail delivery to a person, due at `now_ms`, unless one for the same
  // person and source exists (idempotent: a replayed reminder sends nothing twice). Returns
  // whether it was created; store_failed on a database error.
  Result<bool> record_mail(const PersonMail& mail, std::int64_t now_ms);

  // Claims up to `limit` pending deliveries due at `now_ms`, of the channels in `channels`,
  // oldest due first: each claimed one has its attempt counted and is not due again before
  // `now_ms + lease_ms` (so no other deliverer takes it meanwhile, and a crash mid-send retries
  // it after the lease). Throws store::sql::Error.
  std::vector<Delivery> claim_due(std::int64_t now_ms, std::size_t limit,
                                  const std::vector<Channel>& channels, std::int64_t lease_ms);

  // The outcome of a claimed attempt.
  Status mark_delivered(std::int64_t id, std::int64_t now_ms);
  // The attempt failed with `error`: due again at `retry_at_ms`, or given up (`failed`) when
  // there is none.
  Status mark_attempt_failed(std::int64_t id, const std::string& error,
                             std::optional<std::int64_t> retry_at_ms);
  // The attempt was abandoned (shutdown) before it had an outcome: it is not counted and the
  // delivery is due again at `due_ms`.
  Status release(std::int64_t id, std::int64_t due_ms);

  // An administrator fixed what made a delivery fail: it is pending again, due at `now_ms`,
  // with its attempts counted afresh (its last error stays until the next attempt).
  // not_found; bad_field when it was delivered.
  Status retry(std::int64_t id, std::int64_t now_ms);

  // Pending deliveries of `channel` that cannot be attempted now say so in last_error
  // ("no SMTP server configured"); their attempts and due times do not change.
  Status note_waiting(Channel channel, const std::string& reason);

  // When the next pending delivery of `channels` is due, if any. Throws store::sql::Error.
  std::optional<std::int64_t> next_due_ms(const std::vector<Channel>& channels);

  // A body's deliveries (only those of `source`, when given), newest first, without secrets.
  // Throws store::sql::Error.
  std::vector<Delivery> deliveries(std::int64_t body_id,
                                   const std::optional<std::string>& source = std::nullopt);

  // One delivery by id, without its secret. Throws store::sql::Error.
  std::optional<Delivery> delivery(std::int64_t id);

 private:
  // Runs one UPDATE of a delivery with `sql`'s two parameters (`value`, then the id).
  Status update(const char* sql, std::int64_t value, std::int64_t id);

  std::mutex mutex_;
  std::unique_ptr<store::sql::Connection> db_;
};

// True for a real calendar date written YYYY-MM-DD (1900-01-01 to 9999-12-31).
bool valid_date(std::string_view text);

}  // namespace collegial::delivery
