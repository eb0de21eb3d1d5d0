// The host side of the fork server protocol (version 1, described in
// runtime/manimd_zygote.py): SOCK_SEQPACKET, one JSON message per packet, the job's log and
// event pipes passed with SCM_RIGHTS.
#include "sandbox/fork_server.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstring>

#include "core/log.h"
#include "sandbox/bwrap_command.h"
#include "sandbox/cgroup.h"
#include "sandbox/helper_command.h"
#include "sandbox/job_dir.h"
#include "sandbox/render_outcome.h"
#include "sandbox/sandbox_layout.h"
#include "sandbox/seccomp_filter.h"
#include "sandbox/spawn.h"
#include "sandbox/verdict.h"
#include "sandbox/watch.h"

namespace manimd::sandbox {
namespace {

constexpr int kReadyTimeoutMs = 60000;  // importing manim on a busy machine

std::optional<boost::json::object> Receive(int fd, int timeout_ms) {
  pollfd p{fd, POLLIN, 0};
  if (poll(&p, 1, timeout_ms) <= 0) return std::nullopt;
  char buf[4096];
  ssize_t n = recv(fd, buf, sizeof buf, 0);
  if (n <= 0) return std::nullopt;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(std::string_view(buf, static_cast<size_t>(n)), ec);
  if (ec || !v.is_object()) return std::nullopt;
  return v.as_object();
}

bool SendJob(int fd, const std::string& message, int log_fd, int events_fd) {
  iovec iov{const_cast<char*>(message.data()), message.size()};
  alignas(cmsghdr) char control[CMSG_SPACE(2 * sizeof(int))] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  cmsghdr* c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(2 * sizeof(int));
  int fds[2] = {log_fd, events_fd};
  std::memcpy(CMSG_DATA(c), fds, sizeof fds);
  return sendmsg(fd, &msg, MSG_NOSIGNAL) == static_cast<ssize_t>(message.size());
}

// A forked job has no process of ours to wait for: the zygote announces its end on the
// control socket. Stopping it means killing everything of the sandbox uid, zygote included.
class ZygoteExit : public ExitSource {
 public:
  ZygoteExit(int control, uid_t uid) : control_(control), uid_(uid) {}
  int fd() const override { return control_; }
  bool Reap(int* wait_status, ProcessUsage* usage) override {
    std::optional<boost::json::object> m = Receive(control_, 0);
    if (!m) {  // the zygote died (a stop kills it with everything of the sandbox uid)
      lost_ = true;
      *wait_status = SIGKILL;
      return true;
    }
    // The zygote never runs user code, so what it says about the job can be trusted:
    // a job it could not isolate (or a request it refused) is our fault, not the scene's.
    if (const boost::json::value* e = m->if_contains("error"); e && e->is_string()) {
      error_ = std::string(e->get_string());
    }
    const boost::json::value* code = m->if_contains("exit");
    const boost::json::value* sig = m->if_contains("signal");
    // The job's rusage as the zygote's wait4 saw it (its forked child and what that reaped).
    auto count = [&m](const char* key) -> std::int64_t {
      const boost::json::value* v = m->if_contains(key);
      return v && v->is_int64() && v->get_int64() >= 0 ? v->get_int64() : 0;
    };
    usage->cpu_ms = count("cpuMs");
    usage->max_rss_bytes = count("maxRssKb") * 1024;
    if (code && code->is_int64() && sig && sig->is_int64()) {
      *wait_status = sig->get_int64() != 0 ? static_cast<int>(sig->get_int64() & 0x7f)
                                           : static_cast<int>((code->get_int64() & 0xff) << 8);
      return true;
    }
    if (!error_.empty()) {  // a refused request has no exit status
      *wait_status = 70 << 8;
      return true;
    }
    return false;
  }
  void KillAll() override { KillAllOfUid(uid_); }
  void Sweep() override {}  // the zygote lives on, under the same uid

  bool lost() const { return lost_; }
  const std::string& error() const { return error_; }

