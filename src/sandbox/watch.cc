// The watch loop: poll() on both pipes with a short timeout, so limits and cancel are
// checked at least every 100 ms whatever the sandbox prints.
#include "sandbox/watch.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>

#include "render/log_tail.h"
#include "render/progress.h"
#include "sandbox/spawn.h"
#include "sandbox/uid_memory.h"

namespace manimd::sandbox {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kPollInterval = std::chrono::milliseconds(100);
constexpr auto kSizeCheckInterval = std::chrono::milliseconds(250);
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

// Reads what is available; false at EOF or error.
bool ReadSome(int fd, std::string* out) {
  char buf[1 << 14];
  ssize_t r = read(fd, buf, sizeof buf);
  if (r < 0 && (errno == EINTR || errno == EAGAIN)) return true;
  if (r <= 0) return false;
  out->assign(buf, static_cast<size_t>(r));
  return true;
}

}  // namespace

WatchOutcome Watch(const WatchSpec& spec, const ProgressFn& on_progress,
                   const CancelToken& cancel) {
  WatchOutcome outcome;
  render::LogTail log;
  render::LineSplitter events;
  render::ProgressTracker tracker;
  const Clock::time_point start = Clock::now();
  const Clock::time_point deadline = start + std::chrono::seconds(spec.limits.wall_seconds);
  Clock::time_point next_size_check = start + kSizeCheckInterval;
  Clock::time_point last_progress = start;
  std::optional<Clock::time_point> exited_at, result_at;
  bool log_open = true, events_open = true, reaped = false;

  std::optional<Clock::time_point> killed_at;
  auto kill_all = [&] {
    if (killed_at || reaped) return;
    killed_at = Clock::now();
    if (spec.uid) {
      KillAllOfUid(*spec.uid);  // bwrap and all it started; the supervisor reaps them
    } else {
      kill(-spec.pid, SIGKILL);  // no slot uid: the supervisor's group, bwrap included
    }
  };
  auto stop = [&](StopReason reason) {
    if (outcome.stop != StopReason::kNone || reaped || killed_at) return;
    outcome.stop = reason;
    kill_all();
  };
  auto handle_event_line = [&](const std::string& line) {
    core::Result<render::WrapperEvent> event = render::ParseWrapperEvent(line);
    if (!event.ok()) return;
    if (const auto* r = std::get_if<render::ResultEvent>(&*event)) {
      if (!outcome.result) {
        outcome.result = *r;
        result_at = Clock::now();
      }
    } else if (const auto* all = std::get_if<render::ScenesEvent>(&*event)) {
      outcome.scenes = all->names;
    } else if (const auto* s = std::get_if<render::SceneEvent>(&*event)) {
      outcome.scene = s->name;
    } else if (const auto* w = std::get_if<render::WarningEvent>(&*event)) {
      auto& seen = outcome.warnings;
      if (seen.size() < kMaxWarnings &&
          std::find(seen.begin(), seen.end(), w->warning) == seen.end())
        seen.push_back(w->warning);
    } else if (tracker.Apply(*event) && on_progress) {
      on_progress(tracker.progress());
      last_progress = Clock::now();
    }
  };

  for (int fd : {spec.log_fd, spec.events_fd}) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  // A pidfd turns the supervisor's exit into a poll event, so the end of a render is
  // seen at once rather than at the next poll timeout.
  bool forked = spec.exit_fd >= 0;
  int pid_fd = forked ? -1 : static_cast<int>(syscall(SYS_pidfd_open, spec.pid, 0));
  while (log_open || events_open || !reaped) {
    pollfd fds[3] = {{log_open ? spec.log_fd : -1, POLLIN, 0},
                     {events_open ? spec.events_fd : -1, POLLIN, 0},
                     {reaped ? -1 : (forked ? spec.exit_fd : pid_fd), POLLIN, 0}};
    poll(fds, 3, static_cast<int>(kPollInterval.count()));
    std::string chunk;
    if (fds[0].revents) {
      log_open = ReadSome(spec.log_fd, &chunk);
      log.Append(chunk);
    }
    if (fds[1].revents) {
      chunk.clear();
      events_open = ReadSome(spec.events_fd, &chunk);
      for (const std::string& line : events.Feed(chunk)) handle_event_line(line);
    }
    if (forked && !reaped && fds[2].revents) {
      if (spec.read_exit(&outcome.wait_status)) {
        reaped = true;
        exited_at = Clock::now();
      }
    } else if (!forked && !reaped) {
      pid_t got = waitpid(spec.pid, &outcome.wait_status, WNOHANG);
      if (got == spec.pid) {
        reaped = true;
        exited_at = Clock::now();
        if (spec.uid) KillAllOfUid(*spec.uid);  // nothing of this job outlives it
      }
    }
    Clock::time_point now = Clock::now();
    if (exited_at && now - *exited_at > kDrainGrace) break;
    if (reaped) continue;
    if (killed_at && now - *killed_at > kRekill) {
      killed_at.reset();  // something outlived SIGKILL's first round: go again
      kill_all();
    }
    if (on_progress && now - last_progress >= kHeartbeat) {
      on_progress(tracker.progress());
      last_progress = now;
    }
    if (result_at) {
      // The verdict is in and no limit may overrule it now; whatever still runs after the
      // grace is the scene's leftovers.
      if (now - *result_at > kExitGrace) kill_all();
    } else if (cancel.cancelled()) {
      stop(StopReason::kCancelled);
    } else if (now >= deadline) {
      stop(StopReason::kTimeout);
    } else if (now >= next_size_check) {
      next_size_check = now + kSizeCheckInterval;
      if (spec.dir && spec.dir->UsedBytes(spec.limits.output_bytes) > spec.limits.output_bytes) {
        stop(StopReason::kOutputLimit);
      } else if (spec.uid && MemoryOfUid(*spec.uid) > spec.limits.memory_bytes) {
        stop(StopReason::kMemoryLimit);  // the slot uid is this render's alone
      }
    }
  }
  if (pid_fd >= 0) close(pid_fd);
  if (std::string rest = events.TakeRest(); !rest.empty()) handle_event_line(rest);
  outcome.log_tail = log.Text();
  outcome.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return outcome;
}

}  // namespace manimd::sandbox
