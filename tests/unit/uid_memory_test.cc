#include "sandbox/uid_memory.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace manimd::sandbox {
namespace {

namespace fs = std::filesystem;

TEST(UidMemoryTest, CountsOurOwnProcesses) {
  EXPECT_GT(ResidentBytesOfUid(geteuid()), 1 << 20);  // this test binary, at least
  EXPECT_EQ(ResidentBytesOfUid(3999999), 0);          // nobody runs as this uid
}

TEST(UidMemoryTest, SumsStatmOfTheUidsProcessesOnly) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to chown the fake /proc entries";
  fs::path proc = fs::path(testing::TempDir()) / ("fake_proc_" + std::to_string(getpid()));
  auto add = [&](const char* pid, uid_t uid, const char* statm) {
    fs::create_directories(proc / pid);
    std::ofstream(proc / pid / "statm") << statm;
    ASSERT_EQ(chown((proc / pid).c_str(), uid, uid), 0);
  };
  add("101", 4242, "1000 10 5 1 0 20 0\n");
  add("102", 4242, "1000 30 5 1 0 20 0\n");
  add("103", 4343, "1000 999 5 1 0 20 0\n");
  fs::create_directories(proc / "self");  // not a pid
  EXPECT_EQ(ResidentBytesOfUid(4242, proc), 40 * sysconf(_SC_PAGESIZE));
  fs::remove_all(proc);
}

}  // namespace
}  // namespace manimd::sandbox
