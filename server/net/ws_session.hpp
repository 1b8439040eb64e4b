// The WebSocket side of a connection: frames in, queued frames out.
//
// Reads run one at a time and hand each text frame to core::Connection. Writes come from any
// thread through Peer::send into a queue bounded in bytes; one write is in flight at a time, and
// when several messages are queued they leave together as one frame holding a JSON array of
// them (docs/protocol.md, "Batched frames"). A peer whose queue would pass the bound is closed
// with 4008 and may rejoin with `since`.
#pragma once

#include "net/connection_limits.hpp"
#include "net/server_context.hpp"
#include "net/streams.hpp"

namespace collegial::net {

// What a WebSocket holds in the server's counts: its socket, and until its hello carries a token,
// its place among the public's connections.
struct WsSlots {
  SocketSlot socket;
  PublicSlot place;
};

// Takes over `stream` (an upgrade request just read from it), completes the WebSocket
// handshake and runs the session until it closes. `unread` holds bytes the client sent after
// the request that were read with it (a first frame in the same TCP write as the upgrade):
// they are the session's first input. A place borrowed from the reserve must authenticate within
// config.reserve_hello_timeout, or the socket is closed with 4011.
template <class Stream>
void start_ws_session(Stream&& stream, Request request, std::string unread, WsSlots slots,
                      ServerContext& context);

extern template void start_ws_session<PlainStream>(PlainStream&&, Request, std::string, WsSlots,
                                                   ServerContext&);
extern template void start_ws_session<TlsStream>(TlsStream&&, Request, std::string, WsSlots,
                                                 ServerContext&);

}  // namespace collegial::net
