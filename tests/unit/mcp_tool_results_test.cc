// What tools answer: texts for the model and structuredContent for programs, links only.
#include <gtest/gtest.h>

#include "mcp/tool_results.h"
#include "test_util.h"

namespace manimd::mcp {
namespace {

namespace json = boost::json;
using jobs::JobStatus;

std::string Text(const json::object& result) {
  return std::string(result.at("content").at(0).at("text").as_string());
}

TEST(McpToolResultsTest, ASucceededJobGivesItsLinkNotItsBytes) {
  jobs::Job job = testing::MakeJob("j1", JobStatus::kSucceeded);
  job.started_ms = 2000;
  job.finished_ms = 4500;
  job.scene = "A";
  job.url = "/files/videos/u/A.mp4";
  job.warnings = {{3, "compat.x", "ShowCreation is Create"}};
  json::object r = JobToolResult(job, JobView{"http://h/files/videos/u/A.mp4", "0.21.0", true});
  EXPECT_EQ(r.at("isError"), json::value(false));
  const json::object& s = r.at("structuredContent").as_object();
  EXPECT_EQ(s.at("jobId"), json::value("j1"));
  EXPECT_EQ(s.at("status"), json::value("succeeded"));
  EXPECT_EQ(s.at("url"), json::value("http://h/files/videos/u/A.mp4"));
  EXPECT_EQ(s.at("scene"), json::value("A"));
  EXPECT_EQ(s.at("durationS").to_number<double>(), 2.5);
  EXPECT_EQ(s.at("warnings").at(0).at("line"), json::value(3));
  EXPECT_TRUE(s.at("error").is_null());
  EXPECT_EQ(r.at("content").as_array().size(), 1u);  // text only: no embedded video
  EXPECT_NE(Text(r).find("http://h/files/videos/u/A.mp4"), std::string::npos);
  EXPECT_NE(Text(r).find("line 3: ShowCreation is Create"), std::string::npos);
  EXPECT_EQ(s.at("cached"), json::value(false));
}

TEST(McpToolResultsTest, ACachedJobSaysSo) {
  jobs::Job job = testing::MakeJob("j4", JobStatus::kSucceeded);
  job.started_ms = job.finished_ms = 2000;
  job.scene = "A";
  job.cached = true;
  json::object r = JobToolResult(job, JobView{"http://h/files/videos/u/A.mp4", "0.21.0", true});
  EXPECT_EQ(r.at("structuredContent").at("cached"), json::value(true));
  EXPECT_NE(Text(r).find("cached"), std::string::npos) << Text(r);
  EXPECT_NE(Text(r).find("http://h/files/videos/u/A.mp4"), std::string::npos) << Text(r);
}

TEST(McpToolResultsTest, AFailedJobIsAnErrorWithLocationAndHint) {
  jobs::Job job = testing::MakeJob("j2", JobStatus::kFailed);
  render::RenderError e = render::RenderError::Of(render::ErrorKind::kPythonError,
                                                  "NameError: name 'Cirle' is not defined");
  e.location = render::SourceLocation{6, 13, "c = Cirle(radius=1)"};
  e.hint = "did you mean Circle?";
  job.error = e;
  json::object r = JobToolResult(job, JobView{"", "0.21.0", true});
  EXPECT_EQ(r.at("isError"), json::value(true));
  const json::object& err = r.at("structuredContent").at("error").as_object();
  EXPECT_EQ(err.at("kind"), json::value("python_error"));
  EXPECT_EQ(err.at("location").at("line"), json::value(6));
  EXPECT_EQ(err.at("hint"), json::value("did you mean Circle?"));
  EXPECT_TRUE(r.at("structuredContent").at("url").is_null());
  std::string text = Text(r);
  EXPECT_NE(text.find("(python_error): NameError"), std::string::npos) << text;
  EXPECT_NE(text.find("At line 6, column 13: c = Cirle(radius=1)"), std::string::npos) << text;
  EXPECT_NE(text.find("Hint: did you mean Circle?"), std::string::npos) << text;
  // get_job reports the failure; its own call worked.
  EXPECT_EQ(JobToolResult(job, JobView{"", "0.21.0", false}).at("isError"), json::value(false));
}

TEST(McpToolResultsTest, AJobInProgressSaysHowToFollowIt) {
  jobs::Job job = testing::MakeJob("j3", JobStatus::kRunning);
  job.progress.animation = 2;
  job.progress.animations = 5;
  json::object r = JobToolResult(job, JobView{});
  EXPECT_EQ(r.at("isError"), json::value(false));
  EXPECT_TRUE(r.at("structuredContent").at("durationS").is_null());
  EXPECT_NE(Text(r).find("animation 2 of 5"), std::string::npos) << Text(r);
  EXPECT_NE(Text(r).find("get_job"), std::string::npos);
}

TEST(McpToolResultsTest, ValidationResults) {
  render::RenderResult ok;
  ok.validation = render::Validation{"A", {"A", "B"}, 3, 4.5, {}, ""};
  json::object r = ValidationToolResult(ok, "0.21.0", render::Compat::kV019);
  EXPECT_EQ(r.at("isError"), json::value(false));
  EXPECT_EQ(r.at("structuredContent").at("ok"), json::value(true));
  EXPECT_EQ(r.at("structuredContent").at("animations"), json::value(3));
  EXPECT_NE(Text(r).find("A plays 3 animation(s)"), std::string::npos) << Text(r);

  render::RenderResult bad;
  bad.error = render::RenderError::Of(render::ErrorKind::kInvalidCode, "invalid syntax");
  json::object f = ValidationToolResult(bad, "0.21.0", render::Compat::kV019);
  EXPECT_EQ(f.at("isError"), json::value(true));
  EXPECT_EQ(f.at("structuredContent").at("ok"), json::value(false));
  EXPECT_EQ(f.at("structuredContent").at("error").at("kind"), json::value("invalid_code"));
  EXPECT_NE(Text(f).find("The check failed (invalid_code)"), std::string::npos) << Text(f);
}

TEST(McpToolResultsTest, ProgressIsAPercentOfAHundred) {
  render::Progress p;
  json::object start = ProgressParams(json::value(7), p);
  EXPECT_EQ(start.at("progressToken"), json::value(7));
  EXPECT_EQ(start.at("progress"), json::value(0));
  EXPECT_EQ(start.at("total"), json::value(100));
  EXPECT_FALSE(start.contains("message"));
  p.animation = 2;
  p.animations = 4;
  p.percent = 37.5;
  json::object mid = ProgressParams(json::value("t"), p);
  EXPECT_EQ(mid.at("progress").to_number<double>(), 37.5);
  EXPECT_EQ(mid.at("message"), json::value("animation 2 of 4"));
}

TEST(McpToolResultsTest, ToolErrorsAreTextOnly) {
  json::object r = ToolErrorResult("queue full");
  EXPECT_EQ(r.at("isError"), json::value(true));
  EXPECT_EQ(Text(r), "queue full");
  EXPECT_FALSE(r.contains("structuredContent"));
}

}  // namespace
}  // namespace manimd::mcp
