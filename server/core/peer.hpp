// A connected client as rooms see it: somewhere to queue serialized server messages.
//
// Rooms hold peers and call them from their own strands; the WebSocket session is the real
// implementation (server/net/ws_session). Nothing here knows about sockets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "i18n/lang.hpp"

namespace collegial::core {

// One serialized server message (an event, ack or error), built once and shared read-only by
// every recipient's queue.
using Frame = std::shared_ptr<const std::string>;

class Peer {
 public:
  virtual ~Peer() = default;

  // Queues `message`. Thread-safe and non-blocking. Returns false when the peer is closing:
  // it was closed, or this message would take its queue past queue_limit(), in which case the
  // peer is closed with close code 4008 (slow consumer) and the message is dropped.
  virtual bool send(Frame message) = 0;

  // When frames handed to send_all() should leave.
  enum class Flush {
    now,   // at once if the socket is idle: latency first
    soon,  // the caller has more to send shortly (a busy room): the peer may hold these back a
           // moment so that they leave together with what follows, in one frame
  };

  // Queues `frames` in order as one unit, so that they leave in one write when the socket is
  // idle (a vote and its tally arrive together, with one system call). Same contract as send()
  // for each frame; returns false as soon as one is refused.
  virtual bool send_all(const Frame* frames, std::size_t count, Flush /*flush*/) {
    for (std::size_t i = 0; i < count; ++i) {
      if (!send(frames[i])) return false;
    }
    return true;
  }

  // Bytes queued and not yet written to the socket. Thread-safe.
  virtual std::size_t queued_bytes() const = 0;

  // The most bytes the queue may hold. Constant for the peer's life.
  virtual std::size_t queue_limit() const = 0;

  // Calls `fn` once, from any thread, when the queue next becomes empty (at once if it is
  // empty now). Never calls it if the peer closes first. Thread-safe.
  virtual void when_drained(std::function<void()> fn) = 0;

  // Ends the connection with WebSocket close `code` and `reason` after the frames already
  // queued (a room that can no longer serve this subscriber says so, and the client rejoins:
  // docs/protocol.md lists the codes). Thread-safe; idempotent. Peers that are not connections
  // (an HTTP request's one answer) ignore it.
  virtual void close(std::uint16_t /*code*/, std::string /*reason*/) {}

  // The language the client's messages are answered in (refusals, errors): chosen by the
  // upgrade request (`?lang=`, the language cookie, Accept-Language), then by the client
  // (hello's and language's `lang`). Thread-safe. Default: English.
  virtual i18n::Lang lang() const { return i18n::Lang::en; }
  virtual void set_lang(i18n::Lang /*lang*/) {}

  // The client's hello carried valid credentials: from now on this is a member's or a bot's
  // connection, not the public's (the server's connection limits count the two apart).
  // Called once, on the connection's strand. Default: nothing.
  virtual void authenticated() {}
};

}  // namespace collegial::core
