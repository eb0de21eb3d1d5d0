// The sandbox blocks a thread for the whole dry run, so it runs on the blocking pool and
// signals the handler's coroutine through an AsyncEvent.
#include "api/validation_run.h"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>

#include "api/validations.h"

namespace manimd::api {

namespace asio = boost::asio;

asio::awaitable<ValidationOutcome> RunValidation(const ApiDeps& deps, render::RenderRequest request,
                                                 const http::Exchange& ex,
                                                 std::shared_ptr<http::AsyncEvent> stop) {
  ValidationOutcome outcome;
  request.dry_run = true;
  auto pass = std::make_shared<ValidationPass>();
  if (!deps.validations->TryAdd(pass)) {
    outcome.end = ValidationOutcome::End::kBusy;
    outcome.busy =
        core::Unavailable("too many validations at once (" +
                          std::to_string(deps.validations->limit()) + "); try again shortly");
    co_return outcome;
  }
  auto executor = co_await asio::this_coro::executor;
  auto done = std::make_shared<http::AsyncEvent>(executor);
  if (!stop) stop = std::make_shared<http::AsyncEvent>(executor);  // never set
  asio::post(*deps.blocking, [&deps, pass, done, request = std::move(request)] {
    sandbox::RenderJob job{request, "", "validate"};
    pass->result = deps.runner->Run(job, {}, pass->cancel);
    deps.validations->Remove(pass);
    done->Set();
  });
  using asio::experimental::awaitable_operators::operator||;
  co_await (done->Wait() || ex.PeerClosed() || stop->Wait());
  if (!done->is_set()) {
    pass->cancel.Cancel();  // the client left or gave up: stop the sandbox
    outcome.end = ValidationOutcome::End::kStopped;
    co_return outcome;
  }
  outcome.result = std::move(pass->result);
  co_return outcome;
}

}  // namespace manimd::api
