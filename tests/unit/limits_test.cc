#include "sandbox/limits.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace manimd::sandbox {
namespace {

TEST(LimitsTest, FromConfig) {
  core::Config c;
  c.render_timeout_s = 30;
  c.render_memory_mb = 512;
  c.render_pids = 40;
  c.render_output_mb = 10;
  c.render_count_s = 3;
  Limits l = Limits::FromConfig(c);
  EXPECT_EQ(l.wall_seconds, 30);
  EXPECT_EQ(l.cpu_seconds, 60);  // twice the wall clock when RENDER_CPU_S is unset
  EXPECT_EQ(l.memory_bytes, 512LL << 20);
  EXPECT_EQ(l.processes, 40);
  EXPECT_EQ(l.output_bytes, 10LL << 20);
  EXPECT_EQ(l.count_seconds, 3);
}

// Applies the limits in a child and reports back through its exit code which ones held.
TEST(LimitsTest, ApplyRlimitsSetsEveryLimit) {
  Limits l;
  l.cpu_seconds = 7;
  l.memory_bytes = 700LL << 20;
  l.processes = 77;
  l.output_bytes = 7LL << 20;
  l.open_files = 70;
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (ApplyRlimits(l) != 0) _exit(10);
    auto cur = [](int r) {
      rlimit rl;
      getrlimit(r, &rl);
      return rl.rlim_cur;
    };
    if (cur(RLIMIT_CPU) != 7) _exit(11);
    if (cur(RLIMIT_AS) != 700ULL << 20) _exit(12);
    if (cur(RLIMIT_NPROC) != 77) _exit(13);
    if (cur(RLIMIT_FSIZE) != 7ULL << 20) _exit(14);
    if (cur(RLIMIT_NOFILE) != 70) _exit(15);
    if (cur(RLIMIT_CORE) != 0) _exit(16);
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace manimd::sandbox
