// The watch loop: poll() on both pipes and the exit source with a short timeout, so limits
// and cancel are checked at least every 100 ms whatever the sandbox prints.
#include "sandbox/watch.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>

#include "render/log_tail.h"
#include "render/progress.h"
#include "sandbox/uid_memory.h"

namespace manimd::sandbox {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kPollInterval = std::chrono::milliseconds(100);
// The job directory is summed often (fallocate is denied, so disk fills at write speed);
// memory less often: reading every process's smaps_rollup costs milliseconds.
constexpr auto kSizeCheckInterval = std::chrono::milliseconds(100);
constexpr auto kMemoryCheckInterval = std::chrono::milliseconds(250);
// Progress reaches the job at most this often (each report updates the job and wakes
// every client watching it); the newest state always gets through.
constexpr auto kProgressInterval = std::chrono::milliseconds(100);
// Progress is repeated at least this often, so a terminal clock or a client's stream
// keeps moving through long stretches without events (LaTeX, a slow first frame).
constexpr auto kHeartbeat = std::chrono::seconds(1);
// After the sandbox exits, how long to keep reading pipes some straggler might hold.
constexpr auto kDrainGrace = std::chrono::seconds(2);
// After the helper's verdict, how long the sandbox may take to exit before it is killed
// (a scene's leftover processes or threads must not hold the job hostage).
constexpr auto kExitGrace = std::chrono::milliseconds(500);
// Killing is repeated this often until the supervisor has reaped everything.
constexpr auto kRekill = std::chrono::seconds(1);
// Bytes read per pipe per budget window. The helper's own events are a few hundred bytes
// a second and logs rarely more than a few KB; a scene flooding either just blocks on
// its full pipe while the host spends at most this much parsing.
constexpr auto kBudgetWindow = std::chrono::milliseconds(100);
constexpr size_t kEventBudget = 16 << 10;
constexpr size_t kLogBudget = 256 << 10;

// One pipe: open until EOF, read at most `budget` bytes per window.
struct Reader {
  int fd;
  size_t budget;
  size_t left;
  bool open = true;
  bool wants() const { return open && left > 0; }
  // Reads what is available within the budget; closes at EOF or error.
  std::string Read() {
    char buf[1 << 14];
    ssize_t r = read(fd, buf, std::min(sizeof buf, left));
    if (r < 0 && (errno == EINTR || errno == EAGAIN)) return {};
    if (r <= 0) {
      open = false;
      return {};
    }
    left -= static_cast<size_t>(r);
    return std::string(buf, static_cast<size_t>(r));
  }
};

class Watcher {
 public:
  Watcher(const WatchSpec& spec, const ProgressFn& on_progress, const CancelToken& cancel)
      : spec_(spec), on_progress_(on_progress), cancel_(cancel) {
    // A fork server's zygote runs as the slot uid too: what it used before counts not.
    if (spec_.cpu && spec_.uid) cpu_base_ = CpuMsOfUid(*spec_.uid);
  }

  WatchOutcome Run();

 private:
  void HandleEvent(const std::string& line);
  void Stop(StopReason reason);
  void KillAll();
  void ReportProgress(Clock::time_point now, bool force);
  void CheckLimits(Clock::time_point now);
  void SampleCpu(Clock::time_point now);

