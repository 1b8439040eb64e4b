// Work that must run one item at a time, in order: the room's strand.
//
// Rooms take their executor from a factory so that core/ does not include Asio in its headers
// and tests can drive rooms on a plain io_context.
#pragma once

#include <functional>
#include <memory>

namespace collegial::core {

class SerialExecutor {
 public:
  virtual ~SerialExecutor() = default;
  // Runs `work` after everything posted before it, never concurrently with other work posted
  // here. Thread-safe.
  virtual void post(std::function<void()> work) = 0;
};

using SerialExecutorFactory = std::function<std::unique_ptr<SerialExecutor>()>;

}  // namespace collegial::core
