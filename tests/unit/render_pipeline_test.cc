#include "jobs/render_pipeline.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "core/clock.h"
#include "fake_runner.h"
#include "storage/local_storage.h"
#include "storage/storage_wrapper.h"
#include "test_util.h"

namespace manimd::jobs {
namespace {

namespace fs = std::filesystem;

// Local storage whose Put fails, as an S3 that refuses would.
class RefusingStorage : public storage::StorageWrapper {
 public:
  using StorageWrapper::StorageWrapper;
  core::Status Put(const std::string&, const std::string&, const std::string&) override {
    return core::Unavailable("HTTP 503 SlowDown");
  }
};

class RenderPipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("manimd-pipeline-" + std::to_string(getpid()));
    fs::create_directories(dir_ / "staging");
    local_ = std::move(storage::LocalStorage::Open((dir_ / "objects").string()).value());
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs one job through a pipeline over `store`; the job as it ended, and how many
  // changes were made to it.
  Job Run(storage::Storage* store, std::uint64_t* changes = nullptr,
          const std::function<void(LiveJob&)>& during = {}) {
    RenderPipeline pipeline(&runner_, store, (dir_ / "staging").string(),
                            (dir_ / "unstored").string(), &clock_, &metrics_);
    auto live = std::make_shared<LiveJob>(testing::MakeJob("j1", JobStatus::kRunning));
    std::thread side;
    if (during) side = std::thread([&] { during(*live); });
    pipeline.Execute(*live);
    if (side.joinable()) side.join();
    std::uint64_t version = 0;
    Job done = live->Snapshot(&version);
    if (changes) *changes = version;
    return done;
  }

  fs::path dir_;
  core::ManualClock clock_;
  testing::FakeRunner runner_;
  std::unique_ptr<storage::LocalStorage> local_;
  metrics::Metrics metrics_;
};

TEST_F(RenderPipelineTest, ASuccessIsStoredWithItsKeyUrlAndWarnings) {
  runner_.warnings = {{3, "compat.show_creation", "renamed"}};
  Job done = Run(local_.get());
  EXPECT_EQ(done.status, JobStatus::kSucceeded);
  EXPECT_EQ(done.key.rfind("videos/", 0), 0u);
  EXPECT_EQ(done.url, "/files/" + done.key);
  EXPECT_EQ(done.bytes, 1000);
  EXPECT_EQ(done.warnings.size(), 1u);
  EXPECT_TRUE(fs::exists(fs::path(local_->root()) / done.key));
  EXPECT_TRUE(fs::is_empty(dir_ / "staging")) << "the job's staging dir is removed";
}

bool Has(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

TEST_F(RenderPipelineTest, EachFinishedJobIsCountedOnceWithItsTimes) {
  Run(local_.get());
  RefusingStorage refusing(local_.get());
  Run(&refusing);
  std::string text = metrics_.Scrape({});
  EXPECT_TRUE(Has(text, R"(manimd_renders_total{error_kind="none",outcome="succeeded"} 1)"))
      << text;
  EXPECT_TRUE(Has(text, R"(manimd_renders_total{error_kind="storage_error",outcome="failed"} 1)"));
  EXPECT_TRUE(Has(text, R"(manimd_render_duration_seconds_count{quality="m"} 2)"));
  EXPECT_TRUE(Has(text, R"(manimd_upload_duration_seconds_count{quality="m"} 2)"));
}

TEST_F(RenderPipelineTest, AStorageFailureKeepsTheVideoInUnstored) {
  RefusingStorage refusing(local_.get());
  Job done = Run(&refusing);
  EXPECT_EQ(done.status, JobStatus::kFailed);
  ASSERT_TRUE(done.error);
  EXPECT_EQ(done.error->kind, render::ErrorKind::kStorageError);
  fs::path kept = dir_ / "unstored" / "j1" / "A.mp4";
  EXPECT_TRUE(fs::exists(kept));
  EXPECT_EQ(fs::file_size(kept), 1000u);
  EXPECT_NE(done.error->message.find(kept.string()), std::string::npos) << done.error->message;
  EXPECT_NE(done.error->message.find("SlowDown"), std::string::npos);
}

TEST_F(RenderPipelineTest, ACancelledRenderEndsCancelled) {
  runner_.wait_for_cancel = true;
  Job done = Run(local_.get(), nullptr, [](LiveJob& job) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    job.cancel_token().Cancel();
  });
  EXPECT_EQ(done.status, JobStatus::kCancelled);
  EXPECT_EQ(done.error->kind, render::ErrorKind::kCancelled);
}

TEST_F(RenderPipelineTest, RepeatedHeartbeatsChangeNothing) {
  render::Progress first{1, 3, 50, 0};
  render::Progress second{2, 3, 10, 36.7};
  runner_.progress = {first, first, first, second, second};
  std::uint64_t changes = 0;
  Job done = Run(local_.get(), &changes);
  EXPECT_EQ(done.status, JobStatus::kSucceeded);
  // Two real progress changes, uploading, succeeded: four; the three repeated heartbeats
  // are not changes.
  EXPECT_EQ(changes, 4u);
}

}  // namespace
}  // namespace manimd::jobs
