#include "delivery/outbox.hpp"


#include "delivery/email_message.hpp"
#include "delivery/webhook_sender.hpp"
#include "util/local_time.hpp"

namespace collegial::delivery {
namespace {

namespace sql = store::sql;

Status failed(const sql::Error& e) {
  return Status::error("store_failed", std::string("outbox: ") + e.what());
}

Channel channel_of(const std::string& text) {
  return text == "webhook" ? Channel::webhook : Channel::email;
}

DeliveryStatus status_of(const std::string& text) {
  if (text == "delivered") return DeliveryStatus::delivered;
  if (text == "failed") return DeliveryStatus::failed;
  return DeliveryStatus::pending;
}

std::optional<std::int64_t> optional_int(const sql::Column& c) {
  if (c.is_null()) return std::nullopt;
  return c.int64();
}

constexpr const char* kSubscriberColumns =
    "id, body_id, name, channel, address, secret IS NOT NULL, requested_on, recorded_ms, "
    "ended_ms";

MediaSubscriber read_subscriber(sql::Statement& q) {
  MediaSubscriber s;
  s.id = q.column(0).int64();
  s.body_id = q.column(1).int64();
  s.name = q.column(2).text();
  s.channel = channel_of(q.column(3).text());
  s.address = q.column(4).text();
  s.has_secret = q.column(5).int32() != 0;
  s.requested_on = q.column(6).text();
  s.recorded_ms = q.column(7).int64();
  s.ended_ms = optional_int(q.column(8));
  return s;
}

constexpr const char* kDeliveryColumns =
    "d.id, d.subscriber_id, s.name, s.channel, s.address, d.source, d.subject, d.text, "
    "d.payload, d.created_ms, d.status, d.attempts, d.next_attempt_ms, d.last_error, "
    "d.delivered_ms";

Delivery read_delivery(sql::Statement& q) {
  Delivery d;
  d.id = q.column(0).int64();
  d.subscriber_id = q.column(1).int64();
  d.subscriber_name = q.column(2).text();
  d.channel = channel_of(q.column(3).text());
  d.address = q.column(4).text();
  d.source = q.column(5).text();
  d.subject = q.column(6).text();
  d.text = q.column(7).text();
  d.payload = q.column(8).text();
  d.created_ms = q.column(9).int64();
  d.status = status_of(q.column(10).text());
  d.attempts = q.column(11).int32();
  d.next_attempt_ms = q.column(12).int64();
  if (!q.column(13).is_null()) d.last_error = q.column(13).text();
  d.delivered_ms = optional_int(q.column(14));
  return d;
}

// "'email', 'webhook'" for an IN list (the names are fixed words, never user input).
std::string channel_list(const std::vector<Channel>& channels) {
  std::string out;
  for (Channel c : channels) {
    if (!out.empty()) out += ", ";
    // Appended piece by piece: `"'" + std::string(…)` trips g++ 12's -Wrestrict false
    // positive (GCC PR 105329) at -O3, which a Release build treats as an error.
    out += '\'';
    out += name_of(c);
    out += '\'';
  }
  return out.empty() ? "''" : out;
}

bool printable_no_space(std::string_view text) {
  for (unsigned char c : text) {
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return true;
}

Status bad(std::string message) {
  return Status::error("bad_field", std::move(message));
}

Status validate(const SubscriberRequest& r) {
  if (r.name.empty() || r.name.size() > 200) return bad("'name' is 1 to 200 characters");
  for (unsigned char c : r.name) {
    if (c < 0x20 || c == 0x7f) return bad("'name' must be one line of text");
  }
  if (r.channel == Channel::email) {
    if (!valid_email_address(r.address)) {
      return bad("'" + r.address + "' is not an e-mail address Collegial can send to");
    }
    if (!r.secret.empty()) return bad("'secret' signs webhooks only, not e-mail");
  } else {
    if (!valid_webhook_url(r.address)) {
      return bad("'" + r.address + "' is not an http:// or https:// URL");
    }
    if (!r.secret.empty() &&
        (r.secret.size() < 16 || r.secret.size() > 256 || !printable_no_space(r.secret))) {
      return bad("'secret' is 16 to 256 printable characters without spaces");
    }
  }
  if (!valid_date(r.requested_on)) {
    return bad("'requested' is the date of the written request, YYYY-MM-DD");
  }
  return Status::ok();
}

// The body's time zone (IANA name), in which its days are counted.
std::optional<std::string> time_zone_of(sql::Connection& db, std::int64_t body_id) {
  sql::Statement q(db, "SELECT time_zone FROM bodies WHERE id = ?");
  q.bind(1, body_id);
  if (!q.step()) return std::nullopt;
  return q.column(0).text();
}

}  // namespace

std::string_view name_of(Channel channel) {
  return channel == Channel::webhook ? "webhook" : "email";
}

std::string_view name_of(DeliveryStatus status) {
  switch (status) {
    case DeliveryStatus::delivered:
      return "delivered";
    case DeliveryStatus::failed:
      return "failed";
    case DeliveryStatus::pending:
      break;
  }
  return "pending";
}

bool valid_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8};
  const std::size_t lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (std::size_t i = starts[p]; i < starts[p] + lengths[p]; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      parts[p] = parts[p] * 10 + (text[i] - '0');
    }
  }
  const int year = parts[0], month = parts[1], day = parts[2];
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