  const WatchSpec& spec_;
  const ProgressFn& on_progress_;
  const CancelToken& cancel_;
  WatchOutcome outcome_;
  render::LogTail log_;
  render::LineSplitter events_;
  render::ProgressTracker tracker_;
  const Clock::time_point start_ = Clock::now();
  Clock::time_point next_size_check_ = start_ + kSizeCheckInterval;
  Clock::time_point next_memory_check_ = start_ + kMemoryCheckInterval;
  Clock::time_point next_cpu_sample_ = start_ + kMemoryCheckInterval;
  std::int64_t cpu_base_ = 0;
  Clock::time_point last_report_ = start_;
  bool progress_pending_ = false;
  std::optional<Clock::time_point> result_at_, killed_at_;
  bool reaped_ = false;
};

void Watcher::HandleEvent(const std::string& line) {
  core::Result<render::WrapperEvent> event = render::ParseWrapperEvent(line);
  if (!event.ok()) return;
  if (const auto* r = std::get_if<render::ResultEvent>(&*event)) {
    if (!outcome_.result) {
      outcome_.result = *r;
      result_at_ = Clock::now();
    }
  } else if (const auto* all = std::get_if<render::ScenesEvent>(&*event)) {
    outcome_.scenes = all->names;
  } else if (const auto* s = std::get_if<render::SceneEvent>(&*event)) {
    outcome_.scene = s->name;
  } else if (std::holds_alternative<render::StartedEvent>(*event)) {
    outcome_.started = true;
  } else if (const auto* w = std::get_if<render::WarningEvent>(&*event)) {
    auto& seen = outcome_.warnings;
    if (seen.size() < kMaxWarnings && std::find(seen.begin(), seen.end(), w->warning) == seen.end())
      seen.push_back(w->warning);
  } else if (tracker_.Apply(*event)) {
    progress_pending_ = true;
  }
}

void Watcher::KillAll() {
  if (killed_at_ || reaped_) return;
  killed_at_ = Clock::now();
  spec_.exit->KillAll();
}

void Watcher::Stop(StopReason reason) {
  if (outcome_.stop != StopReason::kNone || reaped_ || killed_at_) return;
  outcome_.stop = reason;
  KillAll();
}

void Watcher::ReportProgress(Clock::time_point now, bool force) {
  if (!on_progress_) return;
  bool due = progress_pending_ && (force || now - last_report_ >= kProgressInterval);
  if (due || now - last_report_ >= kHeartbeat) {
    on_progress_(tracker_.progress());
    last_report_ = now;
    progress_pending_ = false;
  }
}

void Watcher::CheckLimits(Clock::time_point now) {
  if (killed_at_ && now - *killed_at_ > kRekill) {
    killed_at_.reset();  // something outlived SIGKILL's first round: go again
    KillAll();
  }
  if (result_at_) {
    // The verdict is in and no limit may overrule it now; whatever still runs after the
    // grace is the scene's leftovers.
    if (now - *result_at_ > kExitGrace) KillAll();
  } else if (cancel_.cancelled()) {
    Stop(StopReason::kCancelled);
  } else if (now >= start_ + std::chrono::seconds(spec_.limits.wall_seconds)) {
    Stop(StopReason::kTimeout);
  } else if (now >= next_size_check_) {
    next_size_check_ = now + kSizeCheckInterval;
    if (spec_.dir && spec_.dir->UsedBytes(spec_.limits.output_bytes) > spec_.limits.output_bytes) {
      Stop(StopReason::kOutputLimit);
    } else if (spec_.uid && now >= next_memory_check_) {
      next_memory_check_ = now + kMemoryCheckInterval;
      // The sandbox uid is this render's alone.
      if (MemoryOfUid(*spec_.uid) > spec_.limits.memory_bytes) Stop(StopReason::kMemoryLimit);
    }
  }
}

void Watcher::SampleCpu(Clock::time_point now) {
  if (!spec_.cpu || !spec_.uid || now < next_cpu_sample_) return;
  next_cpu_sample_ = now + kMemoryCheckInterval;
  spec_.cpu->Set(std::max<std::int64_t>(0, CpuMsOfUid(*spec_.uid) - cpu_base_));
}

WatchOutcome Watcher::Run() {
  Reader log{spec_.log_fd, kLogBudget, kLogBudget};
  Reader events{spec_.events_fd, kEventBudget, kEventBudget};
  for (int fd : {log.fd, events.fd}) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  Clock::time_point window_end = start_ + kBudgetWindow;
  std::optional<Clock::time_point> exited_at;
  while (log.open || events.open || !reaped_) {
    Clock::time_point now = Clock::now();
    if (now >= window_end) {
      window_end = now + kBudgetWindow;
      log.left = log.budget;
      events.left = events.budget;
    }
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::min<Clock::duration>(kPollInterval, window_end - now));
    pollfd fds[3] = {{log.wants() ? log.fd : -1, POLLIN, 0},
                     {events.wants() ? events.fd : -1, POLLIN, 0},
                     {reaped_ ? -1 : spec_.exit->fd(), POLLIN, 0}};
    poll(fds, 3, static_cast<int>(std::max<std::int64_t>(wait.count(), 1)));
    if (fds[0].revents) log_.Append(log.Read());
    if (fds[1].revents) {
      for (const std::string& line : events_.Feed(events.Read())) HandleEvent(line);
    }
    bool news = fds[2].revents != 0 || spec_.exit->fd() < 0;  // no fd: ask every round
    if (!reaped_ && news && spec_.exit->Reap(&outcome_.wait_status, &outcome_.usage)) {
      reaped_ = true;
      exited_at = Clock::now();
      spec_.exit->Sweep();  // nothing of this job outlives it
    }
    now = Clock::now();
    if (exited_at && now - *exited_at > kDrainGrace) break;
    ReportProgress(now, false);
    if (!reaped_) {
      CheckLimits(now);
      SampleCpu(now);
    }
  }
  if (std::string rest = events_.TakeRest(); !rest.empty()) HandleEvent(rest);
  if (progress_pending_) ReportProgress(Clock::now(), true);
  outcome_.log_tail = log_.Text();
  outcome_.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  return std::move(outcome_);
}

}  // namespace

WatchOutcome Watch(const WatchSpec& spec, const ProgressFn& on_progress,
                   const CancelToken& cancel) {
  return Watcher(spec, on_progress, cancel).Run();
}

}  // namespace manimd::sandbox
