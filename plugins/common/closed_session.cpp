#include "common/closed_session.hpp"

#include <algorithm>
#include <cctype>

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

std::string lower_trimmed(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == ' ') {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  while (!out.empty() && out.front() == ' ') out.erase(out.begin());
  return out;
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
    return Status::error("bad_field", "C1: name the authority for closing, one of " + keys +
                                          " (NMSA 1978, Section 10-15-1(H)(n))");
  }
  if (subject.size() < 20 || lower_trimmed(subject) == lower_trimmed(std::string(it->subject))) {
    return Status::error("not_specific",
                         "C1: state the subject with reasonable specificity, not only '" +
                             std::string(it->subject) + "' (e.g. 'the evaluation of the "
                             "executive director')");
  }
  return nlohmann::json{{"authority", it->key},
                        {"citation", it->citation},
                        {"heading", it->subject},
                        {"subject", subject}};
}

std::string closed_session_line(const nlohmann::json& grounds) {
  return "In closed session under " + grounds.value("citation", std::string("NMSA 1978, Section 10-15-1(H)")) +
         ": " + grounds.value("subject", std::string());
}

}  // namespace collegial::plugins