 private:
  int control_;
  uid_t uid_;
  bool lost_ = false;
  std::string error_;
};

}  // namespace

core::Result<std::unique_ptr<ForkServerRunner>> ForkServerRunner::Create(ForkServerOptions options,
                                                                         SlotPool* slots,
                                                                         UidLeases* uids,
                                                                         Runner* cold) {
  core::Result<std::string> strict = BuildSeccompProgram(false);
  if (!strict.ok()) return strict.status();
  core::Result<std::string> relaxed = BuildSeccompProgram(true);
  if (!relaxed.ok()) return relaxed.status();
  return std::unique_ptr<ForkServerRunner>(
      new ForkServerRunner(std::move(options), slots, uids, cold, *strict, *relaxed));
}

ForkServerRunner::ForkServerRunner(ForkServerOptions options, SlotPool* slots, UidLeases* uids,
                                   Runner* cold, std::string strict, std::string relaxed)
    : options_(std::move(options)),
      slots_(slots),
      uids_(uids),
      cold_(cold),
      strict_program_(std::move(strict)),
      relaxed_program_(std::move(relaxed)),
      zygotes_(static_cast<size_t>(slots->size())) {
  launcher_ = std::thread([this] {
    // Signals are for the threads that wait for them (a CLI's sigwait, Asio's handler);
    // the supervisor resets its mask before it starts the sandbox.
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, nullptr);
    std::unique_lock lock(launch_mu_);
    for (;;) {
      launch_cv_.wait(lock, [&] { return launcher_stopping_ || !launches_.empty(); });
      if (launches_.empty()) return;
      auto task = std::move(launches_.front());
      launches_.pop_front();
      lock.unlock();
      task();
      lock.lock();
    }
  });
}

ForkServerRunner::~ForkServerRunner() {
  for (Zygote& z : zygotes_) Stop(z);  // while the launcher thread still lives
  {
    std::lock_guard lock(launch_mu_);
    launcher_stopping_ = true;
  }
  launch_cv_.notify_all();
  launcher_.join();
}

core::Result<pid_t> ForkServerRunner::Launch(const SpawnSpec& spec) {
  std::packaged_task<core::Result<pid_t>()> task([&spec] { return Spawn(spec); });
  std::future<core::Result<pid_t>> result = task.get_future();
  {
    std::lock_guard lock(launch_mu_);
    launches_.push_back(std::move(task));
  }
  launch_cv_.notify_one();
  return result.get();
}

void ForkServerRunner::Stop(Zygote& z) {
  if (z.supervisor > 0) {
    z.control.Reset();  // the zygote's recv sees the end and it exits
    int status = 0;
    for (int i = 0; i < 100 && waitpid(z.supervisor, &status, WNOHANG) == 0; ++i) usleep(10000);
    if (waitpid(z.supervisor, &status, WNOHANG) == 0) {
      kill(-z.supervisor, SIGKILL);
      waitpid(z.supervisor, &status, 0);
    }
  }
  z.supervisor = -1;
  z.jobs = 0;
  z.lease = UidLease();  // nothing runs under its uid any more
}

