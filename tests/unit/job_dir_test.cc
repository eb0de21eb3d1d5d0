#include "sandbox/job_dir.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace manimd::sandbox {
namespace {

namespace fs = std::filesystem;

class JobDirTest : public testing::Test {
 protected:
  void SetUp() override {
    parent_ = fs::path(testing::TempDir()) / ("job_dir_test_" + std::to_string(getpid()));
    fs::create_directories(parent_);
  }
  void TearDown() override { fs::remove_all(parent_); }
  fs::path parent_;
};

TEST_F(JobDirTest, CreatesWritesAndRemoves) {
  std::string path;
  {
    core::Result<JobDir> dir = JobDir::Create(parent_, std::nullopt, "scene.py", "print(1)\n");
    ASSERT_TRUE(dir.ok()) << dir.status().ToString();
    path = dir->path();
    std::ifstream in(path + "/scene.py");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(text, "print(1)\n");
    EXPECT_EQ(fs::status(path).permissions() & fs::perms::all, fs::perms::owner_all);
  }
  EXPECT_FALSE(fs::exists(path));
}

TEST_F(JobDirTest, CopyOutCopiesRegularFiles) {
  core::Result<JobDir> dir = JobDir::Create(parent_, std::nullopt, "scene.py", "");
  ASSERT_TRUE(dir.ok());
  fs::create_directories(dir->path() + "/media/videos");
  std::ofstream(dir->path() + "/media/videos/A.mp4") << "video-bytes";
  std::string dest = (parent_ / "out.mp4").string();
  core::Result<std::int64_t> n = dir->CopyOut("media/videos/A.mp4", dest);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 11);
  EXPECT_EQ(fs::file_size(dest), 11u);
}

TEST_F(JobDirTest, CopyOutRefusesSymlinksAndEscapes) {
  std::ofstream(parent_ / "secret.txt") << "host secret";
  core::Result<JobDir> dir = JobDir::Create(parent_, std::nullopt, "scene.py", "");
  ASSERT_TRUE(dir.ok());
  fs::create_symlink(parent_ / "secret.txt", dir->path() + "/link.mp4");
  fs::create_directory_symlink(parent_, dir->path() + "/linkdir");
  fs::create_directory(dir->path() + "/sub");
  std::string dest = (parent_ / "out.mp4").string();
  for (const char* bad : {"link.mp4", "linkdir/secret.txt", "../secret.txt", "sub/../../secret.txt",
                          "/etc/hostname", "sub"}) {
    EXPECT_FALSE(dir->CopyOut(bad, dest).ok()) << bad;
  }
  EXPECT_FALSE(fs::exists(dest));
}

TEST_F(JobDirTest, SweepRemovesOnlyDirsWhoseOwnerIsGone) {
  core::Result<JobDir> live = JobDir::Create(parent_, std::nullopt, "scene.py", "");
  ASSERT_TRUE(live.ok());
  fs::create_directories(parent_ / "manimd-job-stale1/media");  // as a killed manimd leaves it
  std::ofstream(parent_ / "manimd-job-stale1/media/x.mp4") << "x";
  fs::create_directory(parent_ / "unrelated");
  EXPECT_EQ(SweepStaleJobDirs(parent_), 1);
  EXPECT_FALSE(fs::exists(parent_ / "manimd-job-stale1"));
  EXPECT_TRUE(fs::exists(live->path()));
  EXPECT_TRUE(fs::exists(parent_ / "unrelated"));
}

TEST_F(JobDirTest, UsedBytesCountsEverythingOnceAndStopsEarly) {
  core::Result<JobDir> dir = JobDir::Create(parent_, std::nullopt, "scene.py", "");
  ASSERT_TRUE(dir.ok());
  std::int64_t before = dir->UsedBytes(1LL << 40);
  std::ofstream(dir->path() + "/big.bin") << std::string(1 << 20, 'x');
  std::int64_t after = dir->UsedBytes(1LL << 40);
  EXPECT_GE(after - before, 1 << 20);
  // A symlink to something huge costs nothing: it is not followed.
  fs::create_directory_symlink("/usr", dir->path() + "/usr");
  EXPECT_LT(dir->UsedBytes(1LL << 40), after + (1 << 16));
  EXPECT_GT(dir->UsedBytes(1000), 1000);
}

}  // namespace
}  // namespace manimd::sandbox
