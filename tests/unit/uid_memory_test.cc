#include "sandbox/uid_memory.h"

#include <gtest/gtest.h>
#include <linux/capability.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace manimd::sandbox {
namespace {

namespace fs = std::filesystem;

TEST(UidMemoryTest, CountsOurOwnProcesses) {
  EXPECT_GT(MemoryOfUid(geteuid()), 0);
  EXPECT_EQ(MemoryOfUid(3999999), 0);  // nobody runs as this uid
}

// A process of a uid of its own holds 64 MB, then forks: the sum must not double.
TEST(UidMemoryTest, ForkedCopiesAreNotCountedTwice) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to take a uid of its own";
  constexpr uid_t kUid = 3999990;
  int to_child[2], from_child[2];
  ASSERT_EQ(pipe(to_child), 0);
  ASSERT_EQ(pipe(from_child), 0);
  pid_t pid = fork();
  if (pid == 0) {
    if (setresuid(kUid, kUid, kUid) != 0) _exit(1);
    std::string block(64 << 20, 'x');  // touched anonymous memory
    char c = 'a';
    (void)!write(from_child[1], &c, 1);
    (void)!read(to_child[0], &c, 1);
    pid_t copy = fork();  // shares every page of `block`, copy-on-write
    if (copy == 0) {
      pause();
      _exit(0);
    }
    (void)!write(from_child[1], &copy, sizeof copy);
    pause();
    _exit(block.size() > 0 ? 0 : 1);
  }
  char c;
  ASSERT_EQ(read(from_child[0], &c, 1), 1);
  std::int64_t one = MemoryOfUid(kUid);
  ASSERT_EQ(write(to_child[1], &c, 1), 1);
  pid_t copy = 0;
  ASSERT_EQ(read(from_child[0], &copy, sizeof copy), static_cast<ssize_t>(sizeof copy));
  std::int64_t two = MemoryOfUid(kUid);
  kill(copy, SIGKILL);
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  EXPECT_GE(one, 60 << 20);
  // Counted by RSS the copy would add another 64 MB; proportionally it adds ~nothing.
  EXPECT_LT(two - one, 16 << 20);
}

// Fields 14-17 of /proc/<pid>/stat, counted after the last ')' of a command name that
// may itself hold spaces and parentheses; processes of other uids are not counted.
TEST(UidMemoryTest, CpuSumsUserSystemAndReapedChildrenOfTheUidOnly) {
  fs::path proc = fs::path(testing::TempDir()) / ("fake_proc_cpu_" + std::to_string(getpid()));
  long hz = sysconf(_SC_CLK_TCK);
  auto add = [&](const std::string& pid, const std::string& stat) {
    fs::create_directories(proc / pid);
    std::ofstream(proc / pid / "stat") << stat;
  };
  // utime 2 s, stime 1 s, cutime 3 s, cstime 4 s (in ticks); the other fields are noise.
  add("12", "12 (py (x) y) R 1 2 3 4 5 6 7 8 9 10 " + std::to_string(2 * hz) + " " +
                std::to_string(hz) + " " + std::to_string(3 * hz) + " " + std::to_string(4 * hz) +
                " 20 0 1 0\n");
  add("13", "13 (short) S 1 2 3 4 5 6 7 8 9 10 0 0");  // cut short: counts what is there
  add("14", "no parenthesis at all");
  EXPECT_EQ(CpuMsOfUid(geteuid(), proc.string()), 10000);
  EXPECT_EQ(CpuMsOfUid(3999999, proc.string()), 0);  // the entries are ours, not its
  fs::remove_all(proc);
}

TEST(UidMemoryTest, SumsProportionalAnonAndShmemOfTheUidOnly) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to chown the fake /proc entries";
  fs::path proc = fs::path(testing::TempDir()) / ("fake_proc_" + std::to_string(getpid()));
  auto add = [&](const char* pid, uid_t uid, const char* rollup) {
    fs::create_directories(proc / pid);
    std::ofstream(proc / pid / "smaps_rollup") << rollup;
    ASSERT_EQ(chown((proc / pid).c_str(), uid, uid), 0);
  };
  add("101", 4242,
      "00-ff ---p 0 0 0 [rollup]\nRss: 900 kB\nPss: 500 kB\nPss_Anon: 100 kB\n"
      "Pss_File: 380 kB\nPss_Shmem: 20 kB\n");
  add("102", 4242, "Rss: 300 kB\nPss: 300 kB\n");  // an old kernel: Pss only
  add("103", 4343, "Rss: 9999 kB\nPss: 9999 kB\nPss_Anon: 9999 kB\n");
  fs::create_directories(proc / "self");  // not a pid
  EXPECT_EQ(MemoryOfUid(4242, proc), (120 + 300) * 1024);
  fs::remove_all(proc);
}

}  // namespace
}  // namespace manimd::sandbox

namespace manimd::sandbox {
namespace {

// Root on this machine holds CAP_SYS_PTRACE; a process that dropped it (as root in a
// default container) is told it cannot sample other uids.
TEST(UidMemoryTest, KnowsWhetherItMaySampleOtherUids) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root";
  EXPECT_TRUE(CanSampleOtherUids());
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (prctl(PR_CAPBSET_DROP, CAP_SYS_PTRACE, 0, 0, 0) != 0) _exit(10);
    // Drop it from the effective set too: capset with everything but CAP_SYS_PTRACE.
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2] = {};
    if (syscall(SYS_capget, &header, data) != 0) _exit(11);
    data[0].effective &= ~(1u << CAP_SYS_PTRACE);
    if (syscall(SYS_capset, &header, data) != 0) _exit(12);
    _exit(CanSampleOtherUids() ? 13 : 0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace manimd::sandbox
