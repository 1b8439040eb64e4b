#include "cluster/nats_bus.hpp"

#include <nats/nats.h>

#include <climits>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <utility>

#include "util/log.hpp"

namespace collegial::cluster {

namespace {

constexpr const char* kClientName = "collegiald";  // how the server's monitoring names us
// The first connection gives up after this (natsOptions_SetTimeout: the TCP connect and the
// server's first PONG each); the library's default, said here because connect() promises it.
constexpr std::int64_t kConnectTimeoutMs = 2000;
// Between two attempts to reconnect to a server that went away: short, because a node cut off
// from the bus forwards no commands and delivers no other node's events while it waits.
constexpr std::int64_t kReconnectWaitMs = 250;

// The library's words for a failure: its last error on this thread when that is the failure at
// hand (it may say more than the status's fixed text), without the "(conn.c:2088): " of the
// library's source that it begins with.
std::string library_text(natsStatus failure) {
  natsStatus last = NATS_OK;
  const char* last_text = nats_GetLastError(&last);
  if (last != failure || last_text == nullptr || *last_text == '\0')
    return natsStatus_GetText(failure);
  std::string text = last_text;
  const std::size_t source_end = text.find("): ");
  if (text.front() == '(' && source_end != std::string::npos) text.erase(0, source_end + 3);
  return text;
}

// The Status of a failed call (see the header for what each code means to a caller).
Status status_of(natsStatus failure) {
  switch (failure) {
    case NATS_TIMEOUT:
      return Status::error("bus_timeout", "NATS: no answer in time");
    case NATS_NO_RESPONDERS:
      return Status::error("bus_no_responders", "NATS: no one subscribes to the subject");
    case NATS_MAX_PAYLOAD:
      return Status::error("bus_too_large", "NATS: " + library_text(failure));
    default:
      return Status::error("bus_unavailable", "NATS: " + library_text(failure));
  }
}

// The C API measures payloads in int.
bool fits(std::string_view payload) {
  return payload.size() <= static_cast<std::size_t>(INT_MAX);
}

Status too_large(std::string_view payload) {
  return Status::error("bus_too_large",
                       "NATS: a payload of " + std::to_string(payload.size()) + " bytes");
}

// `url` as it may be shown: without the user and password it may carry ("nats://u:p@host").
std::string without_credentials(const std::string& url) {
  const std::size_t scheme = url.find("://");
  const std::size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  const std::size_t at = url.find('@', start);
  if (at == std::string::npos || url.find('/', start) < at) return url;
  return url.substr(0, start) + url.substr(at + 1);
}

// The connection's events, for the operator (on the library's thread for such callbacks).
void on_disconnected(natsConnection* connection, void*) {
  if (natsConnection_IsClosed(connection)) return;  // our own close, not news
  LOG_WARN("NATS connection lost; reconnecting every " << kReconnectWaitMs << " ms");
}

void on_reconnected(natsConnection*, void*) {
  LOG_INFO("NATS connection restored");
}

// Asynchronous errors: above all a slow consumer, a handler that fell so far behind that the
// library dropped messages for it.
void on_error(natsConnection*, natsSubscription* subscription, natsStatus error, void*) {
  const char* subject = subscription ? natsSubscription_GetSubject(subscription) : nullptr;
  LOG_WARN("NATS: " << natsStatus_GetText(error) << (subject ? " on " : "")
                    << (subject ? subject : ""));
}

}  // namespace

// ---- Subscriptions ----

namespace detail {

// Shared by the Subscription and the library: the library's share is released by on_complete,
// the last call it makes for the subscription, so the handler outlives every call of it even
// when the Subscription is destroyed from inside it.
struct Dispatch {
  explicit Dispatch(NatsBus::Handler h) : handler(std::move(h)) {}