Outbox::Outbox(const std::string& path)
    : Outbox(store::StoreLocation{store::StoreLocation::Engine::sqlite, path}) {}

Outbox::Outbox(const store::StoreLocation& house) : db_(store::sql::open(house)) {}

Result<MediaSubscriber> Outbox::add_subscriber(const SubscriberRequest& r, std::int64_t now_ms) {
  if (Status s = validate(r); !s) return s;
  std::lock_guard lock(mutex_);
  try {
    const auto zone = time_zone_of(*db_, r.body_id);
    if (!zone) return Status::error("not_found", "no body with id " + std::to_string(r.body_id));
    const std::string today = local_date(now_ms, *zone);
    if (r.requested_on > today) {
      return bad("'requested' (" + r.requested_on + ") is after today (" + today + ")");
    }
    sql::Statement q(*db_,
                        "INSERT INTO media_subscribers(body_id, name, channel, address, secret, "
                        "requested_on, recorded_ms) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(1, r.body_id);
    q.bind(2, r.name);
    q.bind(3, std::string(name_of(r.channel)));
    q.bind(4, r.address);
    if (r.secret.empty()) {
      q.bind(5);
    } else {
      q.bind(5, r.secret);
    }
    q.bind(6, r.requested_on);
    q.bind(7, now_ms);
    q.step();
    return MediaSubscriber{
        q.column(0).int64(),       r.body_id,      r.name, r.channel,   r.address,
        !r.secret.empty(),         r.requested_on, now_ms, std::nullopt};
  } catch (const sql::Error& e) {
    if (e.is_constraint()) {
      return Status::error("not_found", "no body with id " + std::to_string(r.body_id));
    }
    return failed(e);
  }
}

Status Outbox::end_subscriber(std::int64_t id, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  try {
    sql::Statement find(*db_, "SELECT ended_ms FROM media_subscribers WHERE id = ?");
    find.bind(1, id);
    if (!find.step()) {
      return Status::error("not_found", "no media subscriber " + std::to_string(id));
    }
    if (!find.column(0).is_null()) {
      return Status::error("already_ended",
                           "media subscriber " + std::to_string(id) + " was ended already");
    }
    find.reset();
    sql::Statement q(*db_, "UPDATE media_subscribers SET ended_ms = ? WHERE id = ?");
    q.bind(1, now_ms);
    q.bind(2, id);
    q.exec();
    return Status::ok();
  } catch (const sql::Error& e) {
    return failed(e);
  }
}

std::vector<MediaSubscriber> Outbox::subscribers(std::int64_t body_id) {
  std::lock_guard lock(mutex_);
  sql::Statement q(*db_, std::string("SELECT ") + kSubscriberColumns +
                                " FROM media_subscribers WHERE body_id = ? AND kind = 'media' ORDER BY id");
  q.bind(1, body_id);
  std::vector<MediaSubscriber> out;
  while (q.step()) out.push_back(read_subscriber(q));
  return out;
}

int Outbox::active_subscribers(Channel channel) {
  std::lock_guard lock(mutex_);
  sql::Statement q(
      *db_, "SELECT count(*) FROM media_subscribers WHERE channel = ? AND ended_ms IS NULL AND kind = 'media'");
  q.bind(1, std::string(name_of(channel)));
  q.step();
  return q.column(0).int32();
}

std::map<std::pair<std::string, std::string>, std::int64_t> Outbox::count_by_status() {
  std::lock_guard lock(mutex_);
  sql::Statement q(*db_,
                      "SELECT d.status, s.channel, count(*) FROM deliveries d"
                      " JOIN media_subscribers s ON s.id = d.subscriber_id GROUP BY d.status, s.channel");
  std::map<std::pair<std::string, std::string>, std::int64_t> counts;
  while (q.step()) {
    counts[{q.column(0).text(), q.column(1).text()}] = q.column(2).int64();
  }
  return counts;
}

bool Outbox::has_subscribers(std::int64_t body_id) {
  std::lock_guard lock(mutex_);
  sql::Statement q(*db_, "SELECT 1 FROM media_subscribers WHERE body_id = ? AND kind = 'media' LIMIT 1");
  q.bind(1, body_id);
  return q.step();
}

Result<int> Outbox::record_notice(const NoticeCopy& n, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  try {
    // One statement: every subscriber owed the notice gets its delivery, or none does. (SQLite
    // parses ON CONFLICT after INSERT … SELECT only when the SELECT has a WHERE, as here.)
    sql::Statement q(*db_,
                        "INSERT INTO deliveries(subscriber_id, source, subject, text, payload, "
                        "created_ms, next_attempt_ms) "
                        "SELECT id, ?1, ?2, ?3, ?4, CAST(?5 AS BIGINT), CAST(?5 AS BIGINT) FROM media_subscribers "
                        "WHERE body_id = ?6 AND kind = 'media' AND recorded_ms <= ?7 "
                        "AND (ended_ms IS NULL OR ended_ms > ?7) AND requested_on <= ?8 "
                        "AND (?9 = 0 OR id = ?9) "
                        "ON CONFLICT (subscriber_id, source) DO NOTHING");
    q.bind(1, n.source);
    q.bind(2, n.subject);
    q.bind(3, n.text);
    q.bind(4, n.payload);
    q.bind(5, now_ms);
    q.bind(6, n.body_id);
    q.bind(7, n.posted_ms);
    // The request's date against the posting's day where the body sits.
    q.bind(8, local_date(n.posted_ms, time_zone_of(*db_, n.body_id).value_or("UTC")));
    q.bind(9, n.only_subscriber);
    return q.exec();
  } catch (const sql::Error& e) {
    return failed(e);
  }
}

Result<bool> Outbox::record_mail(const PersonMail& m, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  try {
    sql::Transaction tx(*db_);
    // The person as a recipient of the body's mail (created once, never a notice's).
    sql::Statement recipient(*db_,
                                "INSERT INTO media_subscribers(body_id, name, channel, address, "
                                "requested_on, recorded_ms, kind) VALUES (?1, ?2, 'email', ?3, ?4, ?5, 'person') "
                                "ON CONFLICT (body_id, address) WHERE kind = 'person' DO UPDATE SET name = ?2");
    recipient.bind(1, m.body_id);
    recipient.bind(2, m.name);
    recipient.bind(3, m.address);
    recipient.bind(4, local_date(now_ms, "UTC"));
    recipient.bind(5, now_ms);
    recipient.exec();
    sql::Statement q(*db_,
                        "INSERT INTO deliveries(subscriber_id, source, subject, text, payload, "
                        "created_ms, next_attempt_ms) "
                        "SELECT id, ?1, ?2, ?3, '{}', CAST(?4 AS BIGINT), CAST(?4 AS BIGINT) FROM media_subscribers "
                        "WHERE body_id = ?5 AND address = ?6 AND kind = 'person' "
                        "ON CONFLICT (subscriber_id, source) DO NOTHING");
    q.bind(1, m.source);
    q.bind(2, m.subject);
    q.bind(3, m.text);
    q.bind(4, now_ms);
    q.bind(5, m.body_id);
    q.bind(6, m.address);
    const bool made = q.exec() > 0;
    tx.commit();
    return made;
  } catch (const sql::Error& e) {
    return failed(e);
  }
}

std::vector<Delivery> Outbox::claim_due(std::int64_t now_ms, std::size_t limit,
                                        const std::vector<Channel>& channels,
                                        std::int64_t lease_ms) {
  std::lock_guard lock(mutex_);
  // IMMEDIATE: take the write lock first, so two deliverers cannot claim the same row.
  sql::Transaction tx(*db_);
  sql::Statement due(*db_, std::string("SELECT ") + kDeliveryColumns + ", s.secret " +
                                  "FROM deliveries d JOIN media_subscribers s "
                                  "ON s.id = d.subscriber_id "
                                  "WHERE d.status = 'pending' AND d.next_attempt_ms <= ? "
                                  "AND s.channel IN (" +
                                  channel_list(channels) +
                                  ") "
                                  "ORDER BY d.next_attempt_ms, d.id LIMIT ?");
  due.bind(1, now_ms);
  due.bind(2, static_cast<std::int64_t>(limit));
  std::vector<Delivery> out;
  while (due.step()) {
    Delivery d = read_delivery(due);
    if (!due.column(15).is_null()) d.secret = due.column(15).text();
    out.push_back(std::move(d));
  }
  due.reset();
  sql::Statement claim(*db_,
                          "UPDATE deliveries SET attempts = attempts + 1, next_attempt_ms = ? "
                          "WHERE id = ?");
  for (Delivery& d : out) {
    claim.bind(1, now_ms + lease_ms);
    claim.bind(2, d.id);
    claim.exec();
    claim.reset();
    d.attempts += 1;
    d.next_attempt_ms = now_ms + lease_ms;
  }
  tx.commit();
  return out;
}

Status Outbox::update(const char* sql, std::int64_t value, std::int64_t id) {
  std::lock_guard lock(mutex_);
  try {
    sql::Statement q(*db_, sql);
    q.bind(1, value);
    q.bind(2, id);
    q.exec();
    return Status::ok();
  } catch (const sql::Error& e) {
    return failed(e);
  }
}

Status Outbox::mark_delivered(std::int64_t id, std::int64_t now_ms) {
  return update("UPDATE deliveries SET status = 'delivered', delivered_ms = ?, last_error = NULL WHERE id = ?",
                now_ms, id);
}

Status Outbox::mark_attempt_failed(std::int64_t id, const std::string& error,
                                   std::optional<std::int64_t> retry_at_ms) {
  std::lock_guard lock(mutex_);
  try {
    sql::Statement q(*db_, retry_at_ms
                                  ? "UPDATE deliveries SET last_error = ?, next_attempt_ms = ? "
                                    "WHERE id = ?"
                                  : "UPDATE deliveries SET last_error = ?, status = 'failed' "
                                    "WHERE id = ?");
    q.bind(1, error);
    if (retry_at_ms) {
      q.bind(2, *retry_at_ms);
      q.bind(3, id);
    } else {
      q.bind(2, id);
    }
    q.exec();
    return Status::ok();
  } catch (const sql::Error& e) {
    return failed(e);
  }
}

Status Outbox::release(std::int64_t id, std::int64_t due_ms) {
  return update("UPDATE deliveries SET attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, next_attempt_ms = ? "
                "WHERE id = ? AND status = 'pending'",
                due_ms, id);
}

Status Outbox::retry(std::int64_t id, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  try {
    sql::Statement find(*db_, "SELECT status FROM deliveries WHERE id = ?");
    find.bind(1, id);
    if (!find.step()) {
      return Status::error("not_found", "no delivery " + std::to_string(id));
    }
    if (find.column(0).text() == "delivered") {
      return bad("delivery " + std::to_string(id) + " was delivered already");
    }
    find.reset();
    sql::Statement q(*db_,
                        "UPDATE deliveries SET status = 'pending', attempts = 0, "
                        "next_attempt_ms = ? WHERE id = ?");
    q.bind(1, now_ms);
    q.bind(2, id);
    q.exec();
    return Status::ok();
  } catch (const sql::Error& e) {
    return failed(e);
  }
}

Status Outbox::note_waiting(Channel channel, const std::string& reason) {
  std::lock_guard lock(mutex_);
  try {
    sql::Statement q(*db_,
                        "UPDATE deliveries SET last_error = ?1 WHERE status = 'pending' "
                        "AND last_error IS DISTINCT FROM ?1 AND subscriber_id IN "
                        "(SELECT id FROM media_subscribers WHERE channel = ?2)");
    q.bind(1, reason);
    q.bind(2, std::string(name_of(channel)));
    q.exec();
    return Status::ok();
  } catch (const sql::Error& e) {
    return failed(e);
  }
}

std::optional<std::int64_t> Outbox::next_due_ms(const std::vector<Channel>& channels) {
  std::lock_guard lock(mutex_);
  sql::Statement q(*db_,
                      "SELECT min(d.next_attempt_ms) FROM deliveries d JOIN media_subscribers s "
                      "ON s.id = d.subscriber_id WHERE d.status = 'pending' "
                      "AND s.channel IN (" +
                          channel_list(channels) + ")");
  if (!q.step() || q.column(0).is_null()) return std::nullopt;
  return q.column(0).int64();
}

std::vector<Delivery> Outbox::deliveries(std::int64_t body_id,
                                         const std::optional<std::string>& source) {
  std::lock_guard lock(mutex_);
  sql::Statement q(*db_, std::string("SELECT ") + kDeliveryColumns +
                                " FROM deliveries d JOIN media_subscribers s "
                                "ON s.id = d.subscriber_id WHERE s.body_id = ? " +
                                (source ? "AND d.source = ? " : "") + "ORDER BY d.id DESC");
  q.bind(1, body_id);
  if (source) q.bind(2, *source);
  std::vector<Delivery> out;
  while (q.step()) out.push_back(read_delivery(q));
  return out;
}

std::optional<Delivery> Outbox::delivery(std::int64_t id) {
  std::lock_guard lock(mutex_);
  sql::Statement q(*db_, std::string("SELECT ") + kDeliveryColumns +
                                " FROM deliveries d JOIN media_subscribers s "
                                "ON s.id = d.subscriber_id WHERE d.id = ?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_delivery(q);
}

}  // namespace collegial::delivery
