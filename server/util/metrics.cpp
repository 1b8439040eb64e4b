#include "util/metrics.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace collegial::metrics {
namespace {

// Prometheus writes floats in Go's shortest form; %.17g round-trips and parses the same.
std::string number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (std::isnan(v)) return "NaN";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

std::string series(const std::string& name, const Labels& labels, const std::string& extra = {}) {
  std::string all = labels;
  if (!extra.empty()) all += (all.empty() ? "" : ",") + extra;
  return all.empty() ? name : name + "{" + all + "}";
}

}  // namespace

const std::vector<double>& Histogram::bounds() {
  static const std::vector<double> kBounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                           0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  return kBounds;
}

Histogram::Histogram() : buckets_(new std::atomic<std::uint64_t>[bounds().size() + 1]) {
  for (std::size_t i = 0; i <= bounds().size(); ++i) buckets_[i].store(0);
}

void Histogram::observe_seconds(double seconds) {
  if (!(seconds >= 0)) seconds = 0;  // a clock step back, or NaN, counts as instant
  std::size_t i = 0;
  while (i < bounds().size() && seconds > bounds()[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_micros_.fetch_add(static_cast<std::uint64_t>(std::llround(seconds * 1e6)), std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot s;
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds().size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    s.cumulative.push_back(running);
  }
  // The count is the +Inf bucket's, so the two always agree even while observations arrive.
  s.count = running;
  s.sum = static_cast<double>(sum_micros_.load(std::memory_order_relaxed)) / 1e6;
  return s;
}

Registry& Registry::global() {
  static Registry* registry = new Registry();  // never destroyed: threads may outlive main's statics
  return *registry;
}

Registry::Family& Registry::family(const std::string& name, const std::string& help, const char* type) {
  auto [it, inserted] = families_.try_emplace(name);
  if (inserted) {
    it->second.help = help;
    it->second.type = type;
  }
  return it->second;
}

Counter& Registry::counter(const std::string& name, const std::string& help, const Labels& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = family(name, help, "counter").counters[labels];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& Registry::gauge(const std::string& name, const std::string& help, const Labels& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = family(name, help, "gauge").gauges[labels];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

Histogram& Registry::histogram(const std::string& name, const std::string& help, const Labels& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = family(name, help, "histogram").histograms[labels];
  if (!slot) slot = std::make_unique<Histogram>();
  return *slot;
}

void Registry::gauge_callback(const std::string& name, const std::string& help,
                              std::function<std::vector<Sample>()> read) {
  std::lock_guard lock(mutex_);
  family(name, help, "gauge").read = std::move(read);
}

std::string Registry::expose() const {
  // The callbacks are copied out and run without the lock: one may take locks of its own.
  std::vector<std::pair<std::string, std::function<std::vector<Sample>()>>> reads;
  std::ostringstream out;
  std::map<std::string, std::string> text;  // family name → its block
  {
    std::lock_guard lock(mutex_);
    for (const auto& [name, f] : families_) {
      std::ostringstream block;
      block << "# HELP " << name << " " << f.help << "\n# TYPE " << name << " " << f.type << "\n";
      for (const auto& [labels, c] : f.counters) block << series(name, labels) << " " << c->value() << "\n";
      for (const auto& [labels, g] : f.gauges) block << series(name, labels) << " " << g->value() << "\n";
      for (const auto& [labels, h] : f.histograms) {
        const auto s = h->snapshot();
        for (std::size_t i = 0; i < s.cumulative.size(); ++i) {
          const std::string le =
              i < Histogram::bounds().size() ? number(Histogram::bounds()[i]) : std::string("+Inf");
          block << series(name + "_bucket", labels, "le=\"" + le + "\"") << " " << s.cumulative[i] << "\n";
        }
        block << series(name + "_sum", labels) << " " << number(s.sum) << "\n";
        block << series(name + "_count", labels) << " " << s.count << "\n";
      }
      text[name] = block.str();
      if (f.read) reads.emplace_back(name, f.read);
    }
  }
  for (const auto& [name, read] : reads) {
    for (const auto& sample : read()) text[name] += series(name, sample.labels) + " " + number(sample.value) + "\n";
  }
  for (const auto& [name, block] : text) out << block;
  return out.str();
}

}  // namespace collegial::metrics
