// fork/exec with only async-signal-safe calls in the child: everything the child needs
// (argv array, fd plan) is built before fork, because a threaded server may fork.
#include "sandbox/spawn.h"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/check.h"
#include "sandbox/cgroup.h"

namespace manimd::sandbox {
namespace {

[[noreturn]] void ChildFail(int report_fd, int err) {
  (void)!write(report_fd, &err, sizeof err);
  _exit(127);
}

// Descriptors the supervisor moves out of the way sit at or above this, well clear of the
// 0..2 + kMaxKeptFds targets it then fills.
constexpr int kParkFd = 64;
static_assert(3 + kMaxKeptFds < kParkFd);

// Closes every descriptor from `first` up, except `keep`. close_range() reaches every
// number there is; the server may hold connections far above 1024, and one left open
// would hand a client's socket to the sandbox.
int CloseAllFrom(int first, int keep) {
  if (keep >= first) {
    if (keep > first && close_range(first, keep - 1, 0) != 0) return errno;
    return close_range(keep + 1, ~0U, 0) != 0 ? errno : 0;
  }
  return close_range(first, ~0U, 0) != 0 ? errno : 0;
}

// The grandchild: drops to the sandbox uid and becomes bwrap.
[[noreturn]] void ExecMain(const SpawnSpec& spec, char* const* argv,
                           const std::vector<const char*>& cgroups, int report_fd) {
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) ChildFail(report_fd, errno);
  if (int err = JoinCgroups(cgroups); err != 0) ChildFail(report_fd, err);  // still root here
  if (spec.uid) {
    gid_t gid = *spec.uid;
    if (setgroups(0, nullptr) != 0 || setresgid(gid, gid, gid) != 0 ||
        setresuid(*spec.uid, *spec.uid, *spec.uid) != 0) {
      ChildFail(report_fd, errno);
    }
  }
  char* empty_env[] = {nullptr};
  execve(argv[0], argv, empty_env);
  ChildFail(report_fd, errno);
}

// The supervisor: stays root, is a child subreaper, and reaps every process of the
// sandbox before exiting with bwrap's status. Without it, bwrap's inner init can outlive
// the outer bwrap and linger as a zombie of the host's PID 1, which counts against the
// sandbox uid's RLIMIT_NPROC until that init gets round to reaping it.
[[noreturn]] void SupervisorMain(const SpawnSpec& spec, char* const* argv,
                                 const std::vector<const char*>& cgroups, int report_fd) {
  // A CLI blocks SIGINT/SIGTERM to sigwait() for them; the sandbox must not inherit that.
  sigset_t none;
  sigemptyset(&none);
  if (sigprocmask(SIG_SETMASK, &none, nullptr) != 0) ChildFail(report_fd, errno);
  if (setpgid(0, 0) != 0) ChildFail(report_fd, errno);
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) ChildFail(report_fd, errno);
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) ChildFail(report_fd, errno);
  // Park the report pipe and every kept fd out of the target range first, so that dup2
  // never clobbers a source (the report pipe could be any number, 4 included).
  int report = fcntl(report_fd, F_DUPFD_CLOEXEC, kParkFd);
  if (report < 0) ChildFail(report_fd, errno);
  report_fd = report;
  int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (devnull < 0) ChildFail(report_fd, errno);
  int moved[kMaxKeptFds];
  size_t n = spec.keep_fds.size();  // Spawn() checked it is at most kMaxKeptFds
  for (size_t i = 0; i < n; ++i) {
    moved[i] = fcntl(spec.keep_fds[i], F_DUPFD_CLOEXEC, kParkFd);
    if (moved[i] < 0) ChildFail(report_fd, errno);
  }
  int out = fcntl(spec.output_fd, F_DUPFD_CLOEXEC, kParkFd);
  if (out < 0) ChildFail(report_fd, errno);
  if (dup2(devnull, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0) ChildFail(report_fd, errno);
  for (size_t i = 0; i < n; ++i) {
    if (dup2(moved[i], 3 + static_cast<int>(i)) < 0) ChildFail(report_fd, errno);
  }
  // Everything else goes, except the report pipe (O_CLOEXEC: gone at bwrap's exec).
  if (int err = CloseAllFrom(3 + static_cast<int>(n), report_fd); err != 0) {
    ChildFail(report_fd, err);
  }
  if (int err = ApplyRlimits(spec.limits); err != 0) ChildFail(report_fd, err);
  pid_t bwrap = fork();
  if (bwrap < 0) ChildFail(report_fd, errno);
  if (bwrap == 0) ExecMain(spec, argv, cgroups, report_fd);
  // Hold none of the sandbox's pipes, so they reach EOF when the sandbox is gone.
  close_range(0, ~0U, 0);
  int bwrap_status = 0;
  while (true) {
    int status = 0;
    pid_t got = waitpid(-1, &status, 0);
    if (got == bwrap) bwrap_status = status;
    if (got < 0 && errno != EINTR) break;  // ECHILD: every descendant is reaped
  }
  if (WIFSIGNALED(bwrap_status)) _exit(128 + WTERMSIG(bwrap_status));
  _exit(WEXITSTATUS(bwrap_status));
}

}  // namespace

core::Result<pid_t> Spawn(const SpawnSpec& spec) {
  if (spec.argv.empty()) return core::InvalidArgument("spawn: empty argv");
  CHECK(spec.keep_fds.size() <= kMaxKeptFds);
  std::vector<char*> argv;
  for (const std::string& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<const char*> cgroups;
  for (const std::string& f : spec.cgroup_procs) cgroups.push_back(f.c_str());

  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0) return core::Internal(std::string("pipe: ") + strerror(errno));
  pid_t pid = fork();
  if (pid < 0) {
    int err = errno;
    close(report[0]);
    close(report[1]);
    return core::Unavailable(std::string("fork: ") + strerror(err));
  }
  if (pid == 0) {
    close(report[0]);
    SupervisorMain(spec, argv.data(), cgroups, report[1]);
  }
  close(report[1]);
  int child_errno = 0;
  ssize_t got;
  do {
    got = read(report[0], &child_errno, sizeof child_errno);
  } while (got < 0 && errno == EINTR);
  close(report[0]);
  if (got == sizeof child_errno) {
    waitpid(pid, nullptr, 0);
    return core::Internal("starting " + spec.argv[0] + ": " + strerror(child_errno));
  }
  return pid;
}

void KillAllOfUid(uid_t uid) {
  // Never root's or our own uid: kill(-1) there would take down the host or this process.
  if (uid == 0 || uid == getuid()) return;
  pid_t pid = fork();
  if (pid == 0) {
    // kill(-1) from this uid reaches exactly the processes this uid may signal: its own.
    if (setresgid(uid, uid, uid) == 0 && setresuid(uid, uid, uid) == 0) kill(-1, SIGKILL);
    _exit(0);
  }
  if (pid > 0) {
    while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
}

core::UniqueFd MakeDataFd(const char* name, const std::string& content) {
  core::UniqueFd fd(
      static_cast<int>(syscall(SYS_memfd_create, name, MFD_CLOEXEC | MFD_ALLOW_SEALING)));
  if (!fd.valid()) return fd;
  size_t done = 0;
  while (done < content.size()) {
    ssize_t w = write(fd.get(), content.data() + done, content.size() - done);
    if (w <= 0) return core::UniqueFd();
    done += static_cast<size_t>(w);
  }
  fcntl(fd.get(), F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
  lseek(fd.get(), 0, SEEK_SET);
  return fd;
}

}  // namespace manimd::sandbox
