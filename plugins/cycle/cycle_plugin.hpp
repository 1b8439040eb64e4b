// The professional-development cycle of the cooperatives (L3), per initiative and region:
// experts trained by the state → regional trainings scheduled (webinars) → observations of
// implementation → coaching for capacity → a report of further training needs to the state.
//
// Staff and facilitators (policy action schedule_webinar) start an initiative
// (`cycle.start`) and record each step as it happens (`cycle.record`): its date, the people
// involved, notes, and for a regional training the webinar that delivered it; the report
// lists the training needs found. A step is recorded only once the one before it has been (the
// cycle's order); a step may be recorded many times (one observation per school). The report
// of an initiative exports as JSON and CSV (`read` {"initiative": n, "format": "json"|"csv"};
// `POST /api/rooms/<room>/read`). Observations name teachers and schools, so the cycle is read
// by those who run it, not published.
#pragma once

#include <map>

#include "core/plugin.hpp"

namespace collegial::plugins {

class CyclePlugin final : public core::Plugin {
 public:
  std::string_view name() const override { return "cycle"; }
  std::vector<core::Operation> operations() const override;
  Result<std::vector<core::Proposed>> decide(const core::Command& command,
                                             const core::RoomContext& context) const override;
  void apply(const record::Event& event, const nlohmann::json& body) override;
  // {"initiatives": [{initiative, title, region, started_ms, steps: {experts_trained: n, …}}]}
  nlohmann::json view() const override;
  nlohmann::json snapshot() const override;
  void restore(const nlohmann::json& state) override;
  Result<nlohmann::json> read(const nlohmann::json& query, const std::vector<auth::Role>& roles) const override;

 private:
  struct Initiative {
    nlohmann::json started;                  // the cycle.started body
    std::vector<nlohmann::json> entries;     // cycle.recorded bodies, in order
  };
  std::map<std::int64_t, Initiative> initiatives_;
};

}  // namespace collegial::plugins
