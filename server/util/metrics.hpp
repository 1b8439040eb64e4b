// The process's metrics, exposed at /metrics in Prometheus's text format (version 0.0.4).
//
// Counters, gauges and histograms are registered once, by name, in one process-wide Registry,
// and then updated from any thread without a lock (atomics). Values that live elsewhere (rooms
// loaded, sockets open, the outbox's rows) are read when scraped, through a callback, so the
// code that owns them need not push every change. docs/operations.md ("Metrics") says what each
// series means; a test parses the exposition.
//
//   static auto& appends = metrics::counter("collegial_events_appended_total", "Events …");
//   appends.add();
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace collegial::metrics {

// A label set in exposition form, e.g. `result="ok"` (empty: none). Values are fixed words
// chosen by the code, never user input, so they need no escaping.
using Labels = std::string;

class Counter {
 public:
  void add(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class Gauge {
 public:
  void add(std::int64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  void set(std::int64_t n) { value_.store(n, std::memory_order_relaxed); }
  std::int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

// Durations in seconds, counted into fixed buckets (from half a millisecond to ten seconds).
class Histogram {
 public:
  static const std::vector<double>& bounds();
  Histogram();
  void observe_seconds(double seconds);
  // Cumulative counts per bound (then +Inf), the sum in seconds and the count, read together.
  struct Snapshot {
    std::vector<std::uint64_t> cumulative;
    double sum = 0;
    std::uint64_t count = 0;
  };
  Snapshot snapshot() const;

 private:
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // per bound, then +Inf; not cumulative
  std::atomic<std::uint64_t> sum_micros_{0};
  std::atomic<std::uint64_t> count_{0};
};

// One sample a callback reports at scrape time.
struct Sample {
  Labels labels;
  double value = 0;
};

class Registry {
 public:
  static Registry& global();

  // The same (name, labels) always gives the same object; the help and type are the first
  // registration's. References stay valid for the life of the process.
  Counter& counter(const std::string& name, const std::string& help, const Labels& labels = {});
  Gauge& gauge(const std::string& name, const std::string& help, const Labels& labels = {});
  Histogram& histogram(const std::string& name, const std::string& help, const Labels& labels = {});
  // A gauge read at scrape time. `read` runs on the scraping thread and must be thread-safe; a
  // later registration of the same name replaces it (a test's second server, say).
  void gauge_callback(const std::string& name, const std::string& help,
                      std::function<std::vector<Sample>()> read);

  // Every series in the text exposition format, families sorted by name.
  std::string expose() const;

 private:
  struct Family {
    std::string help;
    std::string type;  // counter, gauge, histogram
    std::map<Labels, std::unique_ptr<Counter>> counters;
    std::map<Labels, std::unique_ptr<Gauge>> gauges;
    std::map<Labels, std::unique_ptr<Histogram>> histograms;
    std::function<std::vector<Sample>()> read;
  };
  Family& family(const std::string& name, const std::string& help, const char* type);

  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;
};

inline Counter& counter(const std::string& name, const std::string& help, const Labels& labels = {}) {
  return Registry::global().counter(name, help, labels);
}
inline Gauge& gauge(const std::string& name, const std::string& help, const Labels& labels = {}) {
  return Registry::global().gauge(name, help, labels);
}
inline Histogram& histogram(const std::string& name, const std::string& help, const Labels& labels = {}) {
  return Registry::global().histogram(name, help, labels);
}

}  // namespace collegial::metrics
