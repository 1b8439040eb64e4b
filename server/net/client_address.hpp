// The client's address behind a reverse proxy (--trusted-proxy), for the login throttle.
//
// Only a proxy the operator named may say who its client is: from any other peer the forwarding
// headers are ignored, or a guesser could choose a fresh address for every attempt. Pure
// functions; thread-safe.
#pragma once

#include <array>
#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace collegial::net {

// The proxies whose forwarding headers are believed: addresses, or networks in CIDR notation.
class TrustedProxies {
 public:
  // Adds "192.0.2.7", "10.0.0.0/8", "::1" or "fd00::/8"; false (and nothing added) when `text`
  // is neither.
  bool add(std::string_view text);
  bool contains(const boost::asio::ip::address& address) const;
  bool empty() const { return networks_.empty(); }

 private:
  struct Network {
    bool v6 = false;
    std::array<unsigned char, 16> bytes{};
    int prefix = 0;  // bits that must match
  };
  std::vector<Network> networks_;
};

// An IP address as written in a forwarding header: "192.0.2.7", "192.0.2.7:4711", "2001:db8::1",
// "[2001:db8::1]" or "[2001:db8::1]:4711". IPv4-mapped IPv6 addresses come back as IPv4.
// Nothing for anything else ("unknown", obfuscated "_hidden", garbage).
std::optional<boost::asio::ip::address> parse_forwarded_ip(std::string_view text);

// The address to throttle logins by. `peer` is the socket's; `forwarded` and `x_forwarded_for`
// are the values of the request's Forwarded (RFC 7239) and X-Forwarded-For headers, several
// header lines joined by commas, empty when absent.
//
// When `peer` is not a trusted proxy: `peer`. Otherwise the header the proxy wrote is read from
// the right, skipping trusted proxies, and the first address that is not one is the client's
// (addresses further left were written by whoever sent the request, so could be anything). If
// every address in it is a trusted proxy, the left-most. X-Forwarded-For is preferred when both
// are present, since it is what common proxies append to by default (docs/operations.md). A
// missing or malformed header: `peer` (logged at debug).
std::string client_address(const boost::asio::ip::address& peer, std::string_view forwarded,
                           std::string_view x_forwarded_for, const TrustedProxies& proxies);

// Every line of header `name` in `fields` (a Beast message's), joined by commas: one list, as
// RFC 9110 section 5.3 says. A proxy may add a line of its own rather than extend the client's.
template <class Fields>
std::string header_list(const Fields& fields, std::string_view name) {
  std::string out;
  for (auto [it, end] = fields.equal_range(name); it != end; ++it) {
    if (!out.empty()) out += ", ";
    out += it->value();
  }
  return out;
}

}  // namespace collegial::net
