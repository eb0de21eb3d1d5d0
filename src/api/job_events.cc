// GET /api/jobs/{id}/events: Server-Sent Events for one job. `status` and `progress`
// events as they happen, a final `done` carrying the job object, and a comment every
// SSE_HEARTBEAT_S while nothing happens. Event ids are the job's change count, so a
// client reconnecting with Last-Event-ID gets the current state and then the rest; a
// finished job answers `done` at once.
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/json/serialize.hpp>
#include <mutex>

#include "api/api.h"
#include "api/error_reply.h"
#include "api/job_json.h"
#include "api/tenant_jobs.h"
#include "http/async_event.h"
#include "http/sse.h"
#include "render/result_json.h"

namespace manimd::api {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

// The newest state of the job, handed from the worker thread to the stream.
struct Mailbox {
  std::mutex mu;
  jobs::Job job;              // guarded by mu
  std::uint64_t version = 0;  // guarded by mu
  bool has = false;           // guarded by mu: a state arrived
};

class JobEventStream {
 public:
  JobEventStream(const ApiDeps& deps, http::Exchange& ex) : deps_(deps), ex_(ex), sse_(ex) {}

  // Sends what changed since the last call; false when the client is gone or the job
  // ended (after `done`).
  asio::awaitable<bool> Send(const jobs::Job& job, std::uint64_t version) {
    std::string id = std::to_string(version);
    if (!sent_any_ || job.status != last_.status) {
      json::object status{{"jobId", job.id}, {"status", jobs::JobStatusName(job.status)}};
      if (!co_await sse_.Event("status", json::serialize(status), id)) co_return false;
    }
    if (!jobs::IsFinal(job.status) && (!sent_any_ || !(job.progress == last_.progress))) {
      if (!co_await sse_.Event("progress",
                               json::serialize(render::ProgressJson(job.progress, false)), id))
        co_return false;
    }
    sent_any_ = true;
    last_ = job;
    if (!jobs::IsFinal(job.status)) co_return true;
    json::object done = JobJson(job, View(deps_, ex_), false);
    co_await sse_.Event("done", json::serialize(done), id);
    co_return false;
  }

  asio::awaitable<http::Response> Run() {
    auto executor = co_await asio::this_coro::executor;
    auto wake = std::make_shared<http::AsyncEvent>(executor);
    auto mailbox = std::make_shared<Mailbox>();
    // The watch delivers the current state at once (a finished job: the whole story is
    // one `done`), then every change, from wherever the job runs.
    core::Result<jobs::JobWatch> watch =
        JobsFor(deps_, ex_)
            .Watch(ex_.job_id, [wake, mailbox](const jobs::Job& j, std::uint64_t version) {
              {
                std::lock_guard lock(mailbox->mu);
                if (mailbox->has && version <= mailbox->version) return;
                mailbox->job = j;
                mailbox->version = version;
                mailbox->has = true;
              }
              wake->Set();
            });
    if (!watch.ok()) {
      co_return StatusReply(watch.status().code() == core::Code::kNotFound
                                ? core::NotFound("no job " + ex_.job_id)
                                : watch.status());
    }
    jobs::Job now;
    std::uint64_t sent = 0;
    {
      std::lock_guard lock(mailbox->mu);
      now = mailbox->job;
      sent = mailbox->version;
    }
    wake->Reset();
    bool open = co_await sse_.Start() && co_await Send(now, sent);
    using asio::experimental::awaitable_operators::operator||;
    while (open) {
      asio::steady_timer heartbeat(executor, std::chrono::seconds(deps_.config->sse_heartbeat_s));
      auto woke =
          co_await (wake->Wait() || heartbeat.async_wait(asio::use_awaitable) || ex_.PeerClosed());
      if (woke.index() == 2) break;  // the client left
      if (woke.index() == 1) {
        open = co_await sse_.Comment("keep-alive");
        continue;
      }
      wake->Reset();
      jobs::Job job;
      {
        std::lock_guard lock(mailbox->mu);
        if (mailbox->version <= sent) continue;  // a spurious wake
        job = mailbox->job;
        sent = mailbox->version;
      }
      open = co_await Send(job, sent);
    }
    co_return std::monostate{};
  }

 private:
  const ApiDeps& deps_;
  http::Exchange& ex_;
  http::SseWriter sse_;
  jobs::Job last_;
  bool sent_any_ = false;
};

asio::awaitable<http::Response> JobEvents(const ApiDeps& deps, http::Exchange& ex) {
  ex.job_id = ex.params.at("id");
  JobEventStream stream(deps, ex);
  co_return co_await stream.Run();
}

}  // namespace

void AddJobEventRoutes(const ApiDeps& deps, http::Router* router) {
  router->Add(http::beast_http::verb::get, "/api/jobs/{id}/events",
              [&deps](http::Exchange& ex) { return JobEvents(deps, ex); });
}

}  // namespace manimd::api
