// SerialExecutor on an Asio strand of an io_context.
#pragma once

#include "core/serial_executor.hpp"
#include "core/shared_work.hpp"

namespace boost::asio {
class io_context;
}

namespace collegial::core {

// A factory of strands on `ioc`. `ioc` must outlive every executor made.
SerialExecutorFactory asio_strand_factory(boost::asio::io_context& ioc);

// A helper that posts work to `ioc`, for whichever of its threads is free first.
Helper asio_helper(boost::asio::io_context& ioc);

}  // namespace collegial::core
