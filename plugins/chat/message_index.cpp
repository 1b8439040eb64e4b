#include "chat/message_index.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "common/snapshot_fields.hpp"

namespace collegial::plugins {

namespace {

using nlohmann::json;

constexpr std::string_view kWhat = "chat";

using Bytes = std::vector<std::uint8_t>;

void put_varint(Bytes& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<std::uint8_t>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<std::uint8_t>(v));
}

// Reads the varints of `bytes` one at a time, refusing a truncated or overlong one. (Decoded
// as they are read: a snapshot of a million messages holds two million of them.)
class Varints {
 public:
  explicit Varints(const Bytes& bytes) : bytes_(bytes) {}
  bool done() const { return at_ == bytes_.size(); }
  std::uint64_t next() {
    std::uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      if (at_ == bytes_.size()) snapshot::refuse(kWhat, "a truncated varint");
      if (shift > 63) snapshot::refuse(kWhat, "a varint longer than 64 bits");
      const std::uint8_t b = bytes_[at_++];
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
  }

 private:
  const Bytes& bytes_;
  std::size_t at_ = 0;
};

// A packed field: bytes, which the room's snapshot stores as they are (CBOR, not JSON text).
const Bytes& packed(const json& field) { return snapshot::typed(field, json::value_t::binary, kWhat).get_binary(); }

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
  Bytes gaps, authors;
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
          {"seqs", json::binary(std::move(gaps))},
          {"authors", json::binary(std::move(authors))},
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
  const Bytes& gap_bytes = packed(state.at("seqs"));
  const Bytes& author_bytes = packed(state.at("authors"));
  Varints gaps(gap_bytes), authors(author_bytes);
  m.seqs_.reserve(author_bytes.size());  // at least a byte each
  m.authors_.reserve(author_bytes.size());
  std::int64_t seq = 0;
  while (!gaps.done() || !authors.done()) {
    if (gaps.done() || authors.done()) snapshot::refuse(kWhat, "as many seqs as authors");
    const std::uint64_t gap = gaps.next();
    const std::uint64_t author = authors.next();
    if (gap == 0 || gap > static_cast<std::uint64_t>(INT64_MAX - seq)) snapshot::refuse(kWhat, "seqs that do not increase");
    if (author >= m.actors_.size()) snapshot::refuse(kWhat, "an author that is not listed");
    seq += static_cast<std::int64_t>(gap);
    m.seqs_.push_back(seq);
    m.authors_.push_back(static_cast<std::uint32_t>(author));
  }
  m.seqs_.shrink_to_fit();
  m.authors_.shrink_to_fit();
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
