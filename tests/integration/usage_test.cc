// What a render cost, as the runner measured it: usage in `manimd render --json`, in the
// render answer and in the job object, once per runner mode (cold and fork server).
#include <gtest/gtest.h>

#include <filesystem>

#include "serve_process.h"

namespace manimd::testing_support {
namespace {

namespace fs = std::filesystem;

// Plausible for a small -ql render: some CPU, tens of MB at least (Python with manim
// imported), a wall time, and exactly the stored file's size.
void ExpectPlausible(const boost::json::value& usage, std::int64_t file_bytes) {
  ASSERT_TRUE(usage.is_object()) << usage;
  const boost::json::object& u = usage.as_object();
  EXPECT_GT(u.at("cpuMs").as_int64(), 0) << u;
  EXPECT_GT(u.at("wallMs").as_int64(), 0) << u;
  EXPECT_GE(u.at("queueMs").as_int64(), 0) << u;
  EXPECT_GT(u.at("peakMemoryMb").to_number<double>(), 10.0) << u;
  EXPECT_LT(u.at("peakMemoryMb").to_number<double>(), 4096.0) << u;
  EXPECT_EQ(u.at("outputBytes").as_int64(), file_bytes) << u;
}

TEST(UsageTest, RenderJsonReportsUsage) {
  TestEnv env;
  RunResult r = env.Render("tiny.py", {"-q", "l", "-o", "out.mp4"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  ExpectPlausible(r.json.at("usage"),
                  static_cast<std::int64_t>(fs::file_size(env.dir() + "/out.mp4")));
  EXPECT_EQ(r.json.at("usage").at("queueMs").as_int64(), 0);
}

TEST(UsageTest, RenderAnswerAndJobReportTheSameUsage) {
  TestEnv env;
  ServeProcess server(env);
  ASSERT_GT(server.port(), 0) << server.Log();
  HttpReply r = PostRender(server.port(), RenderBody("shapes.py"));
  ASSERT_EQ(r.status, 200) << r.body;
  std::string key(r.json.at("s3Key").as_string());
  auto bytes = static_cast<std::int64_t>(fs::file_size(server.data_dir() + "/objects/" + key));
  ExpectPlausible(r.json.at("usage"), bytes);
  HttpReply job =
      Http(server.port(), "GET", "/api/jobs/" + std::string(r.json.at("jobId").as_string()));
  ASSERT_EQ(job.status, 200) << job.body;
  EXPECT_EQ(job.json.at("usage"), r.json.at("usage"));
}

TEST(UsageTest, FailedRenderStillReportsItsCost) {
  TestEnv env;
  ServeProcess server(env);
  ASSERT_GT(server.port(), 0) << server.Log();
  HttpReply r = PostRender(server.port(), RenderBody("errors_exception.py"));
  ASSERT_EQ(r.status, 422) << r.body;
  const boost::json::object& u = r.json.at("usage").as_object();
  EXPECT_GT(u.at("cpuMs").as_int64(), 0) << u;
  EXPECT_EQ(u.at("outputBytes").as_int64(), 0) << u;
}

}  // namespace
}  // namespace manimd::testing_support
