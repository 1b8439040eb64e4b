#include "store/group_commit_writer.hpp"

#include "record/chain.hpp"
#include "util/log.hpp"
#include "util/metrics.hpp"

namespace collegial::store {

using record::Event;
using record::compute_hash;
using record::storable_text;
namespace {

// R4, before the database: the events of one append are consecutive, linked, and each hash is
// what it claims to be. (The database then checks that the first follows the room's head.)
Status check_chain(const AppendRequest& request) {
  for (std::size_t i = 0; i < request.events.size(); ++i) {
    const Event& e = request.events[i];
    if (i > 0 && (e.seq != request.events[i - 1].seq + 1 || e.prev_hash != request.events[i - 1].hash)) {
      return Status::error("chain_conflict", "events of one append are not consecutive");
    }
    if (compute_hash(e) != e.hash) {
      return Status::error("chain_conflict", "event hash does not match its contents");
    }
    if (!storable_text(e)) {
      return Status::error("chain_conflict", "an event field holds a NUL byte or is not UTF-8");
    }
  }
  return Status::ok();
}

}  // namespace

GroupCommitWriter::GroupCommitWriter(std::unique_ptr<CommitTarget> target, Options options)
    : target_(std::move(target)), options_(options) {
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
    target_->begin();
  } catch (const StorageError& e) {
    stop_writing(std::string("cannot begin a transaction: ") + e.what());
    results.assign(batch.size(), storage_failed());
    return;
  }
  // Each request's chain is checked in memory before the database is touched: consecutive
  // seqs, linked hashes, and each hash what it claims to be.
  std::vector<std::size_t> which;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    results[i] = check_chain(batch[i]);
    if (results[i] && !batch[i].events.empty()) which.push_back(i);
  }
  std::vector<bool> written;
  try {
    target_->append_all(batch, which, written);
  } catch (const StorageError& e) {
    // A full disk, an I/O error, a lost connection: the request it happened to is undone, and
    // the writer stops. Those written before it are still committed below, if the database
    // lets COMMIT through (SQLite); on PostgreSQL the transaction is lost with them.
    const std::size_t at = written.size() < which.size() ? which[written.size()] : 0;
    stop_writing("append to room " + std::to_string(batch[at].room_id) + " failed: " + e.what());
  }
  for (std::size_t k = 0; k < which.size(); ++k) {
    const std::size_t i = which[k];
    if (k >= written.size()) {
      results[i] = storage_failed();
    } else if (!written[k]) {
      results[i] = Status::error("chain_conflict", "the room's head moved; reload the room");
    } else {
      events += batch[i].events.size();
    }
  }
  if (target_->transaction_lost()) {
    // The engine rolled the whole transaction back by itself (disk full, I/O error): nothing
    // of this batch is stored, including the requests that had succeeded.
    stop_writing(std::string(target_->engine()) + " rolled back a transaction of " +
                 std::to_string(batch.size()) + " request(s)");
    results.assign(batch.size(), storage_failed());
    return;
  }
  try {
    target_->commit();
  } catch (const StorageError& e) {
    // A commit whose outcome is unknown (PostgreSQL's connection lost during COMMIT) must not
    // be reported as "nothing recorded": it may be. The rooms reload from what is really stored
    // when the server restarts, and the client reads there whether its request went in.
    stop_writing(std::string("commit failed: ") + e.what());
    target_->rollback();
    results.assign(batch.size(),
                   e.in_doubt ? Status::error("storage_failed",
                                              "the event store lost its database while committing: this "
                                              "request may or may not be recorded; after the restart, "
                                              "rejoin the room and look before sending it again")
                              : storage_failed());
    return;
  }
  observe_commit(batch, events);
  std::lock_guard lock(mutex_);
  ++stats_.transactions;
  stats_.requests += batch.size();
  stats_.events += events;
}

void CommitTarget::append_all(const std::vector<AppendRequest>& batch, const std::vector<std::size_t>& which,
                              std::vector<bool>& written) {
  for (const std::size_t i : which) written.push_back(append(batch[i].room_id, batch[i].events));
}

}  // namespace collegial::store
