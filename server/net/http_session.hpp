// HTTP/1.1 on an accepted socket: /healthz, 404s, and the upgrade to a WebSocket on /ws.
#pragma once

#include "net/server_context.hpp"
#include "net/streams.hpp"

namespace collegial::net {

// Serves HTTP on `socket` until it closes or upgrades.
void start_http_session(tcp::socket&& socket, ServerContext& context);

// Same, after a TLS handshake with `tls` (only https and wss are served then).
void start_https_session(tcp::socket&& socket, asio::ssl::context& tls, ServerContext& context);

// Whether a WebSocket upgrade with this Origin header may proceed: no Origin (not a browser),
// an Origin whose host equals the Host header (same origin), or one listed in `allowed` ("*"
// allows every origin).
bool origin_allowed(std::string_view origin, std::string_view host,
                    const std::vector<std::string>& allowed);

}  // namespace collegial::net
