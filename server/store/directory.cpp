#include "store/directory.hpp"

#include "store/body_terms.hpp"

#include <algorithm>
#include <chrono>

#include "i18n/messages.hpp"
#include "store/directory_audit.hpp"
#include "util/log.hpp"

namespace collegial::store {
namespace {

Status failed(const sql::Error& e) {
  return Status::error("store_failed", std::string("directory: ") + e.what());
}

std::optional<std::int64_t> optional_int(const sql::Column& c) { return c.optional_int64(); }

Body read_body(sql::Statement& q) {
  Body b;
  b.id = q.column(0).int64();
  b.cooperative_id = q.column(1).int64();
  b.slug = q.column(2).text();
  b.name = q.column(3).text();
  b.kind = q.column(4).text();
  b.parent_body_id = optional_int(q.column(5));
  b.quorum_rule = q.column(6).text();
  b.small_board = q.column(7).text();
  b.remote_counts = q.column(8).int32() != 0;
  b.designees_count = q.column(9).int32() != 0;
  b.notice_regular_days = q.column(10).int32();
  b.notice_special_days = q.column(11).int32();
  b.notice_emergency_hours = q.column(12).int32();
  b.time_zone = q.column(13).text();
  b.is_public = q.column(14).int32() != 0;
  b.officer_term_months = q.column(15).int32();
  return b;
}

constexpr const char* kBodyColumns =
    "id, cooperative_id, slug, name, kind, parent_body_id, quorum_rule, small_board, "
    "remote_counts, designees_count, notice_regular_days, notice_special_days, "
    "notice_emergency_hours, time_zone, public, officer_term_months";

Person read_person(sql::Statement& q) {
  return Person{q.column(0).int64(), q.column(1).text(), q.column(2).text(),
                q.column(3).int32() != 0, !q.column(4).is_null()};
}

constexpr const char* kPersonColumns = "id, email, name, is_admin, password_hash";

Membership read_membership(sql::Statement& q) {
  return Membership{q.column(0).int64(), q.column(1).int64(),
                    q.column(2).int64(), q.column(3).text(),
                    optional_int(q.column(4)), q.column(5).int64(),
                    optional_int(q.column(6))};
}

constexpr const char* kMembershipColumns =
    "id, body_id, person_id, role, entity_id, starts_ms, ends_ms";

std::optional<std::int64_t> id_of(sql::Connection& db, const char* table,
                                  const std::string& column, const std::string& value) {
  // E-mail addresses compare without regard to case (SQLite's NOCASE, PostgreSQL's lower()).
  const std::string where = column == "email" ? "lower(email) = lower(?)" : column + " = ?";
  sql::Statement q(db, std::string("SELECT id FROM ") + table + " WHERE " + where);
  q.bind(1, value);
  if (!q.step()) return std::nullopt;
  return q.column(0).int64();
}

// `what` is one of entity, cooperative, body, person: each is its own sentence in both languages.
Status not_found(const char* what, const std::string& name) {
  return i18n::refusal("not_found",
                       {"{what, select,"
                        " entity {no entity ''{name}''}"
                        " cooperative {no cooperative ''{name}''}"
                        " body {no body ''{name}''}"
                        " person {no person ''{name}''}"
                        " other {no {what} ''{name}''}}",
                        "{what, select,"
                        " entity {no hay ninguna entidad ''{name}''}"
                        " cooperative {no hay ninguna cooperativa ''{name}''}"
                        " body {no hay ningún órgano ''{name}''}"
                        " person {no hay ninguna persona ''{name}''}"
                        " other {no hay ningún registro {what} ''{name}''}}"},
                       {{"what", what}, {"name", name}});
}

}  // namespace

Directory::Directory(const std::string& path) : Directory(StoreLocation{StoreLocation::Engine::sqlite, path}) {}

Directory::Directory(const StoreLocation& house)
    : db_(sql::open(house)),
      audit_(std::make_unique<DirectoryAudit>(*db_)) {
  audit_->open(std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count());
}

Directory::~Directory() = default;

void Directory::record_audit(const std::string& type, const std::string& operation, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  try {
    const std::size_t rows = audit_->record(type, operation, now_ms);
    if (rows > 0 && type == "directory.unaccounted") {
      LOG_WARN("directory: " << rows << " row(s) changed outside the server were found before '" << operation
                             << "'; recorded as unaccounted (collegiald verify reports them)");
    }
  } catch (const sql::Error& e) {
    LOG_ERROR("directory: the audit log could not record '" << operation << "': " << e.what());
  }
}

Result<Cooperative> Directory::create_cooperative(const std::string& slug,
                                                  const std::string& name) {
  std::lock_guard lock(mutex_);
  try {
    sql::Statement q(*db_, "INSERT INTO cooperatives(slug, name) VALUES (?, ?) RETURNING id");
    q.bind(1, slug);
    q.bind(2, name);
    q.step();
    return Cooperative{q.column(0).int64(), slug, name};
  } catch (const sql::Error& e) {
    if (e.is_constraint()) {
      return i18n::refusal("exists", {"a cooperative ''{slug}'' exists", "ya existe una cooperativa ''{slug}''"},
                           {{"slug", slug}});
    }
    return failed(e);
  }
}

Result<Entity> Directory::create_entity(const std::string& slug, const std::string& name,
                                        const std::string& kind) {
  if (kind != "district" && kind != "state_agency" && kind != "state_institution") {
    return i18n::refusal("bad_field", {"kind must be district, state_agency or state_institution",
                                       "el campo kind debe ser district, state_agency o state_institution"});
  }
  std::lock_guard lock(mutex_);
  try {
    sql::Statement q(*db_, "INSERT INTO entities(slug, name, kind) VALUES (?, ?, ?) RETURNING id");
    q.bind(1, slug);
    q.bind(2, name);
    q.bind(3, kind);
    q.step();
    return Entity{q.column(0).int64(), slug, name, kind, std::nullopt};
  } catch (const sql::Error& e) {
    if (e.is_constraint()) {
      return i18n::refusal("exists", {"an entity ''{slug}'' exists", "ya existe una entidad ''{slug}''"},
                           {{"slug", slug}});
    }
    return failed(e);
  }
}

Status Directory::set_entity_cooperative(const std::string& entity,
                                         const std::string& cooperative, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  try {
    sql::Transaction tx(*db_);
    sql::Statement find(*db_,
                           "SELECT e.id, e.cooperative_id, c.slug FROM entities e"
                           " LEFT JOIN cooperatives c ON c.id = e.cooperative_id WHERE e.slug = ?");
    find.bind(1, entity);
    if (!find.step()) return not_found("entity", entity);
    const std::int64_t entity_id = find.column(0).int64();
    const auto current = optional_int(find.column(1));
    const std::string current_slug = find.column(2).is_null() ? "" : find.column(2).text();
    std::optional<std::int64_t> target;
    if (!cooperative.empty()) {
      target = id_of(*db_, "cooperatives", "slug", cooperative);
      if (!target) return not_found("cooperative", cooperative);
    }
    if (current == target) return Status::ok();
    // B2: a district, agency or institution belongs to at most one cooperative.
    if (current && target) {
      return i18n::refusal("entity_in_other_cooperative",
                           {"B2: {entity} is a member of {current}; it must leave that cooperative "
                            "before joining {cooperative}",
                            "B2: {entity} es miembro de {current}; debe salir de esa cooperativa "
                            "antes de unirse a {cooperative}"},
                           {{"entity", entity}, {"current", current_slug}, {"cooperative", cooperative}});
    }
    if (current) {
      // Leaving: the council seats that represent it end now.
      sql::Statement end(*db_,
                            "UPDATE memberships SET ends_ms = ? WHERE entity_id = ? AND"
                            " (ends_ms IS NULL OR ends_ms > ?)");
      end.bind(1, now_ms);
      end.bind(2, entity_id);
      end.bind(3, now_ms);
      end.exec();
    }
    sql::Statement set(*db_, "UPDATE entities SET cooperative_id = ? WHERE id = ?");
    if (target) set.bind(1, *target);
    else set.bind(1);
    set.bind(2, entity_id);
    set.exec();
    tx.commit();
    return Status::ok();
  } catch (const sql::Error& e) {
    return failed(e);
  }
}

Result<Body> Directory::create_body(Body body, const std::string& cooperative,
                                    const std::string& parent) {
  if (!body_kind_named(body.kind)) {
    return i18n::refusal("bad_field", {"kind must be council, committee or learning_circle",
                                       "el campo kind debe ser council, committee o learning_circle"});
  }
  if (body.small_board != "auto" && body.small_board != "on" && body.small_board != "off") {
    return i18n::refusal("bad_field",
                         {"small_board must be auto, on or off", "el campo small_board debe ser auto, on u off"});
  }
  std::lock_guard lock(mutex_);
  try {
    const auto coop = id_of(*db_, "cooperatives", "slug", cooperative);
    if (!coop) return not_found("cooperative", cooperative);
    body.cooperative_id = *coop;
    if (!parent.empty()) {
      body.parent_body_id = id_of(*db_, "bodies", "slug", parent);
      if (!body.parent_body_id) return not_found("body", parent);
    }
    sql::Statement q(
        *db_,
        "INSERT INTO bodies(cooperative_id, slug, name, kind, parent_body_id, quorum_rule,"
        " small_board, remote_counts, designees_count, notice_regular_days, notice_special_days,"
        " notice_emergency_hours, time_zone, public, officer_term_months)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
    q.bind(1, body.cooperative_id);
    q.bind(2, body.slug);
    q.bind(3, body.name);
    q.bind(4, body.kind);
    if (body.parent_body_id) q.bind(5, *body.parent_body_id);
    else q.bind(5);
    q.bind(6, body.quorum_rule);
    q.bind(7, body.small_board);
    q.bind(8, body.remote_counts ? 1 : 0);
    q.bind(9, body.designees_count ? 1 : 0);
    q.bind(10, body.notice_regular_days);
    q.bind(11, body.notice_special_days);
    q.bind(12, body.notice_emergency_hours);
    q.bind(13, body.time_zone);
    q.bind(14, body.is_public ? 1 : 0);
    q.bind(15, body.officer_term_months);
    q.step();
    body.id = q.column(0).int64();
    return body;
  } catch (const sql::Error& e) {
    if (e.is_constraint()) {
      return i18n::refusal("exists", {"a body ''{slug}'' exists", "ya existe un órgano ''{slug}''"},
                           {{"slug", body.slug}});
    }
    return failed(e);
  }
}

Result<Person> Directory::create_person(const std::string& email, const std::string& name,
                                        bool is_admin) {
  if (email.find('@') == std::string::npos || name.empty()) {
    return i18n::refusal("bad_field", {"a person needs an email address and a name",
                                       "una persona necesita una dirección de correo electrónico y un nombre"});
  }
  std::lock_guard lock(mutex_);
  try {
    sql::Statement q(*db_,
                        "INSERT INTO people(email, name, is_admin, created_ms)"
                        " VALUES (?, ?, ?, ?) RETURNING id");
    q.bind(1, email);
    q.bind(2, name);
    q.bind(3, is_admin ? 1 : 0);
    q.bind(4, static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::system_clock::now().time_since_epoch()).count()));
    q.step();
    return Person{q.column(0).int64(), email, name, is_admin, false};
  } catch (const sql::Error& e) {
    if (e.is_constraint()) {
      return i18n::refusal("exists", {"a person with {email} exists", "ya existe una persona con {email}"},
                           {{"email", email}});
    }
    return failed(e);
  }
}

