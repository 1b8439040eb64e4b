#include "chat/message_index.hpp"

#include <algorithm>
#include <stdexcept>

#include "common/snapshot_fields.hpp"
#include "store/checkpoint_key.hpp"

namespace collegial::plugins {

namespace {

using nlohmann::json;

constexpr std::string_view kWhat = "chat";

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

// The varints in `bytes`, refusing a truncated or overlong one.
std::vector<std::uint64_t> varints(const std::string& bytes) {
  std::vector<std::uint64_t> out;
  std::uint64_t v = 0;
  int shift = 0;
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (shift > 63) snapshot::refuse(kWhat, "a varint longer than 64 bits");
    v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
    if (b & 0x80) {
      shift += 7;
      continue;
    }
    out.push_back(v);
    v = 0;
    shift = 0;
  }
  if (shift != 0) snapshot::refuse(kWhat, "a truncated varint");
  return out;
}

std::string decoded(const json& field) {
  auto bytes = store::base64_decode(snapshot::typed(field, json::value_t::string, kWhat).get_ref<const std::string&>());
  if (!bytes) snapshot::refuse(kWhat, "a packed field that is not base64");
  return std::move(bytes.value());
}

}  // namespace

void MessageIndex::add(std::int64_t seq, const std::string& actor) {
  auto [it, fresh] = actor_ids_.try_emplace(actor, static_cast<std::uint32_t>(actors_.size()));
  if (fresh) actors_.push_back(actor);
  if (!seqs_.empty() && seq <= seqs_.back()) {  // never, in a log's order: keep the map's answer
    const std::size_t at = index_of(seq);
    if (at < seqs_.size()) {
      authors_[at] = it->second;
      return;
    }
    const auto pos = static_cast<std::size_t>(std::lower_bound(seqs_.begin(), seqs_.end(), seq) - seqs_.begin());
    seqs_.insert(seqs_.begin() + static_cast<std::ptrdiff_t>(pos), seq);
    authors_.insert(authors_.begin() + static_cast<std::ptrdiff_t>(pos), it->second);
    return;
  }
  seqs_.push_back(seq);
  authors_.push_back(it->second);
}

std::size_t MessageIndex::index_of(std::int64_t seq) const {
  const auto it = std::lower_bound(seqs_.begin(), seqs_.end(), seq);
  return it != seqs_.end() && *it == seq ? static_cast<std::size_t>(it - seqs_.begin()) : seqs_.size();
}

std::optional<MessageIndex::Found> MessageIndex::find(std::int64_t seq) const {
  const std::size_t at = index_of(seq);
  if (at == seqs_.size()) return std::nullopt;
  static const std::vector<std::int64_t> kNone;
  const auto edits = edits_.find(seq);
  return Found{actors_[authors_[at]], gone_.count(seq) > 0, edits == edits_.end() ? &kNone : &edits->second};
}

void MessageIndex::mark_gone(std::int64_t seq) {
  if (index_of(seq) < seqs_.size()) gone_.insert(seq);
}

void MessageIndex::add_edit(std::int64_t seq, std::int64_t edit_seq) {
  if (index_of(seq) < seqs_.size()) edits_[seq].push_back(edit_seq);
}

json MessageIndex::snapshot() const {
  std::string gaps, authors;
  gaps.reserve(seqs_.size() * 2);
  authors.reserve(authors_.size());
  std::int64_t last = 0;
  for (std::size_t i = 0; i < seqs_.size(); ++i) {
    put_varint(gaps, static_cast<std::uint64_t>(seqs_[i] - last));
    last = seqs_[i];
    put_varint(authors, authors_[i]);
  }
  json edits = json::array();
  for (const auto& [seq, list] : edits_) edits.push_back({seq, list});
  return {{"actors", actors_},
          {"seqs", store::base64_encode(gaps)},
          {"authors", store::base64_encode(authors)},
          {"gone", gone_},
          {"edits", std::move(edits)}};
}

MessageIndex MessageIndex::restore(const json& state) {
  MessageIndex m;
  for (const json& a : snapshot::typed(state.at("actors"), json::value_t::array, kWhat)) {
    const auto& actor = snapshot::typed(a, json::value_t::string, kWhat).get_ref<const std::string&>();
    if (!m.actor_ids_.emplace(actor, static_cast<std::uint32_t>(m.actors_.size())).second) {
      snapshot::refuse(kWhat, "an actor listed twice");
    }
    m.actors_.push_back(actor);
  }
  const auto gaps = varints(decoded(state.at("seqs")));
  const auto authors = varints(decoded(state.at("authors")));
  if (gaps.size() != authors.size()) snapshot::refuse(kWhat, "as many seqs as authors");
  std::int64_t seq = 0;
  for (std::size_t i = 0; i < gaps.size(); ++i) {
    if (gaps[i] == 0 || gaps[i] > static_cast<std::uint64_t>(INT64_MAX - seq)) snapshot::refuse(kWhat, "seqs that do not increase");
    if (authors[i] >= m.actors_.size()) snapshot::refuse(kWhat, "an author that is not listed");
    seq += static_cast<std::int64_t>(gaps[i]);
    m.seqs_.push_back(seq);
    m.authors_.push_back(static_cast<std::uint32_t>(authors[i]));
  }
  for (const json& g : snapshot::typed(state.at("gone"), json::value_t::array, kWhat)) {
    const std::int64_t s = snapshot::int64(g, kWhat);
    if (m.index_of(s) == m.seqs_.size()) snapshot::refuse(kWhat, "a gone message that is no message");
    m.gone_.insert(s);
  }
  for (const json& e : snapshot::typed(state.at("edits"), json::value_t::array, kWhat)) {
    if (!e.is_array() || e.size() != 2) snapshot::refuse(kWhat, "edits that are not [seq, [edit seqs]]");
    const std::int64_t s = snapshot::int64(e[0], kWhat);
    if (m.index_of(s) == m.seqs_.size() || m.edits_.count(s)) snapshot::refuse(kWhat, "edits of no message, or twice");
    auto& list = m.edits_[s];
    for (const json& x : snapshot::typed(e[1], json::value_t::array, kWhat)) list.push_back(snapshot::int64(x, kWhat));
  }
  return m;
}

}  // namespace collegial::plugins
