#include "sandbox/seccomp_filter.h"

#include <errno.h>
#include <gtest/gtest.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

namespace manimd::sandbox {
namespace {

TEST(SeccompFilterTest, ProgramIsWholeBpfInstructions) {
  core::Result<std::string> program = BuildSeccompProgram();
  ASSERT_TRUE(program.ok()) << program.status().ToString();
  EXPECT_GT(program->size(), 0u);
  EXPECT_EQ(program->size() % sizeof(sock_filter), 0u);
}

// Loads the program in a child, as bwrap does, and reports through the exit code.
TEST(SeccompFilterTest, DeniesWhatItListsAndAllowsTheRest) {
  core::Result<std::string> program = BuildSeccompProgram();
  ASSERT_TRUE(program.ok());
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    sock_fprog prog{static_cast<unsigned short>(program->size() / sizeof(sock_filter)),
                    reinterpret_cast<sock_filter*>(program->data())};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) _exit(10);
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) _exit(11);
    if (syscall(SYS_keyctl, 0, 0, 0, 0, 0) != -1 || errno != EPERM) _exit(12);
    if (syscall(SYS_io_uring_setup, 1, nullptr) != -1 || errno != EPERM) _exit(13);
    if (syscall(SYS_ptrace, 0, 0, 0, 0) != -1 || errno != EPERM) _exit(14);
    if (syscall(SYS_getpid) != getpid()) _exit(15);
    if (syscall(SYS_fallocate, 1, 0, 0, 4096) != -1 || errno != EPERM) _exit(16);
    if (syscall(SYS_clone3, nullptr, 0) != -1 || errno != ENOSYS) _exit(17);
    // clone() with a namespace flag is refused; without one (fork) it works.
    if (syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0) != -1 || errno != EPERM) _exit(18);
    if (syscall(SYS_clone, CLONE_NEWNET | SIGCHLD, 0, 0, 0, 0) != -1 || errno != EPERM) _exit(19);
    pid_t child = fork();
    if (child == 0) _exit(0);
    if (child < 0) _exit(20);
    int child_status = 0;
    if (waitpid(child, &child_status, 0) != child || !WIFEXITED(child_status)) _exit(21);
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(SeccompFilterTest, ListNamesRealSyscalls) {
  for (const char* name : {"io_uring_setup", "bpf", "ptrace", "keyctl", "mount"}) {
    EXPECT_NE(std::find(DeniedSyscalls().begin(), DeniedSyscalls().end(), name),
              DeniedSyscalls().end())
        << name;
  }
}

}  // namespace
}  // namespace manimd::sandbox
