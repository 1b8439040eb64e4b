// Administration: the operations that set up cooperatives, entities, bodies, people, seats,
// credentials and rooms. One implementation behind both `collegiald admin …` and the HTTP admin
// API (which the policy lets only administrators reach).
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

#include "auth/accounts.hpp"
#include "util/clock.hpp"
#include "store/directory.hpp"
#include "store/event_store.hpp"
#include "util/result.hpp"

namespace collegial::delivery {
class Outbox;
}

namespace collegial::core {

class Administration {
 public:
  // `outbox` (the media subscribers and deliveries of N7) may be null: its operations are then
  // unknown.
  Administration(store::Directory& directory, store::EventStore& store, auth::Accounts& accounts,
                 const Clock& clock, delivery::Outbox* outbox = nullptr);

  // Runs `operation` with `args` (a JSON object of strings, numbers and booleans) and returns
  // what it made. Operations and their arguments are listed by operations() and in
  // docs/permissions.md; unknown ones are `unknown_operation`, bad arguments `missing_field` or
  // `bad_field`, and the directory's own errors pass through (exists, not_found,
  // entity_in_other_cooperative…).
  Result<nlohmann::json> run(const std::string& operation, const nlohmann::json& args);

  // Called after every operation that succeeded (the server refreshes its rooms' rosters).
  void on_change(std::function<void()> callback) { on_change_ = std::move(callback); }

  // "create-person: email name [admin]" lines, for --help and docs.
  static std::vector<std::string> operations();

  // Loads a seed file (db/seed/demo.json) into a database that has no people yet; does nothing
  // (and says so) when it has. Returns the people made, for the README's login table.
  Result<nlohmann::json> load_seed(const nlohmann::json& seed);

 private:
  Result<nlohmann::json> perform(const std::string& operation, const nlohmann::json& args);

  store::Directory& directory_;
  store::EventStore& store_;
  auth::Accounts& accounts_;
  const Clock& clock_;
  delivery::Outbox* outbox_;
  std::function<void()> on_change_;
};

}  // namespace collegial::core
