// An AsyncEvent set by the job's watcher, raced against the client and a timer.
#include "api/job_wait.h"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <mutex>

#include "http/async_event.h"

namespace manimd::api {

namespace asio = boost::asio;

namespace {

// The newest state the watcher saw, handed from its thread to the handler.
struct Latest {
  std::mutex mu;
  jobs::Job job;              // guarded by mu
  std::uint64_t version = 0;  // guarded by mu
};

}  // namespace

asio::awaitable<WaitResult> WaitUntilFinal(jobs::JobService& jobs, const std::string& id,
                                           const http::Exchange* ex,
                                           std::chrono::milliseconds limit) {
  auto executor = co_await asio::this_coro::executor;
  auto done = std::make_shared<http::AsyncEvent>(executor);
  auto latest = std::make_shared<Latest>();
  core::Result<jobs::JobWatch> watch =
      jobs.Watch(id, [done, latest](const jobs::Job& j, std::uint64_t version) {
        std::lock_guard lock(latest->mu);
        if (version < latest->version) return;  // an older state that arrived late
        latest->job = j;
        latest->version = version;
        if (jobs::IsFinal(j.status)) done->Set();
      });
  WaitResult result;
  if (!watch.ok()) {
    result.status = watch.status();
    co_return result;
  }
  asio::steady_timer timer(executor, limit);
  using asio::experimental::awaitable_operators::operator||;
  bool client_gone = false;
  if (ex != nullptr) {
    auto which =
        co_await (done->Wait() || ex->PeerClosed() || timer.async_wait(asio::use_awaitable));
    client_gone = which.index() == 1 && !done->is_set();
  } else {
    co_await (done->Wait() || timer.async_wait(asio::use_awaitable));
  }
  watch->Reset();
  std::lock_guard lock(latest->mu);
  result.job = latest->job;
  result.end = done->is_set() ? WaitEnd::kFinal
               : client_gone  ? WaitEnd::kClientGone
                              : WaitEnd::kTimedOut;
  co_return result;
}

}  // namespace manimd::api
