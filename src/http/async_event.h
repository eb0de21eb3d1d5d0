// AsyncEvent: lets a coroutine wait for something another thread (a render worker)
// signals. Set() is thread-safe; Wait() runs on the waiter's executor and can be
// cancelled (e.g. raced against Exchange::PeerClosed with awaitable operators). Reset()
// makes it reusable for repeated signals; a waiter may then wake once spuriously, so it
// re-checks what it waits for.
#pragma once

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>

namespace manimd::http {

class AsyncEvent : public std::enable_shared_from_this<AsyncEvent> {
 public:
  // Create with std::make_shared; the executor is the waiter's.
  explicit AsyncEvent(const boost::asio::any_io_executor& executor)
      : timer_(executor, boost::asio::steady_timer::time_point::max()) {}

  // Wakes the waiter (now or when it next waits). Any thread.
  void Set() {
    set_.store(true);
    boost::asio::post(timer_.get_executor(),
                      [self = shared_from_this()] { self->timer_.cancel(); });
  }
  bool is_set() const { return set_.load(); }
  // Clears the signal. Call from the executor's thread only.
  void Reset() { set_.store(false); }

  // Completes once Set() was called. Call from the executor's thread only.
  boost::asio::awaitable<void> Wait() {
    if (set_.load()) co_return;
    // Ends when Set() cancels the timer, or when the caller's own cancellation does.
    auto [ec] = co_await timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    (void)ec;
  }

 private:
  std::atomic<bool> set_{false};
  boost::asio::steady_timer timer_;
};

}  // namespace manimd::http
