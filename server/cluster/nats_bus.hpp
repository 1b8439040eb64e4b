// The message bus between collegiald nodes: one connection to a NATS server.
//
// Several nodes share one PostgreSQL and one NATS server (docs/architecture.md, "Several nodes:
// the design"). A room's commands are forwarded to the node holding its lease by request/reply,
// and the events it commits are published for the other nodes to deliver. This file is only the
// plumbing beneath that: a small C++ face on the NATS C client (Debian's libnats 3.4) that
// speaks in Status and Result, as the rest of the server does, and owns what the C API leaves to
// its caller: freeing every message, and knowing when a callback can no longer run.
//
// What the bus promises, and what it does not:
//
// - At most once. NATS keeps no messages: one published while no one subscribes, or while a
//   connection is down, may be lost. Whoever needs every message (the events of a room) numbers
//   them and reads a gap from PostgreSQL, which stays the only record.
// - In order per publisher and subject: the messages one connection publishes on a subject reach
//   each subscriber in the order they were published, and a subscription's handler is called
//   for one message at a time, in that order.
// - It outlives the server's restarts. The connection reconnects forever, every ~250 ms, and
//   subscriptions are renewed on the new connection; meanwhile publish() keeps what it is given in
//   the library's reconnect buffer (8 MiB), which is sent once the connection is back. A renewed
//   subscription, like a new one, is in force once the server has read it, which may be after a
//   message another connection publishes meanwhile (lost to it, to be read back); a flush() that
//   returns ok after connected() turns true says that it is.
//
// Threads: the library reads the socket on its own thread and calls each subscription's
// handler on a thread of its own. A handler must therefore be thread-safe, and quick: while it
// runs, the next messages of its subscription wait (and past the library's limit of pending
// messages, they are dropped). It may call any NatsBus function, respond() above all.
//
// The library's process-wide state (its threads, its timers) is left for the process to end:
// nats_Close() would tear it down for every connection in the process, including other owners'.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "util/result.hpp"
#include "util/status.hpp"

// The C client's handles (nats.h's natsConnection, natsSubscription), declared here so that the
// header does not bring the whole C API to every file that includes it.
struct __natsConnection;
struct __natsSubscription;

namespace collegial::cluster {

namespace detail {
struct Dispatch;  // a subscription's handler, and the signal that its last call has returned
}

// One message as a handler sees it. `payload` is bytes, not text: any byte, NUL included.
struct Message {
  std::string subject;
  std::string payload;
  std::string reply;  // where a request wants its answer (NatsBus::respond); empty for a publish
  // The server's word, on the reply subject of publish_request(), that nobody subscribes to the
  // request's subject (the payload is then empty).
  bool no_responders = false;
};

// Interest in a subject, for as long as this object lives.
//
// The destructor removes the interest and then waits until the handler is not running: once it
// has returned, the handler is never called again, so it may use anything that the
// Subscription's owner destroys next. (The C API alone does not promise that: a handler may still
// be running, or about to run, when natsSubscription_Unsubscribe returns.) The one exception is
// a handler that destroys its own Subscription: the destructor cannot wait for the handler that
// called it, so it returns at once, and that running call is the last.
//
// A Subscription may outlive its NatsBus: when the connection is closed it simply receives
// nothing more.
class Subscription {
 public:
  ~Subscription();
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;

  const std::string& subject() const { return subject_; }

 private:
  friend class NatsBus;

  Subscription(std::string subject, __natsSubscription* sub,
               std::shared_ptr<detail::Dispatch> dispatch);

  std::string subject_;
  __natsSubscription* sub_;
  std::shared_ptr<detail::Dispatch> dispatch_;
};

class NatsBus {
 public:
  // Called on the library's thread for each message (see the header's comment on threads). An
  // exception that escapes it is logged and the message dropped.
  using Handler = std::function<void(const Message&)>;

  // Connects to the NATS server at `url` ("nats://host:port"), as client "collegiald".
  //
  // The first connection is tried once (for at most ~2 s): when no server answers, returns null
  // with `status` set to `bus_unavailable` and the library's words, rather than waiting for one.
  // Once connected, a lost connection is retried forever, every ~250 ms.
  static std::unique_ptr<NatsBus> connect(const std::string& url, Status& status);

  // Closes the connection: the subscriptions still alive receive nothing more. It does not wait
  // for their handlers, so no call of this object may be in progress on another thread: destroy
  // first the Subscriptions whose handlers use the bus (respond() from a handler is such a use).
  ~NatsBus();
  NatsBus(const NatsBus&) = delete;
  NatsBus& operator=(const NatsBus&) = delete;

  // Every function below may be called from any thread, handlers included.
  //
  // Errors: `bus_unavailable` (the connection is closed, or the reconnect buffer is full, with
  // the library's words), `bus_too_large` (a payload over the server's max_payload, 1 MiB by
  // default), and the codes each function names.

  // Sends `payload` on `subject` to whoever subscribes now. Ok means the library took it (into
  // its outgoing buffer, or its reconnect buffer while the connection is down), not that anyone
  // received it; flush() waits until the server has it.
  Status publish(const std::string& subject, std::string_view payload);

  // Sends `payload` on `subject` as a request whose answer is to be published on `reply` (a
  // subject the caller subscribes to): request() without waiting, for callers that keep several
  // requests in flight in order. When nobody subscribes to `subject`, the server says so on
  // `reply` (Message::no_responders).
  Status publish_request(const std::string& subject, const std::string& reply, std::string_view payload);

  // Sends what is buffered and waits until the server has answered a PING sent after it, so
  // that everything published before the call has reached the server (not the subscribers).
  // Fails with `bus_timeout` after `timeout`, which is also what happens while the connection is
  // down (the PING waits in the reconnect buffer), unless it comes back in time.
  Status flush(std::chrono::milliseconds timeout);

  // Calls `handler` for each message on `subject` (wildcards allowed: "collegial.room.*.events",
  // "collegial.>") until the returned Subscription is destroyed. The interest is on its way to the
  // server when the call returns, and may reach it after a message another connection publishes
  // just after: flush() first if that matters.
  Result<std::unique_ptr<Subscription>> subscribe(const std::string& subject, Handler handler);

  // The same, as one member of the queue group `queue`: each message on `subject` goes to one
  // member of the group only (chosen by the server), whichever connection it is on.
  Result<std::unique_ptr<Subscription>> subscribe_queue(const std::string& subject,
                                                        const std::string& queue, Handler handler);

  // Sends `payload` on `subject` and waits up to `timeout` for the first answer, which it
  // returns. Fails with `bus_no_responders` at once when the server knows that no one
  // subscribes to `subject` (nats-server 2.2 and later say so), and with `bus_timeout` when no
  // answer came in time: the subscriber was slow or lost it, or the connection was down and did
  // not come back in time (a request made while it is down waits in the reconnect buffer, and
  // may still be answered if it does).
  Result<std::string> request(const std::string& subject, std::string_view payload,
                              std::chrono::milliseconds timeout);

  // Answers the request `to` (publishes `payload` on its reply subject). Fails with `bus_no_reply`
  // when `to` was published rather than sent as a request.
  Status respond(const Message& to, std::string_view payload);

  // Whether the connection is up now (false while it reconnects). Only a hint: it may change
  // right after the call.
  bool connected() const;

 private:
  explicit NatsBus(__natsConnection* connection) : connection_(connection) {}

  Result<std::unique_ptr<Subscription>> subscribe_to(const std::string& subject,
                                                     const std::string* queue, Handler handler);

  __natsConnection* connection_;
};

}  // namespace collegial::cluster
