#include "store/group_commit_writer.hpp"

#include <sqlite3.h>

#include "store/chain.hpp"
#include "util/log.hpp"
#include "util/metrics.hpp"

namespace collegial::store {

GroupCommitWriter::GroupCommitWriter(std::unique_ptr<SQLite::Database> db, Options options)
    : db_(std::move(db)), options_(options) {
  // The head moves only if it is where the request expects it: the database itself refuses a
  // request that would fork or skip part of a room's chain.
  advance_head_ = std::make_unique<SQLite::Statement>(
      *db_,
      "UPDATE rooms SET head_seq = ?1, head_hash = ?2 WHERE id = ?3 AND head_seq = ?4 AND "
      "head_hash = ?5");
  insert_event_ = std::make_unique<SQLite::Statement>(
      *db_,
      "INSERT INTO events(room_id, seq, ts_ms, actor, type, body, prev_hash, hash, salt)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  thread_ = std::thread([this] { run(); });
}

GroupCommitWriter::~GroupCommitWriter() {
  stop();
  if (thread_.joinable()) thread_.join();
}

void GroupCommitWriter::submit(AppendRequest request) {
  request.submitted_at = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      queue_.push_back(std::move(request));
      ++submitted_;
      wake_writer_.notify_one();
      return;
    }
  }
  request.on_done(Status::error("unavailable", "the server is shutting down"));
}

std::optional<std::string> GroupCommitWriter::failure() const {
  if (!failed_.load(std::memory_order_acquire)) return std::nullopt;
  std::lock_guard lock(mutex_);
  return failure_;
}

void GroupCommitWriter::stop_writing(const std::string& why) {
  {
    std::lock_guard lock(mutex_);
    if (failure_) return;
    failure_ = why;
  }
  failed_.store(true, std::memory_order_release);
  LOG_ERROR("event store: STOPPED WRITING after a storage error: " << why
            << ". Every append fails with storage_failed until collegiald is restarted; "
               "reads go on (docs/operations.md)");
}

Status GroupCommitWriter::storage_failed() const {
  return Status::error("storage_failed",
                       "the event store stopped writing after a storage error; nothing was "
                       "recorded. An operator must check the disk and restart the server");
}

void GroupCommitWriter::drain() {
  std::unique_lock lock(mutex_);
  const std::uint64_t target = submitted_;
  completed_cv_.wait(lock, [&] { return completed_ >= target; });
}

void GroupCommitWriter::stop() {
  std::lock_guard lock(mutex_);
  stopping_ = true;
  wake_writer_.notify_one();
}

GroupCommitWriter::Stats GroupCommitWriter::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void GroupCommitWriter::run() {
  std::vector<AppendRequest> batch;
  std::vector<Status> results;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_writer_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is done
      while (!queue_.empty() && batch.size() < options_.max_batch_requests) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    commit_batch(batch, results);
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i].on_done(results[i]);
    // Destroy the callbacks (and what they hold: rooms, their strands) before drain() may
    // return, so nobody tears down the io_context under them.
    const std::size_t done = batch.size();
    batch.clear();
    results.clear();
    {
      std::lock_guard lock(mutex_);
      completed_ += done;
      completed_cv_.notify_all();
    }
  }
}

namespace {

// The metrics of the writer (docs/operations.md, "Metrics"), registered at start.
metrics::Counter& g_events = metrics::counter("collegial_events_appended_total",
                                              "Events committed to the rooms' logs.");
metrics::Counter& g_transactions = metrics::counter(
    "collegial_commit_transactions_total",
    "Group-commit transactions committed (each holds one or more appends).");
metrics::Histogram& g_commit_latency = metrics::histogram(
    "collegial_append_commit_seconds",
    "From an append's submission to its durable COMMIT (queueing, writing and the fsync).");

}  // namespace

void GroupCommitWriter::observe_commit(const std::vector<AppendRequest>& batch, std::uint64_t events) {
  const auto now = std::chrono::steady_clock::now();
  g_events.add(events);
  g_transactions.add();
  for (const auto& request : batch) {
    g_commit_latency.observe_seconds(std::chrono::duration<double>(now - request.submitted_at).count());
  }
}

