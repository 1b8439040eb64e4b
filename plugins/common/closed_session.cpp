#include "common/closed_session.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/plugin.hpp"

namespace collegial::plugins {

const std::vector<ClosedAuthority>& closed_authorities() {
  static const std::vector<ClosedAuthority> list = {
      {"H1", "NMSA 1978, Section 10-15-1(H)(1)",
       "the issuance, suspension, renewal or revocation of a license"},
      {"H2", "NMSA 1978, Section 10-15-1(H)(2)", "limited personnel matters"},
      {"H3", "NMSA 1978, Section 10-15-1(H)(3)",
       "deliberations in an administrative adjudicatory proceeding"},
      {"H4", "NMSA 1978, Section 10-15-1(H)(4)",
       "personally identifiable information about an individual student"},
      {"H5", "NMSA 1978, Section 10-15-1(H)(5)", "collective bargaining strategy"},
      {"H6", "NMSA 1978, Section 10-15-1(H)(6)",
       "purchases that can be made only from one source, or competitive sealed proposals"},
      {"H7", "NMSA 1978, Section 10-15-1(H)(7)", "threatened or pending litigation"},
      {"H8", "NMSA 1978, Section 10-15-1(H)(8)",
       "the purchase, acquisition or disposal of real property or water rights"},
  };
  return list;
}

namespace {

// The words of `text`, lower-cased, letters and digits only.
std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  for (char c : text + " ") {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      out.push_back(word);
      word.clear();
    }
  }
  return out;
}

// Words that say nothing of what will be discussed: grammar, the body's own names, and what
// any closure could say ("matters", "issues", "discussion", "personnel").
const std::set<std::string, std::less<>>& generic_words() {
  static const std::set<std::string, std::less<>> set = {
      "a", "an", "the", "of", "and", "or", "to", "for", "in", "on", "at", "by", "with", "from", "as", "its",
      "their", "our", "this", "that", "these", "those", "is", "are", "be", "re", "regarding", "concerning",
      "about", "related", "relating", "pertaining", "under", "per", "possible", "potential", "certain",
      "various", "general", "other", "current", "ongoing", "pending", "matter", "matters", "issue", "issues",
      "item", "items", "topic", "topics", "subject", "subjects", "business", "discussion", "discuss",
      "discussed", "review", "update", "updates", "information", "district", "districts", "school",
      "schools", "cooperative", "rec", "council", "board", "body", "agency", "staff", "employee",
      "employees", "personnel", "limited", "nmsa", "section", "1978", "10", "15", "1", "h", "closed",
      "session", "meeting", "executive", "confidential"};
  return set;
}

// C1: how many words of `subject` add substance beyond the authority's heading: neither the
// heading's own words nor words any closure could use.
std::size_t specific_words(const std::string& subject, const ClosedAuthority& authority) {
  std::set<std::string, std::less<>> heading;
  for (const auto& w : words(std::string(authority.subject))) heading.insert(w);
  std::set<std::string, std::less<>> specific;
  for (const auto& w : words(subject)) {
    // A plural of a heading word ("licenses") is still the heading.
    const std::string singular = w.size() > 3 && w.back() == 's' ? w.substr(0, w.size() - 1) : w;
    // A letter or a number alone ("(H)(2)", "2027") says nothing of the subject.
    const bool number = std::all_of(w.begin(), w.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); });
    if (w.size() <= 1 || number) continue;
    if (generic_words().count(w) || heading.count(w) || heading.count(singular)) continue;
    specific.insert(w);
  }
  return specific.size();
}

constexpr std::size_t kSpecificWords = 2;

// "(H)(2)" from "NMSA 1978, Section 10-15-1(H)(2)".
std::string subsection(std::string_view citation) {
  const auto at = citation.find("(H)");
  return std::string(at == std::string_view::npos ? citation : citation.substr(at));
}

}  // namespace