core::Status ForkServerRunner::Start(Zygote& z, int slot_index) {
  core::Result<UidLease> lease = uids_->Claim(options_.sandbox.slot_wait);
  if (!lease.ok()) return lease.status();
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
    return core::Internal(std::string("socketpair: ") + std::strerror(errno));
  }
  core::UniqueFd ours(sv[0]), theirs(sv[1]);
  SandboxLayout layout = SandboxLayout::For(options_.sandbox.limits);
  core::UniqueFd strict = MakeDataFd("manimd_seccomp_job", strict_program_);
  core::UniqueFd relaxed = MakeDataFd("manimd_seccomp", relaxed_program_);
  core::UniqueFd devnull(open("/dev/null", O_WRONLY | O_CLOEXEC));
  core::Result<std::vector<DataFile>> files = RuntimeDataFiles(layout, /*zygote=*/true);
  if (!strict.valid() || !relaxed.valid() || !devnull.valid() || !files.ok()) {
    return core::Internal("out of file descriptors");
  }
  SpawnSpec spawn;
  BwrapSpec bwrap;
  // control -> 3 and the jobs' strict program -> 4 (the zygote is told both), its own
  // seccomp program -> 5, then manimd's files.
  spawn.keep_fds = {theirs.get(), strict.get(), relaxed.get()};
  bwrap.seccomp_fd = 5;
  for (const DataFile& f : *files) {
    bwrap.data_files.emplace_back(3 + static_cast<int>(spawn.keep_fds.size()), f.path);
    spawn.keep_fds.push_back(f.fd.get());
  }
  bwrap.bwrap = options_.sandbox.bwrap;
  bwrap.runtime_dir = options_.sandbox.runtime_dir;
  bwrap.jobs_dir = options_.sandbox.work_dir;
  bwrap.command = {"python3", "-I", "-B", layout.helper, "--zygote", "3", "4"};
  spawn.argv = BuildBwrapArgs(bwrap, layout);
  if (options_.sandbox.cgroup.enabled()) {  // the zygote, and so every job, joins the uid's
    core::Result<CgroupSlot> cg = CgroupSlot::Prepare(
        options_.sandbox.cgroup, CgroupName(lease->uid(), slot_index), options_.sandbox.limits);
    if (!cg.ok()) return cg.status();
    spawn.cgroup_procs = cg->procs_files();
  }
  spawn.uid = lease->uid();
  spawn.limits = options_.sandbox.limits;
  spawn.output_fd = devnull.get();
  core::Result<pid_t> pid = Launch(spawn);
  if (!pid.ok()) return pid.status();
  theirs.Reset();
  z.supervisor = *pid;
  z.control = std::move(ours);
  z.jobs = 0;
  z.lease = std::move(*lease);
  std::optional<boost::json::object> ready = Receive(z.control.get(), kReadyTimeoutMs);
  if (!ready || !ready->contains("ready")) {
    Stop(z);
    return core::Unavailable("the fork server did not become ready");
  }
  Count(metrics::ForkServerEvent::kStart);
  return core::Status::Ok();
}

core::Status ForkServerRunner::EnsureRunning(Zygote& z, int slot_index) {
  if (z.supervisor > 0) {  // it may have died since its last job: then start a fresh one
    pollfd p{z.control.get(), POLLIN, 0};
    if (poll(&p, 1, 0) != 0) Stop(z);
  }
  if (z.supervisor > 0) return core::Status::Ok();
  return Start(z, slot_index);
}

std::optional<render::RenderResult> ForkServerRunner::RunIn(Zygote& z, const Slot& slot,
                                                            const RenderJob& job,
                                                            const ProgressFn& on_progress,
                                                            const CancelToken& cancel) {
  if (geteuid() != 0) return std::nullopt;  // not root: no sandbox uids, cold renders only
  if (core::Status s = EnsureRunning(z, slot.index()); !s.ok()) {
    core::LogEvent(core::LogLevel::kWarn, "render.fork_fallback",
                   {{"job_id", job.id}, {"reason", s.message()}});
    return std::nullopt;
  }
  core::Result<JobDir> dir =
      JobDir::Create(options_.sandbox.work_dir, z.lease.uid(), "scene.py", job.request.code);
  if (!dir.ok()) {
    render::RenderResult r;
    r.error = render::RenderError::Of(render::ErrorKind::kInternal, dir.status().message());
    return r;
  }
  SandboxLayout layout = SandboxLayout::For(options_.sandbox.limits);
  core::Pipe log = core::Pipe::Make(O_CLOEXEC);
  core::Pipe events = core::Pipe::Make(O_CLOEXEC);
  std::string name = dir->path().substr(dir->path().rfind('/') + 1);
  std::string message =
      R"({"v":1,"job":)" + boost::json::serialize(boost::json::value(name)) + R"(,"layout":)" +
      layout.ZygoteJson() + R"(,"spec":)" +
      BuildHelperSpec(job.request, layout, options_.sandbox.limits.count_seconds) + "}";
  if (!log.read.valid() || !events.read.valid() ||
      !SendJob(z.control.get(), message, log.write.get(), events.write.get())) {
    Stop(z);
    core::LogEvent(core::LogLevel::kWarn, "render.fork_fallback",
                   {{"job_id", job.id}, {"reason", std::string("the fork server is gone")}});
    return std::nullopt;
  }
  log.write.Reset();
  events.write.Reset();
  ++z.jobs;
  return Finish(z, slot, job, *dir, log, events, on_progress, cancel);
}

