// The client's address behind trusted reverse proxies (--trusted-proxy).
#include "net/client_address.hpp"

#include <catch2/catch.hpp>

using namespace collegial::net;
namespace ip = boost::asio::ip;

namespace {

TrustedProxies proxies(std::initializer_list<const char*> list) {
  TrustedProxies p;
  for (const char* text : list) REQUIRE(p.add(text));
  return p;
}

}  // namespace

TEST_CASE("trusted proxies are addresses or CIDR networks", "[client_address]") {
  TrustedProxies p = proxies({"127.0.0.1", "10.0.0.0/8", "192.168.1.128/25", "fd00::/8", "::1"});
  CHECK(p.contains(ip::make_address("127.0.0.1")));
  CHECK_FALSE(p.contains(ip::make_address("127.0.0.2")));
  CHECK(p.contains(ip::make_address("10.200.3.4")));
  CHECK_FALSE(p.contains(ip::make_address("11.0.0.1")));
  CHECK(p.contains(ip::make_address("192.168.1.200")));
  CHECK_FALSE(p.contains(ip::make_address("192.168.1.127")));
  CHECK(p.contains(ip::make_address("fd12::5")));
  CHECK_FALSE(p.contains(ip::make_address("fe80::1")));
  CHECK(p.contains(ip::make_address("::1")));
  CHECK(p.contains(ip::make_address("::ffff:10.1.2.3")));  // a dual-stack socket's IPv4 peer
  CHECK_FALSE(proxies({}).contains(ip::make_address("127.0.0.1")));
  TrustedProxies bad;
  CHECK_FALSE(bad.add("localhost"));
  CHECK_FALSE(bad.add("10.0.0.0/33"));
  CHECK_FALSE(bad.add("10.0.0.0/"));
  CHECK_FALSE(bad.add("10.0.0.0/-1"));
  CHECK_FALSE(bad.add("::/129"));
  CHECK(bad.empty());
  CHECK(bad.add("0.0.0.0/0"));
  CHECK(bad.contains(ip::make_address("8.8.8.8")));
  CHECK_FALSE(bad.contains(ip::make_address("::1")));
}

TEST_CASE("forwarded addresses may carry ports and brackets", "[client_address]") {
  CHECK(parse_forwarded_ip("192.0.2.60")->to_string() == "192.0.2.60");
  CHECK(parse_forwarded_ip("192.0.2.60:4711")->to_string() == "192.0.2.60");
  CHECK(parse_forwarded_ip("2001:db8::17")->to_string() == "2001:db8::17");
  CHECK(parse_forwarded_ip("[2001:db8::17]")->to_string() == "2001:db8::17");
  CHECK(parse_forwarded_ip("[2001:db8::17]:4711")->to_string() == "2001:db8::17");
  CHECK(parse_forwarded_ip("::ffff:192.0.2.60")->to_string() == "192.0.2.60");
  CHECK_FALSE(parse_forwarded_ip("unknown"));
  CHECK_FALSE(parse_forwarded_ip("_hidden"));
  CHECK_FALSE(parse_forwarded_ip(""));
  CHECK_FALSE(parse_forwarded_ip("192.0.2.60:"));
  CHECK_FALSE(parse_forwarded_ip("192.0.2.60:port"));
  CHECK_FALSE(parse_forwarded_ip("[2001:db8::17"));
  CHECK_FALSE(parse_forwarded_ip("[2001:db8::17]x"));
  CHECK_FALSE(parse_forwarded_ip("example.org"));
}

TEST_CASE("without a trusted proxy the peer is the client whatever the headers say",
          "[client_address]") {
  const auto peer = ip::make_address("198.51.100.7");
  CHECK(client_address(peer, "for=1.2.3.4", "1.2.3.4", proxies({})) == "198.51.100.7");
  CHECK(client_address(peer, "for=1.2.3.4", "1.2.3.4", proxies({"127.0.0.1"})) == "198.51.100.7");
  CHECK(client_address(ip::make_address("::ffff:198.51.100.7"), "", "", proxies({})) ==
        "198.51.100.7");
}

TEST_CASE("behind trusted proxies the right-most untrusted X-Forwarded-For address is the client",
          "[client_address]") {
  const auto peer = ip::make_address("127.0.0.1");
  const TrustedProxies p = proxies({"127.0.0.1", "10.0.0.0/8"});
  CHECK(client_address(peer, "", "203.0.113.9", p) == "203.0.113.9");
  // The client wrote "1.2.3.4" itself; the proxy appended what it saw.
  CHECK(client_address(peer, "", "1.2.3.4, 203.0.113.9", p) == "203.0.113.9");
  // Two proxies in a row.
  CHECK(client_address(peer, "", "1.2.3.4,203.0.113.9 , 10.1.1.1", p) == "203.0.113.9");
  CHECK(client_address(peer, "", "10.2.2.2, 10.1.1.1", p) == "10.2.2.2");  // all proxies
  CHECK(client_address(peer, "", "[2001:db8::5]:443", p) == "2001:db8::5");
  // Preferred over Forwarded, which a proxy that does not write it passes on from the client.
  CHECK(client_address(peer, "for=1.2.3.4", "203.0.113.9", p) == "203.0.113.9");
  // The proxy's own request, and malformed headers: the proxy's address.
  CHECK(client_address(peer, "", "", p) == "127.0.0.1");
  CHECK(client_address(peer, "", "1.2.3.4, garbage", p) == "127.0.0.1");
  CHECK(client_address(peer, "", "203.0.113.9,", p) == "127.0.0.1");
  // A garbage entry left of the client's does not matter: it is never read.
  CHECK(client_address(peer, "", "garbage, 203.0.113.9", p) == "203.0.113.9");
}

TEST_CASE("behind trusted proxies the Forwarded header is read by RFC 7239", "[client_address]") {
  const auto peer = ip::make_address("127.0.0.1");
  const TrustedProxies p = proxies({"127.0.0.1", "10.0.0.0/8"});
  CHECK(client_address(peer, "for=192.0.2.60;proto=http;by=203.0.113.43", "", p) == "192.0.2.60");
  CHECK(client_address(peer, "For=\"[2001:db8:cafe::17]:4711\"", "", p) == "2001:db8:cafe::17");
  CHECK(client_address(peer, "for=1.2.3.4, for=192.0.2.60", "", p) == "192.0.2.60");
  CHECK(client_address(peer, "for=1.2.3.4, for=192.0.2.60;proto=https, for=10.0.0.2", "", p) ==
        "192.0.2.60");
  CHECK(client_address(peer, "for=\"192.0.2.60:80\" ; proto=https", "", p) == "192.0.2.60");
  // Malformed, obfuscated or missing for=: the proxy's address.
  CHECK(client_address(peer, "for=unknown", "", p) == "127.0.0.1");
  CHECK(client_address(peer, "for=_hidden", "", p) == "127.0.0.1");
  CHECK(client_address(peer, "proto=https", "", p) == "127.0.0.1");
  CHECK(client_address(peer, "for=\"192.0.2.60", "", p) == "127.0.0.1");
  CHECK(client_address(peer, "for=2001:db8::1", "", p) == "127.0.0.1");  // must be quoted
  CHECK(client_address(peer, "for=1.2.3.4;for=5.6.7.8", "", p) == "127.0.0.1");
  CHECK(client_address(peer, "=1.2.3.4", "", p) == "127.0.0.1");
}
