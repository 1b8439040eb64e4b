#include "core/asio_serial_executor.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

namespace collegial::core {
namespace {

class StrandExecutor final : public SerialExecutor {
 public:
  explicit StrandExecutor(boost::asio::io_context& ioc) : strand_(boost::asio::make_strand(ioc)) {}
  void post(std::function<void()> work) override { boost::asio::post(strand_, std::move(work)); }

 private:
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
};

}  // namespace

Helper asio_helper(boost::asio::io_context& ioc) {
  return [&ioc](std::function<void()> work) { boost::asio::post(ioc, std::move(work)); };
}

SerialExecutorFactory asio_strand_factory(boost::asio::io_context& ioc) {
  return [&ioc] { return std::make_unique<StrandExecutor>(ioc); };
}

}  // namespace collegial::core
