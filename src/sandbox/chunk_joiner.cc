// The join sandbox: a job directory with the chunk copies and a concat list, the render's
// bwrap recipe around the runtime's ffmpeg, a bounded wait, the joined file copied out.
#include "sandbox/chunk_joiner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "sandbox/bwrap_command.h"
#include "sandbox/job_dir.h"
#include "sandbox/sandbox_layout.h"
#include "sandbox/seccomp_filter.h"
#include "sandbox/spawn.h"

namespace manimd::sandbox {
namespace {

namespace fs = std::filesystem;
constexpr size_t kMaxLogBytes = 4096;  // ffmpeg's last words, for the error message

std::string Extension(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  return ext.empty() ? ext : ext.substr(1);
}

// The concat list names the copies by fixed relative names, never by a path the scene
// chose: the demuxer's safe mode then needs no exception.
std::string ConcatList(size_t count, const std::string& ext) {
  std::string list = "ffconcat version 1.0\n";
  for (size_t i = 0; i < count; ++i) list += "file chunk-" + std::to_string(i) + "." + ext + "\n";
  return list;
}

std::vector<std::string> FfmpegCommand(const std::string& ext) {
  // -map 0: every stream of the chunks; -c copy: packets as they are (no re-encoding).
  return {"/usr/bin/ffmpeg",
          "-nostdin",
          "-hide_banner",
          "-loglevel",
          "error",
          "-f",
          "concat",
          "-i",
          "chunks.txt",
          "-map",
          "0",
          "-c",
          "copy",
          "-y",
          "joined." + ext};
}

// Waits for the supervisor, keeping the tail of its output; kills everything of the
// sandbox on cancel or past the wall limit. Returns the wait status, or an error.
core::Result<int> Wait(pid_t pid, std::optional<uid_t> uid, int log_fd, int wall_seconds,
                       const CancelToken& cancel, std::string* log) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wall_seconds);
  core::Status stop = core::Status::Ok();
  for (;;) {
    pollfd p{log_fd, POLLIN, 0};
    if (poll(&p, 1, 100) > 0) {
      char buf[1024];
      ssize_t n = read(log_fd, buf, sizeof buf);
      if (n > 0) log->append(buf, static_cast<size_t>(n));
      if (log->size() > kMaxLogBytes) log->erase(0, log->size() - kMaxLogBytes);
    }
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      if (!stop.ok()) return stop;
      return status;
    }
    if (stop.ok() && cancel.cancelled()) stop = core::Unavailable("cancelled");
    if (stop.ok() && std::chrono::steady_clock::now() > deadline) {
      stop = core::Status(core::Code::kDeadlineExceeded, "joining the chunks took longer than " +
                                                             std::to_string(wall_seconds) + " s");
    }
    if (!stop.ok()) uid ? KillAllOfUid(*uid) : static_cast<void>(kill(-pid, SIGKILL));
  }
}

}  // namespace

core::Result<std::unique_ptr<SandboxJoiner>> SandboxJoiner::Create(BwrapRunnerOptions options,
                                                                   UidLeases* uids) {
  core::Result<std::string> seccomp = BuildSeccompProgram();
  if (!seccomp.ok()) return seccomp.status();
  return std::unique_ptr<SandboxJoiner>(new SandboxJoiner(std::move(options), uids, *seccomp));
}

core::Result<std::int64_t> SandboxJoiner::Join(const std::vector<std::string>& inputs,
                                               const std::string& dest, const CancelToken& cancel) {
  if (inputs.empty()) return core::InvalidArgument("no chunks to join");
  std::string ext = Extension(inputs.front());
  core::Result<UidLease> lease = uids_->Claim(options_.slot_wait);
  if (!lease.ok()) return lease.status();
  core::Result<JobDir> dir =
      JobDir::Create(options_.work_dir, lease->uid(), "chunks.txt", ConcatList(inputs.size(), ext));
  if (!dir.ok()) return dir.status();
  for (size_t i = 0; i < inputs.size(); ++i) {
    fs::path copy = fs::path(dir->path()) / ("chunk-" + std::to_string(i) + "." + ext);
    std::error_code ec;
    fs::copy_file(inputs[i], copy, ec);
    // Readable by the sandbox uid, which owns the directory but not what we put there.
    if (!ec)
      fs::permissions(copy,
                      fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                          fs::perms::others_read,
                      ec);
    if (ec) return core::Internal("copying chunk " + std::to_string(i) + ": " + ec.message());
  }

  SandboxLayout layout = SandboxLayout::For(options_.limits);
  core::Pipe log = core::Pipe::Make(O_CLOEXEC);
  core::UniqueFd seccomp = MakeDataFd("manimd_seccomp", seccomp_program_);
  if (!log.read.valid() || !seccomp.valid()) return core::Internal("out of file descriptors");
  BwrapSpec bwrap;
  bwrap.bwrap = options_.bwrap;
  bwrap.runtime_dir = options_.runtime_dir;
  bwrap.job_dir = dir->path();
  bwrap.seccomp_fd = 3;
  bwrap.command = FfmpegCommand(ext);
  SpawnSpec spawn;
  spawn.argv = BuildBwrapArgs(bwrap, layout);
  spawn.keep_fds = {seccomp.get()};
  spawn.uid = lease->uid();
  spawn.limits = options_.limits;
  spawn.output_fd = log.write.get();
  core::Result<pid_t> pid = Spawn(spawn);
  log.write.Reset();  // or the pipe never reaches EOF
  if (!pid.ok()) return pid.status();

  std::string tail;
  core::Result<int> status =
      Wait(*pid, lease->uid(), log.read.get(), options_.limits.wall_seconds, cancel, &tail);
  if (!status.ok()) return status.status();
  if (!WIFEXITED(*status) || WEXITSTATUS(*status) != 0) {
    return core::Internal("joining the chunks failed (ffmpeg status " + std::to_string(*status) +
                          "): " + tail);
  }
  return dir->CopyOut("joined." + ext, dest);
}

}  // namespace manimd::sandbox
