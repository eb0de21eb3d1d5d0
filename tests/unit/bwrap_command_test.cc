#include "sandbox/bwrap_command.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace manimd::sandbox {
namespace {

// True when `seq` appears in `args` as consecutive elements.
bool HasSeq(const std::vector<std::string>& args, std::vector<std::string> seq) {
  return std::search(args.begin(), args.end(), seq.begin(), seq.end()) != args.end();
}

class BwrapCommandTest : public testing::Test {
 protected:
  BwrapCommandTest() {
    spec_.runtime_dir = "/cache/runtime-x";
    spec_.job_dir = "/tmp/manimd-job-1";
    spec_.seccomp_fd = 4;
    spec_.data_files = {{5, "/manimd/render.py"}, {6, "/manimd/manimd_compat.py"}};
    spec_.command = {"/usr/bin/python3", "-I", "/manimd/render.py", "{}"};
    Limits limits;
    limits.output_bytes = 50 << 20;
    layout_ = SandboxLayout::For(limits);
    args_ = BuildBwrapArgs(spec_, layout_);
  }
  BwrapSpec spec_;
  SandboxLayout layout_;
  std::vector<std::string> args_;
};

TEST_F(BwrapCommandTest, UnsharesEveryNamespaceAndDiesWithUs) {
  EXPECT_EQ(args_[0], "/usr/bin/bwrap");
  for (const char* flag : {"--unshare-all", "--unshare-user", "--disable-userns",
                           "--die-with-parent", "--new-session", "--clearenv"}) {
    EXPECT_TRUE(HasSeq(args_, {flag})) << flag;
  }
  EXPECT_FALSE(HasSeq(args_, {"--share-net"}));
  EXPECT_TRUE(HasSeq(args_, {"--seccomp", "4"}));
}

TEST_F(BwrapCommandTest, OnlyTheJobDirIsWritable) {
  EXPECT_TRUE(HasSeq(args_, {"--ro-bind", "/cache/runtime-x", "/"}));
  EXPECT_TRUE(HasSeq(args_, {"--bind", "/tmp/manimd-job-1", "/job"}));
  EXPECT_TRUE(HasSeq(args_, {"--ro-bind-data", "5", "/manimd/render.py"}));
  EXPECT_TRUE(HasSeq(args_, {"--ro-bind-data", "6", "/manimd/manimd_compat.py"}));
  EXPECT_TRUE(HasSeq(args_, {"--remount-ro", "/manimd"}));
  EXPECT_TRUE(HasSeq(args_, {"--proc", "/proc"}));
  EXPECT_TRUE(HasSeq(args_, {"--dev", "/dev"}));
  int writable = 0;
  for (const std::string& a : args_) writable += (a == "--bind" || a == "--bind-try");
  EXPECT_EQ(writable, 1);
}

TEST_F(BwrapCommandTest, TmpfsMountsAreSizedByTheLayoutAndDevIsReadOnly) {
  EXPECT_TRUE(HasSeq(args_, {"--size", std::to_string(50 << 20), "--tmpfs", "/tmp"}));
  EXPECT_TRUE(HasSeq(args_, {"--size", std::to_string(64 << 20), "--tmpfs", "/dev/shm"}));
  auto shm = std::find(args_.begin(), args_.end(), "/dev/shm");
  const std::vector<std::string> remount_dev = {"--remount-ro", "/dev"};
  auto dev_ro = std::search(args_.begin(), args_.end(), remount_dev.begin(), remount_dev.end());
  EXPECT_TRUE(HasSeq(args_, {"--remount-ro", "/dev"}));
  EXPECT_LT(shm, dev_ro) << "/dev is remounted read-only after /dev/shm is mounted";
}

TEST_F(BwrapCommandTest, CommandComesLastAfterSeparator) {
  auto sep = std::find(args_.begin(), args_.end(), "--");
  ASSERT_NE(sep, args_.end());
  EXPECT_EQ(std::vector<std::string>(sep + 1, args_.end()), spec_.command);
}

TEST(BwrapCommandZygoteTest, TheForkServerSeesAllJobsAndMayNestUserNamespaces) {
  BwrapSpec spec;
  spec.runtime_dir = "/cache/runtime-x";
  spec.jobs_dir = "/tmp/work";
  spec.seccomp_fd = 5;
  spec.data_files = {{6, "/manimd/manimd_zygote.py"}};
  spec.command = {"python3", "-I", "-B", "/manimd/render.py", "--zygote", "3", "4"};
  std::vector<std::string> args = BuildBwrapArgs(spec, SandboxLayout{});
  EXPECT_TRUE(HasSeq(args, {"--bind", "/tmp/work", "/mnt"}));
  EXPECT_TRUE(HasSeq(args, {"--ro-bind-data", "6", "/manimd/manimd_zygote.py"}));
  EXPECT_TRUE(HasSeq(args, {"--seccomp", "5"}));
  EXPECT_TRUE(HasSeq(args, {"--chdir", "/"}));
  EXPECT_TRUE(HasSeq(args, {"--remount-ro", "/dev"}));
  EXPECT_EQ(std::find(args.begin(), args.end(), "--disable-userns"), args.end());
  EXPECT_EQ(std::find(args.begin(), args.end(), "/job"), args.end());
  for (const char* flag :
       {"--unshare-all", "--unshare-user", "--die-with-parent", "--new-session", "--clearenv"}) {
    EXPECT_NE(std::find(args.begin(), args.end(), flag), args.end()) << flag;
  }
  EXPECT_EQ(args.back(), "4");
}

}  // namespace
}  // namespace manimd::sandbox