std::optional<render::RenderResult> ForkServerRunner::Finish(
    Zygote& z, const Slot& slot, const RenderJob& job, const JobDir& dir, core::Pipe& log,
    core::Pipe& events, const ProgressFn& on_progress, const CancelToken& cancel) {
  std::optional<CgroupSlot> cgroup;  // prepared again per job: resets its OOM count
  if (options_.sandbox.cgroup.enabled()) {
    core::Result<CgroupSlot> cg = CgroupSlot::Prepare(
        options_.sandbox.cgroup, CgroupName(z.lease.uid(), slot.index()), options_.sandbox.limits);
    if (cg.ok()) cgroup = std::move(*cg);
  }
  ZygoteExit exit(z.control.get(), *z.lease.uid());
  WatchSpec watch{&exit,         log.read.get(), events.read.get(), &dir, options_.sandbox.limits,
                  z.lease.uid(), job.cpu};
  WatchOutcome outcome = Watch(watch, on_progress, cancel);
  outcome.oom_killed = cgroup && cgroup->OomKilled();
  bool stopped = outcome.stop != StopReason::kNone;
  if (exit.lost() || stopped || !exit.error().empty()) Stop(z);
  if (!exit.error().empty() && !stopped) {
    render::RenderResult r;
    r.error = render::RenderError::Of(render::ErrorKind::kInternal,
                                      "the fork server could not run the job: " + exit.error(), "",
                                      outcome.log_tail);
    return r;
  }
  if (exit.lost() && !stopped && !outcome.result && outcome.scenes.empty()) {
    // It died before the job began (nothing was reported): the job has not run yet.
    core::LogEvent(core::LogLevel::kWarn, "render.fork_fallback",
                   {{"job_id", job.id}, {"reason", std::string("the fork server died")}});
    return std::nullopt;
  }
  if (z.jobs >= options_.max_jobs_per_zygote && z.supervisor > 0) {
    Stop(z);
    Count(metrics::ForkServerEvent::kRecycle);
  }
  return ConcludeRender(dir, std::move(outcome), options_.sandbox.limits, job);
}

render::RenderResult ForkServerRunner::Run(const RenderJob& job, const ProgressFn& on_progress,
                                           const CancelToken& cancel) {
  auto started = std::chrono::steady_clock::now();
  std::optional<render::RenderResult> result;
  {
    core::Result<Slot> slot = slots_->Acquire(options_.sandbox.slot_wait);
    if (!slot.ok()) {
      render::RenderResult r;
      r.error = render::RenderError::Of(render::ErrorKind::kInternal, slot.status().message());
      return r;
    }
    result = RunIn(zygotes_[static_cast<size_t>(slot->index())], *slot, job, on_progress, cancel);
  }  // the slot is free again: a fallback takes one of its own
  if (!result) {
    // Not root (no sandbox uids) is not a fallback: cold is then the only way.
    if (geteuid() == 0) Count(metrics::ForkServerEvent::kFallback);
    result = cold_->Run(job, on_progress, cancel);
  }
  result->seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  result->usage.wall_ms = static_cast<std::int64_t>(result->seconds * 1000);
  return *result;
}

}  // namespace manimd::sandbox
