// minutes_bench: how long the minutes of a long meeting take to fold from the log, to read as a
// document, and to render as Markdown, HTML and PDF (docs/performance.md). In-process: a
// synthetic log through a real MinutesPlugin, the same code the server runs.
//
//   minutes_bench [--motions N] [--members M] [--repeat R] [--lang en|es]
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>

#include "minutes/minutes_pdf.hpp"
#include "minutes/minutes_plugin.hpp"
#include "minutes/minutes_render.hpp"

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

struct Log {
  collegial::plugins::MinutesPlugin plugin;
  std::int64_t seq = 0;
  std::int64_t ts = 1'764'000'000'000;
  void add(const std::string& type, const json& body) {
    collegial::record::Event e;
    e.room = "bench-council";
    e.seq = ++seq;
    e.ts_ms = (ts += 30'000);
    e.actor = "person:1";
    e.type = type;
    e.body = body.dump();
    e.hash = std::string(64, 'a');
    plugin.apply(e, body);
  }
};

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// The best of `repeat` runs of `f`, in milliseconds.
double best(int repeat, const std::function<void()>& f) {
  double out = 1e18;
  for (int i = 0; i < repeat; ++i) {
    const auto t = Clock::now();
    f();
    out = std::min(out, ms_since(t));
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int motions = 200, members = 9, repeat = 5;
  CLI::App app("Times folding, reading and exporting the minutes of one long meeting.");
  app.add_option("--motions", motions, "motions decided at the meeting, each with a roll call")->check(CLI::Range(1, 5000));
  app.add_option("--members", members, "voting members")->check(CLI::Range(1, 200));
  app.add_option("--repeat", repeat, "runs of each step; the best is reported")->check(CLI::Range(1, 100));
  std::string language = "en";
  app.add_option("--lang", language, "the reader's language of the exports")->check(CLI::IsMember({"en", "es"}));
  CLI11_PARSE(app, argc, argv);

  Log log;
  const auto fold_start = Clock::now();
  json seats = json::array();
  for (int m = 1; m <= members; ++m) seats.push_back({{"person", m}, {"name", "Member " + std::to_string(m)}});
  for (int m = 1; m <= members; ++m) {
    log.add("quorum.arrived", {{"person", m}, {"name", "Member " + std::to_string(m)}, {"mode", "in_person"}});
  }
  log.add("meeting.called_to_order", {{"number", 1}, {"meeting", 0}, {"presiding", "Member 1"}, {"quorum", true},
                                      {"members", seats}, {"body_name", "Bench Council"}, {"time_zone", "America/Denver"}});
  for (int i = 1; i <= motions; ++i) {
    log.add("motions.made", {{"motion", i}, {"kind", "main"}, {"text", "Motion number " + std::to_string(i) + " of the bench"},
                             {"mover_name", "Member 2"}});
    log.add("motions.seconded", {{"motion", i}, {"seconder_name", "Member 3"}});
    json votes = json::array();
    for (int m = 1; m <= members; ++m) votes.push_back({{"person", m}, {"name", "Member " + std::to_string(m)}, {"vote", m % 3 ? "aye" : "nay"}});
    log.add("motions.decided", {{"motion", i}, {"kind", "main"}, {"motion_text", "Motion number " + std::to_string(i)},
                                {"result", "adopted"}, {"votes", votes}, {"aye", members - members / 3}, {"nay", members / 3},
                                {"abstain", 0}, {"threshold", "majority_of_votes_cast"}, {"text", "adopted"}});
  }
  log.add("meeting.adjourned", {{"presiding", "Member 1"}});
  const double fold_ms = ms_since(fold_start);

  json doc;
  const double read_ms = best(repeat, [&] { doc = log.plugin.read({{"minutes", 1}}, {}).value(); });
  std::size_t md_bytes = 0, html_bytes = 0, pdf_bytes = 0;
  const auto lang = language == "es" ? collegial::i18n::Lang::es : collegial::i18n::Lang::en;
  const double md_ms = best(repeat, [&] { md_bytes = collegial::plugins::minutes_markdown(doc, lang).size(); });
  const double html_ms = best(repeat, [&] { html_bytes = collegial::plugins::minutes_html(doc, lang).size(); });
  const double pdf_ms = best(repeat, [&] { pdf_bytes = collegial::plugins::minutes_pdf(doc, lang).value().size(); });
  const double view_ms = best(repeat, [&] { (void)log.plugin.view(); });

  std::printf("events_folded: %lld\nfold_ms: %.3f\nview_ms: %.3f\nread_document_ms: %.3f\n", static_cast<long long>(log.seq),
              fold_ms, view_ms, read_ms);
  std::printf("markdown_ms: %.3f\nmarkdown_bytes: %zu\nhtml_ms: %.3f\nhtml_bytes: %zu\npdf_ms: %.3f\npdf_bytes: %zu\n", md_ms,
              md_bytes, html_ms, html_bytes, pdf_ms, pdf_bytes);
  std::printf("summary: lang=%s motions=%d members=%d events=%lld fold_ms=%.1f read_ms=%.2f md_ms=%.2f html_ms=%.2f pdf_ms=%.1f pdf_kib=%.0f\n",
              language.c_str(), motions, members, static_cast<long long>(log.seq), fold_ms, read_ms, md_ms, html_ms, pdf_ms, pdf_bytes / 1024.0);
  return 0;
}
