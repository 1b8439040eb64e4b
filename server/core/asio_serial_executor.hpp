// SerialExecutor on an Asio strand of an io_context.
#pragma once

#include "core/serial_executor.hpp"

namespace boost::asio {
class io_context;
}

namespace collegial::core {

// A factory of strands on `ioc`. `ioc` must outlive every executor made.
SerialExecutorFactory asio_strand_factory(boost::asio::io_context& ioc);

}  // namespace collegial::core
