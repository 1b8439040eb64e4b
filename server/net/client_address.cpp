#include "net/client_address.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "util/log.hpp"

namespace collegial::net {
namespace {

namespace ip = boost::asio::ip;

// IPv4-mapped IPv6 (a dual-stack socket's view of an IPv4 peer) as plain IPv4, so that one
// client has one key and "10.0.0.0/8" matches it.
ip::address normalized(const ip::address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped()) {
    return ip::make_address_v4(ip::v4_mapped, a.to_v6());
  }
  return a;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool all_digits(std::string_view s, std::size_t max_length) {
  return !s.empty() && s.size() <= max_length &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

std::optional<ip::address> parse_plain(std::string_view text) {
  boost::system::error_code ec;
  const auto a = ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  return normalized(a);
}

// RFC 7230 tchar: what a Forwarded parameter name or unquoted value is made of.
bool is_tchar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// The for= value of each element of a Forwarded header, left to right ("" where an element has
// none); nothing when the header does not parse (RFC 7239 section 4).
std::optional<std::vector<std::string>> forwarded_for_values(std::string_view h) {
  std::vector<std::string> out(1);
  std::size_t i = 0;
  const auto skip_spaces = [&] {
    while (i < h.size() && (h[i] == ' ' || h[i] == '\t')) ++i;
  };
  while (true) {
    skip_spaces();
    if (i == h.size()) break;
    if (h[i] == ',') {
      out.emplace_back();
      ++i;
      continue;
    }
    if (h[i] == ';') {
      ++i;
      continue;
    }
    std::size_t start = i;
    while (i < h.size() && is_tchar(h[i])) ++i;
    if (i == start || i == h.size() || h[i] != '=') return std::nullopt;
    std::string name(h.substr(start, i - start));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    ++i;
    std::string value;
    if (i < h.size() && h[i] == '"') {
      for (++i; i < h.size() && h[i] != '"'; ++i) {
        if (h[i] == '\\' && ++i == h.size()) return std::nullopt;
        value += h[i];
      }
      if (i == h.size()) return std::nullopt;  // unterminated
      ++i;
    } else {
      start = i;
      while (i < h.size() && is_tchar(h[i])) ++i;
      value = h.substr(start, i - start);
      if (value.empty()) return std::nullopt;
    }
    if (name == "for") {
      if (!out.back().empty()) return std::nullopt;  // two for= in one element
      out.back() = std::move(value);
    }
    skip_spaces();
    if (i < h.size() && h[i] != ',' && h[i] != ';') return std::nullopt;
  }
  return out;
}

std::vector<std::string> split_commas(std::string_view s) {
  std::vector<std::string> out;
  while (true) {
    const auto comma = s.find(',');
    out.emplace_back(trimmed(s.substr(0, comma)));
    if (comma == std::string_view::npos) return out;
    s.remove_prefix(comma + 1);
  }
}

std::string_view shortened(std::string_view s) {
  return s.substr(0, 200);
}

}  // namespace

bool TrustedProxies::add(std::string_view text) {
  const auto slash = text.find('/');
  const auto a = parse_plain(text.substr(0, slash));
  if (!a) return false;
  Network n;
  n.v6 = a->is_v6();
  if (n.v6) {
    n.bytes = a->to_v6().to_bytes();
  } else {
    const auto b = a->to_v4().to_bytes();
    std::copy(b.begin(), b.end(), n.bytes.begin());
  }
  const int bits = n.v6 ? 128 : 32;
  n.prefix = bits;
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    if (!all_digits(digits, 3)) return false;
    const auto parsed = std::from_chars(digits.data(), digits.data() + digits.size(), n.prefix);
    if (parsed.ec != std::errc() || n.prefix > bits) return false;
  }
  networks_.push_back(n);
  return true;
}

bool TrustedProxies::contains(const ip::address& address) const {
  const ip::address a = normalized(address);
  std::array<unsigned char, 16> bytes{};
  if (a.is_v6()) {
    bytes = a.to_v6().to_bytes();
  } else {
    const auto b = a.to_v4().to_bytes();
    std::copy(b.begin(), b.end(), bytes.begin());
  }
  return std::any_of(networks_.begin(), networks_.end(), [&](const Network& n) {
    if (n.v6 != a.is_v6()) return false;
    const int whole = n.prefix / 8;
    if (!std::equal(bytes.begin(), bytes.begin() + whole, n.bytes.begin())) return false;
    const int rest = n.prefix % 8;
    if (rest == 0) return true;
    const auto mask = static_cast<unsigned char>(0xFF << (8 - rest));
    return (bytes[whole] & mask) == (n.bytes[whole] & mask);
  });
}

std::optional<ip::address> parse_forwarded_ip(std::string_view text) {
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view after = text.substr(close + 1);
    if (!after.empty() && !(after.front() == ':' && all_digits(after.substr(1), 5))) {
      return std::nullopt;
    }
    return parse_plain(text.substr(1, close - 1));
  }
  if (auto a = parse_plain(text)) return a;
  // IPv4 with a port.
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || text.find(':', colon + 1) != std::string_view::npos ||
      !all_digits(text.substr(colon + 1), 5)) {
    return std::nullopt;
  }
  auto a = parse_plain(text.substr(0, colon));
  if (!a || !a->is_v4()) return std::nullopt;
  return a;
}

std::string client_address(const ip::address& peer, std::string_view forwarded,
                           std::string_view x_forwarded_for, const TrustedProxies& proxies) {
  const ip::address from = normalized(peer);
  if (!proxies.contains(from)) return from.to_string();
  std::vector<std::string> chain;
  std::string_view header;
  if (!trimmed(x_forwarded_for).empty()) {
    header = x_forwarded_for;
    chain = split_commas(x_forwarded_for);
  } else if (!trimmed(forwarded).empty()) {
    header = forwarded;
    auto values = forwarded_for_values(forwarded);
    if (!values) {
      LOG_DEBUG("unreadable Forwarded header from proxy " << from << ": " << shortened(forwarded));
      return from.to_string();
    }
    chain = std::move(*values);
  } else {
    return from.to_string();  // the proxy's own request (a health check, say)
  }
  std::optional<ip::address> leftmost;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const auto a = parse_forwarded_ip(*it);
    if (!a) {
      LOG_DEBUG("unreadable client address in a forwarding header from proxy "
                << from << ": " << shortened(header));
      return from.to_string();
    }
    if (!proxies.contains(*a)) return a->to_string();
    leftmost = a;
  }
  return leftmost->to_string();  // every hop a trusted proxy
}

}  // namespace collegial::net
