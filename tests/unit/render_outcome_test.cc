#include "sandbox/render_outcome.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/utf8.h"

namespace manimd::sandbox {
namespace {

namespace fs = std::filesystem;

render::ResultEvent Success(const std::string& path) {
  render::ResultEvent r;
  r.ok = true;
  r.path = path;
  r.scene = "A";
  return r;
}

TEST(RenderOutcomeTest, EveryStringFromTheSandboxBecomesValidUtf8WithinItsCap) {
  WatchOutcome o;
  o.log_tail = "tail \xff\xfe";
  o.scene = "Sc\xc3";
  o.scenes = {"Ok", "B\xff"};
  o.warnings = {{3, "compat.\xff", std::string(5000, 'w') + "\xff"}};
  render::ResultEvent r;
  r.message = std::string(1 << 20, 'm');
  r.traceback = "tb \xed\xa0\x80";
  r.hint = "h\xff";
  r.location = render::SourceLocation{1, 1, "x\xff"};
  o.result = r;
  MakeSafe(&o);
  for (const std::string* s :
       {&o.log_tail, &o.scene, &o.scenes[1], &o.warnings[0].code, &o.warnings[0].message,
        &o.result->message, &o.result->traceback, &o.result->hint, &o.result->location->code}) {
    EXPECT_TRUE(core::IsValidUtf8(*s)) << *s;
  }
  EXPECT_LE(o.result->message.size(), kMaxErrorTextBytes);
  EXPECT_LE(o.warnings[0].message.size(), kMaxLineTextBytes);
  EXPECT_EQ(o.scenes[0], "Ok");
}

class ConcludeTest : public testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("manimd-outcome-" + std::to_string(getpid()));
    fs::create_directories(root_ / "out");
    core::Result<JobDir> dir = JobDir::Create(root_.string(), std::nullopt, "scene.py", "x");
    ASSERT_TRUE(dir.ok());
    dir_.emplace(std::move(*dir));
    job_.output_dir = (root_ / "out").string();
  }
  void TearDown() override {
    dir_.reset();
    fs::remove_all(root_);
  }
  void Write(const std::string& name) { std::ofstream(dir_->path() + "/" + name) << "data"; }
  WatchOutcome Outcome(const std::string& path) {
    WatchOutcome o;
    o.result = Success(path);
    o.warnings = {{2, "compat.x", "adapted"}};
    return o;
  }

  fs::path root_;
  std::optional<JobDir> dir_;
  RenderJob job_;
};

TEST_F(ConcludeTest, TheStoredExtensionIsTheRequestedFormatsNotTheScenes) {
  Write("page.html");
  render::RenderResult r = ConcludeRender(*dir_, Outcome("/job/page.html"), Limits{}, job_);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->kind, render::ErrorKind::kPythonError);
  EXPECT_NE(r.error->message.find("not the requested mp4"), std::string::npos);
  EXPECT_EQ(r.warnings.size(), 1u);  // warnings survive a failure

  Write("A.mp4");
  r = ConcludeRender(*dir_, Outcome("/job/A.mp4"), Limits{}, job_);
  ASSERT_TRUE(r.ok()) << r.error->message;
  EXPECT_EQ(r.output->extension, "mp4");
  EXPECT_EQ(r.output->path, job_.output_dir + "/A.mp4");
  // No poster.png in the job dir: the video counts, with a warning.
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_EQ(r.warnings[1].code, "poster.missing");
  EXPECT_EQ(r.output->poster_path, "");
}

TEST_F(ConcludeTest, APosterIsCollectedOnlyWhenItIsAPng) {
  Write("A.mp4");
  Write("poster.png");  // "data": not a PNG, whatever its name
  render::RenderResult r = ConcludeRender(*dir_, Outcome("/job/A.mp4"), Limits{}, job_);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.output->poster_path, "");
  EXPECT_FALSE(fs::exists(job_.output_dir + "/A.poster.png"));
  std::ofstream(dir_->path() + "/poster.png") << "\x89PNG\r\n\x1a\n....";
  r = ConcludeRender(*dir_, Outcome("/job/A.mp4"), Limits{}, job_);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.output->poster_path, job_.output_dir + "/A.poster.png");
  EXPECT_TRUE(fs::exists(r.output->poster_path));
  EXPECT_EQ(r.warnings.size(), 1u);
}

TEST_F(ConcludeTest, AFifoIsRefusedWithoutBlocking) {
  ASSERT_EQ(mkfifo((dir_->path() + "/A.mp4").c_str(), 0600), 0);
  render::RenderResult r = ConcludeRender(*dir_, Outcome("/job/A.mp4"), Limits{}, job_);
  ASSERT_TRUE(r.error);
  EXPECT_NE(r.error->message.find("not a regular file"), std::string::npos) << r.error->message;
}

}  // namespace
}  // namespace manimd::sandbox