Result<nlohmann::json> closed_session_grounds(const std::string& authority,
                                              const std::string& subject) {
  const auto& list = closed_authorities();
  const auto it = std::find_if(list.begin(), list.end(),
                               [&](const ClosedAuthority& a) { return a.key == authority; });
  if (it == list.end()) {
    std::string keys;
    for (const auto& a : list) keys += (keys.empty() ? "" : ", ") + std::string(a.key);
    return core::refuse("bad_field",
                        {"C1: name the authority for closing, one of {keys} (NMSA 1978, Section 10-15-1(H)(n))",
                         "C1: indique la disposición que autoriza el cierre, una de {keys} (NMSA 1978, "
                         "Section 10-15-1(H)(n))"},
                        {{"keys", keys}});
  }
  // C1: reasonable specificity: the subject must tell the public what will be discussed, in
  // words of its own beyond the statute's heading ("personnel matters of the district" does
  // not; "the annual evaluation of the executive director" does).
  if (subject.size() < 20 || specific_words(subject, *it) < kSpecificWords) {
    // The statute's heading in Spanish by its key; the words compared are the English ones.
    return core::refuse(
        "not_specific",
        {"C1: state the subject with reasonable specificity: at least {count} words of substance beyond "
         "''{heading}'' and words any closure could use (e.g. ''the annual evaluation of the executive director'')",
         "C1: indique el asunto con una especificidad razonable: al menos {count} palabras de contenido además de "
         "''{authority, select, H1 {la expedición, suspensión, renovación o revocación de una licencia} "
         "H2 {asuntos de personal limitados} H3 {deliberaciones en un procedimiento administrativo de "
         "adjudicación} H4 {información de identificación personal sobre un estudiante} H5 {estrategia de "
         "negociación colectiva} H6 {compras que solo pueden hacerse a un único proveedor, o propuestas "
         "competitivas selladas} H7 {litigios inminentes o pendientes} H8 {la compra, adquisición o enajenación "
         "de bienes inmuebles o derechos de agua} other {{heading}}}'' (en inglés, ''{heading}'') y de las "
         "palabras que cualquier cierre podría usar (p. ej., ''la evaluación anual del director ejecutivo'')"},
        {{"count", kSpecificWords}, {"heading", std::string(it->subject)}, {"authority", std::string(it->key)}});
  }
  return nlohmann::json{{"authority", it->key},
                        {"authorities", {it->key}},
                        {"citation", it->citation},
                        {"heading", it->subject},
                        {"subject", subject},
                        {"parts", nlohmann::json::array({{{"authority", it->key},
                                                          {"citation", it->citation},
                                                          {"heading", it->subject},
                                                          {"subject", subject}}})}};
}

Result<nlohmann::json> closed_session_grounds(const nlohmann::json& spec) {
  const auto many = spec.find("grounds");
  if (many == spec.end()) {
    const auto text = [&](const char* key) {
      const auto v = spec.find(key);
      return v != spec.end() && v->is_string() ? v->get<std::string>() : std::string();
    };
    return closed_session_grounds(text("authority"), text("subject"));
  }
  if (!many->is_array() || many->empty() || many->size() > 8) {
    return core::refuse("bad_field", {"C1: grounds are 1 to 8 '{\"authority\", \"subject\"}' pairs",
                                      "C1: grounds son de 1 a 8 pares '{\"authority\", \"subject\"}'"});
  }
  std::vector<nlohmann::json> parts;
  for (const auto& g : *many) {
    if (!g.is_object()) {
      return core::refuse("bad_field", {"C1: each ground is '{\"authority\", \"subject\"}'",
                                        "C1: cada elemento de grounds es '{\"authority\", \"subject\"}'"});
    }
    auto one = closed_session_grounds(g.value("authority", std::string()), g.value("subject", std::string()));
    if (!one) return one.status();
    for (const auto& p : parts) {
      if (p["authority"] == one.value()["authority"]) {
        return core::refuse("bad_field", {"C1: each authority is cited once, with all its subject",
                                          "C1: cada disposición (authority) se cita una sola vez, con todo su "
                                          "asunto"});
      }
    }
    parts.push_back(one.value()["parts"][0]);
  }
  if (parts.size() == 1) return closed_session_grounds(parts[0].value("authority", ""), parts[0].value("subject", ""));
  // One closure under several subsections: "NMSA 1978, Section 10-15-1(H)(2) and (H)(8)", and
  // the subjects, each with its own, joined for the one line the public reads (C3).
  std::string citation = parts[0].value("citation", "");
  std::string subject, heading;
  nlohmann::json keys = nlohmann::json::array();
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) citation += (i + 1 == parts.size() ? " and " : ", ") + subsection(parts[i].value("citation", ""));
    subject += (i > 0 ? "; " : "") + parts[i].value("subject", "") + " (" +
               subsection(parts[i].value("citation", "")) + ")";
    heading += (i > 0 ? "; " : "") + parts[i].value("heading", "");
    keys.push_back(parts[i]["authority"]);
  }
  return nlohmann::json{{"authority", parts[0]["authority"]},
                        {"authorities", keys},
                        {"citation", citation},
                        {"heading", heading},
                        {"subject", subject},
                        {"parts", parts}};
}

core::Arg grounds_arg() {
  using core::Arg;
  return Arg::objects("grounds", {Arg::string("authority").up_to(16), Arg::string("subject").up_to(2000)}).at_most(8);
}

std::string closed_session_line(const nlohmann::json& grounds) {
  return "In closed session under " + grounds.value("citation", std::string("NMSA 1978, Section 10-15-1(H)")) +
         ": " + grounds.value("subject", std::string());
}

}  // namespace collegial::plugins
