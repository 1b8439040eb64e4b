// HTTP/1.1 on an accepted socket: /healthz, 404s, and the upgrade to a WebSocket on /ws.
#pragma once

#include "net/connection_limits.hpp"
#include "net/server_context.hpp"
#include "net/streams.hpp"

namespace collegial::net {

// Serves HTTP on `socket` until it closes or upgrades.
// `slot` counts the socket until it closes (it goes with the socket to a WebSocket session).
void start_http_session(tcp::socket&& socket, SocketSlot slot, ServerContext& context);

// Same, after a TLS handshake with `tls` (only https and wss are served then).
void start_https_session(tcp::socket&& socket, SocketSlot slot, asio::ssl::context& tls,
                         ServerContext& context);

// Whether a WebSocket upgrade with this Origin header may proceed: no Origin (not a browser),
// an Origin whose host equals the Host header (same origin), or one listed in `allowed` ("*"
// allows every origin).
bool origin_allowed(std::string_view origin, std::string_view host,
                    const std::vector<std::string>& allowed);

}  // namespace collegial::net
