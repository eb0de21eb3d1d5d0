// An AsyncEvent set by the job's observer, raced against the client and a timer.
#include "api/job_wait.h"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "http/async_event.h"

namespace manimd::api {

namespace asio = boost::asio;

asio::awaitable<WaitEnd> WaitUntilFinal(const std::shared_ptr<jobs::LiveJob>& job,
                                        const http::Exchange* ex, std::chrono::milliseconds limit) {
  auto executor = co_await asio::this_coro::executor;
  auto done = std::make_shared<http::AsyncEvent>(executor);
  jobs::Observation watching = job->Observe([done](const jobs::Job& j, std::uint64_t) {
    if (jobs::IsFinal(j.status)) done->Set();
  });
  if (jobs::IsFinal(job->Snapshot().status)) done->Set();  // before we watched
  asio::steady_timer timer(executor, limit);
  using asio::experimental::awaitable_operators::operator||;
  if (ex != nullptr) {
    auto which =
        co_await (done->Wait() || ex->PeerClosed() || timer.async_wait(asio::use_awaitable));
    if (which.index() == 1 && !done->is_set()) co_return WaitEnd::kClientGone;
  } else {
    co_await (done->Wait() || timer.async_wait(asio::use_awaitable));
  }
  co_return done->is_set() ? WaitEnd::kFinal : WaitEnd::kTimedOut;
}

}  // namespace manimd::api
