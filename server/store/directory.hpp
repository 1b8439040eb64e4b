// The directory: cooperatives, member entities, bodies, people and memberships (rules B1–B7).
//
// Thread-safe: one connection, serialized by a mutex; these change rarely (administration) and
// are read at login and at hello. Errors come back as Status codes the admin API and CLI show:
// `exists`, `not_found`, `bad_field`, `entity_in_other_cooperative`, `store_failed`. The
// read functions (person_by_…, body_by_…, memberships_of…) throw sql::Error on a
// database error; their callers answer `store_failed`.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/sql.hpp"
#include "store/store_location.hpp"
#include "util/result.hpp"

namespace collegial::store {

struct Cooperative {
  std::int64_t id = 0;
  std::string slug;
  std::string name;
};

struct Entity {
  std::int64_t id = 0;
  std::string slug;
  std::string name;
  std::string kind;  // district, state_agency, state_institution
  std::optional<std::int64_t> cooperative_id;
};

struct Body {
  std::int64_t id = 0;
  std::int64_t cooperative_id = 0;
  std::string slug;  // also its standing room's name
  std::string name;
  std::string kind;  // council, committee, learning_circle
  std::optional<std::int64_t> parent_body_id;
  std::string quorum_rule = "majority_of_voting_members";
  std::string small_board = "auto";
  bool remote_counts = true;
  bool designees_count = false;
  int notice_regular_days = 10;
  int notice_special_days = 3;
  int notice_emergency_hours = 24;
  std::string time_zone = "America/Denver";
  bool is_public = true;
  int officer_term_months = 12;  // B3: the chair's and vice chair's term under the by-laws
};

struct Person {
  std::int64_t id = 0;
  std::string email;
  std::string name;
  bool is_admin = false;
  bool has_password = false;
};

struct Membership {
  std::int64_t id = 0;
  std::int64_t body_id = 0;
  std::int64_t person_id = 0;
  std::string role;  // chair, vice_chair, voting_member, non_voting_member, clerk, facilitator, participant
  std::optional<std::int64_t> entity_id;
  std::int64_t starts_ms = 0;
  std::optional<std::int64_t> ends_ms;
};

class DirectoryAudit;

class Directory {
 public:
  // Opens the house at `house` (the SQLite file, or the PostgreSQL database), whose migrations
  // must already have been applied (EventStore::open does it), and its audit log
  // (store/directory_audit.hpp), which it creates with a baseline of the rows already there
  // when the database has none. Throws sql::Error if it cannot be opened.
  explicit Directory(const StoreLocation& house);
  // The house in the SQLite file at `path`.
  explicit Directory(const std::string& path);
  ~Directory();

  // Runs `change` (which changes directory rows, through this directory or any other
  // connection to the file) and records what it changed in the audit log as one
  // directory.changed event naming `operation`, whether `change` succeeded or not. Rows found
  // changed before `change` runs were changed outside the server: they are recorded first as
  // directory.unaccounted, never as part of `operation`. Changes are serialized: one at a time
  // per process. A failure to record is logged (`collegiald verify` will then report the rows).
  template <class Change>
  auto audited(const std::string& operation, std::int64_t now_ms, Change&& change) {
    std::lock_guard lock(audit_mutex_);
    record_audit("directory.unaccounted", operation, now_ms);
    auto result = change();
    record_audit("directory.changed", operation, now_ms);
    return result;
  }

  Result<Cooperative> create_cooperative(const std::string& slug, const std::string& name);
  Result<Entity> create_entity(const std::string& slug, const std::string& name,
                               const std::string& kind);
  // B2: puts the entity in `cooperative` (or takes it out when empty). Refused with
  // entity_in_other_cooperative if it is a member elsewhere. Leaving ends every open council
  // seat that represents it, at `now_ms`.
  Status set_entity_cooperative(const std::string& entity, const std::string& cooperative,
                                std::int64_t now_ms);
  // `body.cooperative_id` is ignored; `cooperative` names it. `parent` (committees) may be empty.
  Result<Body> create_body(Body body, const std::string& cooperative, const std::string& parent);
  Result<Person> create_person(const std::string& email, const std::string& name, bool is_admin);
  Status set_password_hash(std::int64_t person_id, const std::string& hash);
  // Seats `person` in `body` with `role` for the term [starts_ms, ends_ms) (open-ended when
  // ends_ms is absent). A council seat may name the member entity it represents (B1), which
  // must belong to the body's cooperative.
  Result<Membership> add_membership(const std::string& body, const std::string& person_email,
                                    const std::string& role, const std::string& entity,
                                    std::int64_t starts_ms,
                                    std::optional<std::int64_t> ends_ms = std::nullopt);
  Status end_membership(std::int64_t membership_id, std::int64_t now_ms);
  // B3: seats `person_id` as `office` (chair or vice_chair) of `body_id` from `starts_ms` until
  // `ends_ms`, as an election decided by the room event `source` ("room:seq"). The officer
  // before them goes back to a voting member's seat, and the new officer returns to one when the
  // term ends (the council seat and its entity carry over). Idempotent: returns false, changing
  // nothing, when `source` was taken up already. Errors: not_found (no open voting seat for the
  // person), bad_field, store_failed.
  Result<bool> seat_officer(std::int64_t body_id, std::int64_t person_id, const std::string& office,
                            std::int64_t starts_ms, std::int64_t ends_ms,
                            const std::string& source);

  std::optional<Person> person_by_email(const std::string& email);
  std::optional<Person> person_by_id(std::int64_t id);
  std::optional<std::string> password_hash(std::int64_t person_id);
  std::optional<Body> body_by_slug(const std::string& slug);
  std::optional<Body> body_by_id(std::int64_t id);
  std::optional<Entity> entity_by_slug(const std::string& slug);
  std::vector<Membership> memberships_of(std::int64_t person_id, std::int64_t now_ms);
  std::vector<Membership> members_of(std::int64_t body_id, std::int64_t now_ms);
  std::vector<Body> bodies();
  // Every cooperative, in id order.
  std::vector<Cooperative> cooperatives();
  std::vector<Person> people();

 private:
  Result<bool> seat_officer_now(std::int64_t body_id, std::int64_t person_id, const std::string& office,
                                std::int64_t starts_ms, std::int64_t ends_ms, const std::string& source);
  void record_audit(const std::string& type, const std::string& operation, std::int64_t now_ms);

  std::mutex audit_mutex_;  // held across one audited change (before mutex_, never after)
  std::mutex mutex_;
  std::unique_ptr<sql::Connection> db_;
  std::unique_ptr<DirectoryAudit> audit_;  // on db_, under mutex_
};

}  // namespace collegial::store
