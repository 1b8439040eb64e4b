// The open connections that act on credentials (a session or bot token), so that a change to
// those credentials reaches sockets already open (issue #15: a socket's authority follows its
// credentials, at once). A logout, a bot's revocation or a change of memberships asks every
// watched connection to resolve its token again; the connection closes itself (4010) when the
// token no longer stands for anyone, or takes up the new roles when it does.
//
// Connections that send nothing are the reason this exists: a connection also checks before
// each request it handles (Accounts::generation()), but a stolen token on an idle socket would
// otherwise go on receiving a body's closed sessions after its owner logged out.
//
// Thread-safe. recheck_all() only posts: each connection checks on its own strand.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <unordered_map>

namespace collegial::core {

class CredentialWatch {
 public:
  // Asks one connection to check its credentials: must be thread-safe and return at once
  // (it posts to the connection's strand), and must do nothing once that connection is gone.
  using Recheck = std::function<void()>;

  // Starts watching; the id stops it.
  std::uint64_t add(Recheck recheck);
  void remove(std::uint64_t id);

  // Asks every watched connection to check its credentials now.
  void recheck_all();

  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::uint64_t next_id_ = 1;
  std::unordered_map<std::uint64_t, Recheck> watched_;
};

}  // namespace collegial::core
