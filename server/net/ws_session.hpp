// The WebSocket side of a connection: frames in, queued frames out.
//
// Reads run one at a time and hand each text frame to core::Connection. Writes come from any
// thread through Peer::send into a queue bounded in bytes; one write is in flight at a time, and
// when several messages are queued they leave together as one frame holding a JSON array of
// them (docs/protocol.md, "Batched frames"). A peer whose queue would pass the bound is closed
// with 4008 and may rejoin with `since`.
#pragma once

#include "net/server_context.hpp"
#include "net/streams.hpp"

namespace collegial::net {

// Takes over `stream` (an upgrade request just read from it), completes the WebSocket
// handshake and runs the session until it closes. `unread` holds bytes the client sent after
// the request that were read with it (a first frame in the same TCP write as the upgrade):
// they are the session's first input.
template <class Stream>
void start_ws_session(Stream&& stream, Request request, std::string unread, ServerContext& context);

extern template void start_ws_session<PlainStream>(PlainStream&&, Request, std::string, ServerContext&);
extern template void start_ws_session<TlsStream>(TlsStream&&, Request, std::string, ServerContext&);

}  // namespace collegial::net