void GroupCommitWriter::commit_batch(std::vector<AppendRequest>& batch,
                                     std::vector<Status>& results) {
  if (failed_.load(std::memory_order_acquire)) {
    results.assign(batch.size(), storage_failed());
    return;
  }
  results.assign(batch.size(), Status::ok());
  std::uint64_t events = 0;
  try {
    db_->exec("BEGIN IMMEDIATE");
  } catch (const SQLite::Exception& e) {
    stop_writing(std::string("cannot begin a transaction: ") + e.what());
    results.assign(batch.size(), storage_failed());
    return;
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (failed_.load(std::memory_order_relaxed)) {
      // A storage error earlier in this batch: nothing more is written. Those applied before it
      // are still committed below, if the disk lets COMMIT through.
      results[i] = storage_failed();
      continue;
    }
    results[i] = apply(batch[i]);
    if (results[i]) events += batch[i].events.size();
    if (sqlite3_get_autocommit(db_->getHandle())) {
      // SQLite rolled the whole transaction back by itself (disk full, I/O error): nothing of
      // this batch is stored, including the requests that had succeeded.
      stop_writing("SQLite rolled back a transaction of " + std::to_string(batch.size()) +
                   " request(s)");
      results.assign(batch.size(), storage_failed());
      return;
    }
  }
  try {
    db_->exec("COMMIT");
  } catch (const SQLite::Exception& e) {
    stop_writing(std::string("commit failed: ") + e.what());
    try {
      db_->exec("ROLLBACK");
    } catch (const SQLite::Exception&) {
      // Already rolled back by SQLite.
    }
    results.assign(batch.size(), storage_failed());
    return;
  }
  observe_commit(batch, events);
  std::lock_guard lock(mutex_);
  ++stats_.transactions;
  stats_.requests += batch.size();
  stats_.events += events;
}

Status GroupCommitWriter::apply(const AppendRequest& request) {
  if (request.events.empty()) return Status::ok();
  // Check the chain in memory before touching the database: consecutive seqs, linked hashes,
  // and each hash what it claims to be.
  for (std::size_t i = 0; i < request.events.size(); ++i) {
    const Event& e = request.events[i];
    if (i > 0 && (e.seq != request.events[i - 1].seq + 1 ||
                  e.prev_hash != request.events[i - 1].hash)) {
      return Status::error("chain_conflict", "events of one append are not consecutive");
    }
    if (compute_hash(e) != e.hash) {
      return Status::error("chain_conflict", "event hash does not match its contents");
    }
  }
  const Event& first = request.events.front();
  const Event& last = request.events.back();
  try {
    db_->exec("SAVEPOINT append");
    advance_head_->reset();
    advance_head_->bind(1, static_cast<std::int64_t>(last.seq));
    advance_head_->bind(2, last.hash);
    advance_head_->bind(3, static_cast<std::int64_t>(request.room_id));
    advance_head_->bind(4, static_cast<std::int64_t>(first.seq - 1));
    advance_head_->bind(5, first.prev_hash);
    if (advance_head_->exec() != 1) {
      db_->exec("ROLLBACK TO append");
      db_->exec("RELEASE append");
      return Status::error("chain_conflict", "the room's head moved; reload the room");
    }
    for (const Event& e : request.events) {
      insert_event_->reset();
      insert_event_->bind(1, static_cast<std::int64_t>(request.room_id));
      insert_event_->bind(2, static_cast<std::int64_t>(e.seq));
      insert_event_->bind(3, static_cast<std::int64_t>(e.ts_ms));
      insert_event_->bind(4, e.actor);
      insert_event_->bind(5, e.type);
      insert_event_->bind(6, e.body);
      insert_event_->bind(7, e.prev_hash);
      insert_event_->bind(8, e.hash);
      insert_event_->bind(9, e.salt);
      insert_event_->exec();
    }
    db_->exec("RELEASE append");
    return Status::ok();
  } catch (const SQLite::Exception& e) {
    // A full disk or an I/O error: this request is undone, and the writer stops.
    stop_writing("append to room " + std::to_string(request.room_id) + " failed: " + e.what());
    try {
      db_->exec("ROLLBACK TO append");
      db_->exec("RELEASE append");
    } catch (const SQLite::Exception&) {
      // The enclosing transaction is gone; COMMIT will fail and report it for everyone.
    }
    return storage_failed();
  }
}

}  // namespace collegial::store