Status Directory::set_password_hash(std::int64_t person_id, const std::string& hash) {
  std::lock_guard lock(mutex_);
  try {
    sql::Statement q(*db_, "UPDATE people SET password_hash = ? WHERE id = ?");
    q.bind(1, hash);
    q.bind(2, person_id);
    if (q.exec() != 1) return i18n::refusal("not_found", {"no such person", "no existe esa persona"});
    return Status::ok();
  } catch (const sql::Error& e) {
    return failed(e);
  }
}

Result<Membership> Directory::add_membership(const std::string& body,
                                             const std::string& person_email,
                                             const std::string& role, const std::string& entity,
                                             std::int64_t starts_ms,
                                             std::optional<std::int64_t> ends_ms) {
  if (!is_membership_role(role)) {
    return i18n::refusal("bad_field", {"unknown role ''{role}''", "rol desconocido ''{role}''"},
                         {{"role", role}});
  }
  if (ends_ms && *ends_ms <= starts_ms) {
    return i18n::refusal("bad_field",
                         {"a term must end after it starts", "un periodo debe terminar después de comenzar"});
  }
  std::lock_guard lock(mutex_);
  try {
    sql::Statement b(*db_, "SELECT id, cooperative_id FROM bodies WHERE slug = ?");
    b.bind(1, body);
    if (!b.step()) return not_found("body", body);
    const std::int64_t body_id = b.column(0).int64();
    const std::int64_t coop_id = b.column(1).int64();
    const auto person_id = id_of(*db_, "people", "email", person_email);
    if (!person_id) return not_found("person", person_email);
    std::optional<std::int64_t> entity_id;
    if (!entity.empty()) {
      sql::Statement e(*db_, "SELECT id, cooperative_id FROM entities WHERE slug = ?");
      e.bind(1, entity);
      if (!e.step()) return not_found("entity", entity);
      entity_id = e.column(0).int64();
      // B1: a seat represents a member entity of the body's own cooperative.
      if (e.column(1).is_null() || e.column(1).int64() != coop_id) {
        return i18n::refusal("bad_field", {"B1: {entity} is not a member of this body''s cooperative",
                                           "B1: {entity} no es miembro de la cooperativa de este órgano"},
                             {{"entity", entity}});
      }
    }
    sql::Statement q(*db_,
                        "INSERT INTO memberships(body_id, person_id, role, entity_id, starts_ms,"
                        " ends_ms) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(1, body_id);
    q.bind(2, *person_id);
    q.bind(3, role);
    if (entity_id) q.bind(4, *entity_id);
    else q.bind(4);
    q.bind(5, starts_ms);
    if (ends_ms) q.bind(6, *ends_ms);
    else q.bind(6);
    q.step();
    return Membership{q.column(0).int64(), body_id, *person_id, role, entity_id, starts_ms,
                      ends_ms};
  } catch (const sql::Error& e) {
    return failed(e);
  }
}

Status Directory::end_membership(std::int64_t membership_id, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  try {
    sql::Statement q(*db_, "UPDATE memberships SET ends_ms = ? WHERE id = ?");
    q.bind(1, now_ms);
    q.bind(2, membership_id);
    if (q.exec() != 1) return i18n::refusal("not_found", {"no such membership", "no existe esa membresía"});
    return Status::ok();
  } catch (const sql::Error& e) {
    return failed(e);
  }
}

namespace {

// The person's council seat open at `at`: its entity and when it ends (B1 seats carry an entity).
struct OpenSeat {
  std::optional<std::int64_t> entity_id;
  std::optional<std::int64_t> ends_ms;
};

std::optional<OpenSeat> open_voting_seat(sql::Connection& db, std::int64_t body_id,
                                         std::int64_t person_id, std::int64_t at) {
  sql::Statement q(db,
                      "SELECT entity_id, ends_ms FROM memberships WHERE body_id = ? AND"
                      " person_id = ? AND role IN ('chair', 'vice_chair', 'voting_member') AND"
                      " starts_ms <= ? AND (ends_ms IS NULL OR ends_ms > ?)"
                      " ORDER BY ends_ms IS NULL DESC, ends_ms DESC LIMIT 1");
  q.bind(1, body_id);
  q.bind(2, person_id);
  q.bind(3, at);
  q.bind(4, at);
  if (!q.step()) return std::nullopt;
  return OpenSeat{optional_int(q.column(0)), optional_int(q.column(1))};
}

// Gives `person_id` a voting member's seat from `from` (until `until`), unless one already
// starts later (the return seat of an earlier election), which is brought forward to `from`.
void voting_seat_from(sql::Connection& db, std::int64_t body_id, std::int64_t person_id,
                      std::optional<std::int64_t> entity_id, std::int64_t from,
                      std::optional<std::int64_t> until) {
  sql::Statement later(db,
                          "UPDATE memberships SET starts_ms = ? WHERE body_id = ? AND person_id = ?"
                          " AND role = 'voting_member' AND starts_ms > ?");
  later.bind(1, from);
  later.bind(2, body_id);
  later.bind(3, person_id);
  later.bind(4, from);
  if (later.exec() > 0) return;
  if (until && *until <= from) return;
  sql::Statement q(db,
                      "INSERT INTO memberships(body_id, person_id, role, entity_id, starts_ms,"
                      " ends_ms) VALUES (?, ?, 'voting_member', ?, ?, ?)");
  q.bind(1, body_id);
  q.bind(2, person_id);
  if (entity_id) q.bind(3, *entity_id);
  else q.bind(3);
  q.bind(4, from);
  if (until) q.bind(5, *until);
  else q.bind(5);
  q.exec();
}

}  // namespace

Result<bool> Directory::seat_officer(std::int64_t body_id, std::int64_t person_id,
                                     const std::string& office, std::int64_t starts_ms,
                                     std::int64_t ends_ms, const std::string& source) {
  return audited("elect " + office + " (" + source + ")", starts_ms, [&] {
    return seat_officer_now(body_id, person_id, office, starts_ms, ends_ms, source);
  });
}

Result<bool> Directory::seat_officer_now(std::int64_t body_id, std::int64_t person_id,
                                         const std::string& office, std::int64_t starts_ms,
                                         std::int64_t ends_ms, const std::string& source) {
  if (!is_office(office) || ends_ms <= starts_ms || source.empty()) {
    return i18n::refusal("bad_field", {"B3: an officer is a chair or vice_chair for a term",
                                       "B3: un cargo directivo es chair (presidencia) o vice_chair "
                                       "(vicepresidencia) por un periodo"});
  }
  std::lock_guard lock(mutex_);
  try {
    sql::Transaction tx(*db_);
    sql::Statement seen(*db_, "SELECT 1 FROM memberships WHERE source = ?");
    seen.bind(1, source);
    if (seen.step()) return false;  // taken up already
    const auto seat = open_voting_seat(*db_, body_id, person_id, starts_ms);
    if (!seat) {
      return i18n::refusal("not_found",
                           {"B3: person {person, number, ::group-off} holds no voting seat on this body",
                            "B3: la persona {person, number, ::group-off} no ocupa ningún puesto con voto "
                            "en este órgano"},
                           {{"person", person_id}});
    }
    // The officer before: back to a voting member's seat for the rest of their council seat.
    sql::Statement outgoing(*db_,
                               "SELECT id, person_id, entity_id FROM memberships WHERE body_id = ?"
                               " AND role = ? AND person_id <> ? AND starts_ms <= ? AND"
                               " (ends_ms IS NULL OR ends_ms > ?)");
    outgoing.bind(1, body_id);
    outgoing.bind(2, office);
    outgoing.bind(3, person_id);
    outgoing.bind(4, starts_ms);
    outgoing.bind(5, starts_ms);
    struct Out { std::int64_t id, person; std::optional<std::int64_t> entity; };
    std::vector<Out> out;
    while (outgoing.step()) {
      out.push_back({outgoing.column(0).int64(), outgoing.column(1).int64(),
                     optional_int(outgoing.column(2))});
    }
    sql::Statement end(*db_, "UPDATE memberships SET ends_ms = ? WHERE id = ?");
    for (const Out& o : out) {
      end.bind(1, starts_ms);
      end.bind(2, o.id);
      end.exec();
      end.reset();
      voting_seat_from(*db_, body_id, o.person, o.entity, starts_ms, std::nullopt);
    }
    // The new officer: their current seat ends now and the office begins; when the term ends
    // they return to a voting member's seat until their council seat ends.
    sql::Statement close(*db_,
                            "UPDATE memberships SET ends_ms = ? WHERE body_id = ? AND person_id = ?"
                            " AND role IN ('chair', 'vice_chair', 'voting_member') AND"
                            " starts_ms <= ? AND (ends_ms IS NULL OR ends_ms > ?)");
    close.bind(1, starts_ms);
    close.bind(2, body_id);
    close.bind(3, person_id);
    close.bind(4, starts_ms);
    close.bind(5, starts_ms);
    close.exec();
    const std::int64_t term_end = seat->ends_ms ? std::min(*seat->ends_ms, ends_ms) : ends_ms;
    sql::Statement q(*db_,
                        "INSERT INTO memberships(body_id, person_id, role, entity_id, starts_ms,"
                        " ends_ms, source) VALUES (?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, body_id);
    q.bind(2, person_id);
    q.bind(3, office);
    if (seat->entity_id) q.bind(4, *seat->entity_id);
    else q.bind(4);
    q.bind(5, starts_ms);
    q.bind(6, term_end);
    q.bind(7, source);
    q.exec();
    voting_seat_from(*db_, body_id, person_id, seat->entity_id, term_end, seat->ends_ms);
    tx.commit();
    return true;
  } catch (const sql::Error& e) {
    return failed(e);
  }
}

std::optional<Person> Directory::person_by_email(const std::string& email) {
  std::lock_guard lock(mutex_);
  sql::Statement q(*db_, std::string("SELECT ") + kPersonColumns + " FROM people WHERE lower(email) = lower(?)");
  q.bind(1, email);
  if (!q.step()) return std::nullopt;
  return read_person(q);
}

std::optional<Person> Directory::person_by_id(std::int64_t id) {
  std::lock_guard lock(mutex_);
  sql::Statement q(*db_, std::string("SELECT ") + kPersonColumns + " FROM people WHERE id = ?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_person(q);
}

std::optional<std::string> Directory::password_hash(std::int64_t person_id) {
  std::lock_guard lock(mutex_);
  sql::Statement q(*db_, "SELECT password_hash FROM people WHERE id = ?");
  q.bind(1, person_id);
  if (!q.step() || q.column(0).is_null()) return std::nullopt;
  return q.column(0).text();
}

std::optional<Body> Directory::body_by_slug(const std::string& slug) {
  std::lock_guard lock(mutex_);
  sql::Statement q(*db_, std::string("SELECT ") + kBodyColumns + " FROM bodies WHERE slug = ?");
  q.bind(1, slug);
  if (!q.step()) return std::nullopt;
  return read_body(q);
}

std::optional<Body> Directory::body_by_id(std::int64_t id) {
  std::lock_guard lock(mutex_);
  sql::Statement q(*db_, std::string("SELECT ") + kBodyColumns + " FROM bodies WHERE id = ?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_body(q);
}

std::optional<Entity> Directory::entity_by_slug(const std::string& slug) {
  std::lock_guard lock(mutex_);
  sql::Statement q(*db_,
                      "SELECT id, slug, name, kind, cooperative_id FROM entities WHERE slug = ?");
  q.bind(1, slug);
  if (!q.step()) return std::nullopt;
  return Entity{q.column(0).int64(), q.column(1).text(), q.column(2).text(),
                q.column(3).text(), optional_int(q.column(4))};
}

std::vector<Membership> Directory::memberships_of(std::int64_t person_id, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  sql::Statement q(*db_, std::string("SELECT ") + kMembershipColumns +
                                " FROM memberships WHERE person_id = ? AND starts_ms <= ?"
                                " AND (ends_ms IS NULL OR ends_ms > ?) ORDER BY id");
  q.bind(1, person_id);
  q.bind(2, now_ms);
  q.bind(3, now_ms);
  std::vector<Membership> out;
  while (q.step()) out.push_back(read_membership(q));
  return out;
}

std::vector<Membership> Directory::members_of(std::int64_t body_id, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  sql::Statement q(*db_, std::string("SELECT ") + kMembershipColumns +
                                " FROM memberships WHERE body_id = ? AND starts_ms <= ?"
                                " AND (ends_ms IS NULL OR ends_ms > ?) ORDER BY id");
  q.bind(1, body_id);
  q.bind(2, now_ms);
  q.bind(3, now_ms);
  std::vector<Membership> out;
  while (q.step()) out.push_back(read_membership(q));
  return out;
}

std::vector<Body> Directory::bodies() {
  std::lock_guard lock(mutex_);
  sql::Statement q(*db_, std::string("SELECT ") + kBodyColumns + " FROM bodies ORDER BY id");
  std::vector<Body> out;
  while (q.step()) out.push_back(read_body(q));
  return out;
}

std::vector<Cooperative> Directory::cooperatives() {
  std::lock_guard lock(mutex_);
  sql::Statement q(*db_, "SELECT id, slug, name FROM cooperatives ORDER BY id");
  std::vector<Cooperative> out;
  while (q.step()) out.push_back(Cooperative{q.column(0).int64(), q.column(1).text(), q.column(2).text()});
  return out;
}

std::vector<Person> Directory::people() {
  std::lock_guard lock(mutex_);
  sql::Statement q(*db_, std::string("SELECT ") + kPersonColumns + " FROM people ORDER BY id");
  std::vector<Person> out;
  while (q.step()) out.push_back(read_person(q));
  return out;
}

}  // namespace collegial::store