  NatsBus::Handler handler;
  std::mutex mutex;
  std::condition_variable finished_changed;
  bool finished = false;  // on_complete ran: the handler will not be called again
};

}  // namespace detail

namespace {

// The Dispatch whose handler this thread is running, if any: lets a Subscription destroyed from
// its own handler know that it must not wait for that handler to return.
thread_local const detail::Dispatch* t_running = nullptr;

// For each message, on the subscription's own thread (the library starts one per subscription,
// so a subscription's messages are handled one at a time, in order).
void on_message(natsConnection*, natsSubscription*, natsMsg* msg, void* closure) {
  auto* dispatch = static_cast<detail::Dispatch*>(closure);
  const std::unique_ptr<natsMsg, decltype(&natsMsg_Destroy)> owned(msg, &natsMsg_Destroy);
  if (msg == nullptr) return;  // only subscriptions with a timeout get none; ours have none
  Message message;
  message.subject = natsMsg_GetSubject(msg);
  if (const char* data = natsMsg_GetData(msg))
    message.payload.assign(data, natsMsg_GetDataLength(msg));
  if (const char* reply = natsMsg_GetReply(msg)) message.reply = reply;
  message.no_responders = natsMsg_IsNoResponders(msg);
  // Nothing may unwind into the C library: a handler's exception ends with the message.
  t_running = dispatch;
  try {
    dispatch->handler(message);
  } catch (const std::exception& e) {
    LOG_ERROR("NATS handler for " << message.subject << " threw, message dropped: " << e.what());
  } catch (...) {
    LOG_ERROR("NATS handler for " << message.subject << " threw, message dropped");
  }
  t_running = nullptr;
}

// After the subscription is closed and its handler has returned for the last time.
void on_complete(void* closure) {
  const std::unique_ptr<std::shared_ptr<detail::Dispatch>> share(
      static_cast<std::shared_ptr<detail::Dispatch>*>(closure));
  detail::Dispatch& dispatch = **share;
  // Notified under the lock: a destructor woken by it cannot free the mutex before we leave it.
  std::lock_guard lock(dispatch.mutex);
  dispatch.finished = true;
  dispatch.finished_changed.notify_all();
}

}  // namespace

Subscription::Subscription(std::string subject, natsSubscription* sub,
                           std::shared_ptr<detail::Dispatch> dispatch)
    : subject_(std::move(subject)), sub_(sub), dispatch_(std::move(dispatch)) {}

Subscription::~Subscription() {
  // Closes the subscription whatever it answers: removed from the connection (or already
  // closed with it), it gets no message after the one its handler may be handling now.
  natsSubscription_Unsubscribe(sub_);
  if (t_running != dispatch_.get()) {
    std::unique_lock lock(dispatch_->mutex);
    dispatch_->finished_changed.wait(lock, [&] { return dispatch_->finished; });
  }
  natsSubscription_Destroy(sub_);
}

// ---- The connection ----

std::unique_ptr<NatsBus> NatsBus::connect(const std::string& url, Status& status) {
  natsOptions* raw = nullptr;
  natsStatus s = natsOptions_Create(&raw);  // opens the library on first use
  const std::unique_ptr<natsOptions, decltype(&natsOptions_Destroy)> options(raw,
                                                                             &natsOptions_Destroy);
  if (s == NATS_OK) s = natsOptions_SetURL(raw, url.c_str());
  if (s == NATS_OK) s = natsOptions_SetName(raw, kClientName);
  if (s == NATS_OK) s = natsOptions_SetTimeout(raw, kConnectTimeoutMs);
  // The first connect is tried once: a node told a wrong address should say so, not wait.
  if (s == NATS_OK) s = natsOptions_SetRetryOnFailedConnect(raw, false, nullptr, nullptr);
  // After that, a server that went away is waited for without end (-1: no limit).
  if (s == NATS_OK) s = natsOptions_SetAllowReconnect(raw, true);
  if (s == NATS_OK) s = natsOptions_SetMaxReconnect(raw, -1);
  if (s == NATS_OK) s = natsOptions_SetReconnectWait(raw, kReconnectWaitMs);
  if (s == NATS_OK) s = natsOptions_SetDisconnectedCB(raw, on_disconnected, nullptr);
  if (s == NATS_OK) s = natsOptions_SetReconnectedCB(raw, on_reconnected, nullptr);
  if (s == NATS_OK) s = natsOptions_SetErrorHandler(raw, on_error, nullptr);
  natsConnection* connection = nullptr;
  if (s == NATS_OK) s = natsConnection_Connect(&connection, raw);  // copies the options
  if (s != NATS_OK) {
    status =
        Status::error("bus_unavailable", "cannot connect to NATS at " + without_credentials(url) +
                                             ": " + library_text(s));
    return nullptr;
  }
  status = Status::ok();
  return std::unique_ptr<NatsBus>(new NatsBus(connection));
}

NatsBus::~NatsBus() {
  // Closes the connection (its subscriptions with it) and frees it once the library's threads
  // let go of it.
  natsConnection_Destroy(connection_);
}

Status NatsBus::publish(const std::string& subject, std::string_view payload) {
  if (!fits(payload)) return too_large(payload);
  const natsStatus s = natsConnection_Publish(connection_, subject.c_str(), payload.data(),
                                              static_cast<int>(payload.size()));
  return s == NATS_OK ? Status::ok() : status_of(s);
}

Status NatsBus::publish_request(const std::string& subject, const std::string& reply, std::string_view payload) {
  if (!fits(payload)) return too_large(payload);
  const natsStatus s = natsConnection_PublishRequest(connection_, subject.c_str(), reply.c_str(), payload.data(),
                                                     static_cast<int>(payload.size()));
  return s == NATS_OK ? Status::ok() : status_of(s);
}

Status NatsBus::flush(std::chrono::milliseconds timeout) {
  const natsStatus s = natsConnection_FlushTimeout(connection_, timeout.count());
  return s == NATS_OK ? Status::ok() : status_of(s);
}

Result<std::unique_ptr<Subscription>> NatsBus::subscribe(const std::string& subject,
                                                         Handler handler) {
  return subscribe_to(subject, nullptr, std::move(handler));
}

Result<std::unique_ptr<Subscription>> NatsBus::subscribe_queue(const std::string& subject,
                                                               const std::string& queue,
                                                               Handler handler) {
  return subscribe_to(subject, &queue, std::move(handler));
}

Result<std::unique_ptr<Subscription>> NatsBus::subscribe_to(const std::string& subject,
                                                            const std::string* queue,
                                                            Handler handler) {
  auto dispatch = std::make_shared<detail::Dispatch>(std::move(handler));
  natsSubscription* sub = nullptr;
  const natsStatus s =
      queue ? natsConnection_QueueSubscribe(&sub, connection_, subject.c_str(), queue->c_str(),
                                            on_message, dispatch.get())
            : natsConnection_Subscribe(&sub, connection_, subject.c_str(), on_message,
                                       dispatch.get());
  if (s != NATS_OK) return status_of(s);
  // The library's share of the Dispatch, given back by on_complete.
  auto* share = new std::shared_ptr<detail::Dispatch>(dispatch);
  const natsStatus registered = natsSubscription_SetOnCompleteCB(sub, on_complete, share);
  if (registered != NATS_OK) {
    // The connection closed in between (only a bus being destroyed closes it). Then the handler
    // may be running, and nothing will say when it stops: the library keeps its share for good,
    // a few bytes leaked on a path that ends the bus anyway, rather than freed under the handler.
    natsSubscription_Destroy(sub);
    return status_of(registered);
  }
  return std::unique_ptr<Subscription>(new Subscription(subject, sub, std::move(dispatch)));
}

Result<std::string> NatsBus::request(const std::string& subject, std::string_view payload,
                                     std::chrono::milliseconds timeout) {
  if (!fits(payload)) return too_large(payload);
  natsMsg* reply = nullptr;
  const natsStatus s = natsConnection_Request(&reply, connection_, subject.c_str(), payload.data(),
                                              static_cast<int>(payload.size()), timeout.count());
  if (s != NATS_OK) return status_of(s);
  const std::unique_ptr<natsMsg, decltype(&natsMsg_Destroy)> owned(reply, &natsMsg_Destroy);
  const char* data = natsMsg_GetData(reply);
  return data ? std::string(data, natsMsg_GetDataLength(reply)) : std::string();
}

Status NatsBus::respond(const Message& to, std::string_view payload) {
  if (to.reply.empty())
    return Status::error("bus_no_reply", "NATS: the message on " + to.subject +
                                             " was published, not sent as a request");
  return publish(to.reply, payload);
}

bool NatsBus::connected() const {
  return natsConnection_Status(connection_) == NATS_CONN_STATUS_CONNECTED;
}

}  // namespace collegial::cluster
