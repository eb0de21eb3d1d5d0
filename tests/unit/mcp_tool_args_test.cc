// Tool arguments: defaults, the render request's own rules under the tools' names, and
// field-naming errors.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "mcp/tool_args.h"

namespace manimd::mcp {
namespace {

namespace json = boost::json;

std::variant<ToolArgs, RpcError> Parse(Tool tool, std::string_view args, ArgOptions o = {}) {
  return ParseToolArgs(tool, json::parse(args).as_object(), o);
}

SceneArgs Scene(Tool tool, std::string_view args, ArgOptions o = {}) {
  auto r = Parse(tool, args, o);
  EXPECT_TRUE(std::holds_alternative<ToolArgs>(r)) << args;
  if (!std::holds_alternative<ToolArgs>(r)) return {};
  return std::get<SceneArgs>(std::get<ToolArgs>(r));
}

RpcError Error(Tool tool, std::string_view args, ArgOptions o = {}) {
  auto r = Parse(tool, args, o);
  EXPECT_TRUE(std::holds_alternative<RpcError>(r)) << args;
  return std::holds_alternative<RpcError>(r) ? std::get<RpcError>(r) : RpcError{};
}

std::string FirstPath(const RpcError& e) {
  return std::string(e.data.at("errors").at(0).at("path").at(0).as_string());
}

TEST(McpToolArgsTest, RenderDefaultsAreTheApisDefaults) {
  ArgOptions options;
  options.default_compat = render::Compat::kNone;
  SceneArgs a = Scene(Tool::kRenderScene, R"({"code":"class A(Scene): pass"})", options);
  EXPECT_EQ(a.request.code, "class A(Scene): pass");
  EXPECT_EQ(a.request.quality, render::Quality::kMedium);
  EXPECT_EQ(a.request.compat, render::Compat::kNone);
  EXPECT_FALSE(a.request.format.has_value());
  EXPECT_FALSE(a.request.dry_run);
  EXPECT_TRUE(a.wait);
  EXPECT_TRUE(a.cache);

  SceneArgs b = Scene(Tool::kRenderScene, R"({"code":"x","scene":"B","quality":"-qh",
      "format":"webm","compat":"0.19","wait":false,"cache":false})");
  EXPECT_EQ(b.request.scene, "B");
  EXPECT_EQ(b.request.quality, render::Quality::kHigh);
  EXPECT_EQ(b.request.format, render::Format::kWebm);
  EXPECT_EQ(b.request.compat, render::Compat::kV019);
  EXPECT_FALSE(b.wait);
  EXPECT_FALSE(b.cache);
  EXPECT_TRUE(Scene(Tool::kRenderScene, R"({"code":"x","cache":null})").cache);
  EXPECT_FALSE(Scene(Tool::kRenderScene, R"({"code":"x","format":null})").request.format);
}

TEST(McpToolArgsTest, ValidateIsADryRunWithoutFormatOrWait) {
  EXPECT_TRUE(Scene(Tool::kValidateScene, R"({"code":"x"})").request.dry_run);
  EXPECT_EQ(FirstPath(Error(Tool::kValidateScene, R"({"code":"x","format":"mp4"})")), "format");
  EXPECT_EQ(FirstPath(Error(Tool::kValidateScene, R"({"code":"x","wait":true})")), "wait");
  EXPECT_EQ(FirstPath(Error(Tool::kValidateScene, R"({"code":"x","cache":true})")), "cache");
}

TEST(McpToolArgsTest, EveryProblemNamesItsField) {
  RpcError none = Error(Tool::kRenderScene, "{}");
  EXPECT_EQ(none.code, kInvalidParams);
  EXPECT_EQ(FirstPath(none), "code");
  EXPECT_EQ(none.data.at("errors").as_array().size(), 1u);  // required, not also empty
  EXPECT_EQ(FirstPath(Error(Tool::kRenderScene, R"({"code":5})")), "code");
  EXPECT_NE(Error(Tool::kRenderScene, R"({"code":5})").message.find("code must be a string"),
            std::string::npos);
  // The request's own checks, with `code` for codeContent.
  RpcError blank = Error(Tool::kRenderScene, R"({"code":"  \n"})");
  EXPECT_NE(blank.message.find("code must not be empty"), std::string::npos) << blank.message;
  EXPECT_EQ(blank.message.find("codeContent"), std::string::npos) << blank.message;
  ArgOptions small;
  small.max_code_bytes = 4;
  EXPECT_NE(Error(Tool::kRenderScene, R"({"code":"12345"})", small).message.find("limit is 4"),
            std::string::npos);
  EXPECT_EQ(FirstPath(Error(Tool::kRenderScene, R"({"code":"x","scene":"no such"})")), "scene");
  EXPECT_EQ(FirstPath(Error(Tool::kRenderScene, R"({"code":"x","quality":"best"})")), "quality");
  EXPECT_EQ(FirstPath(Error(Tool::kRenderScene, R"({"code":"x","format":"avi"})")), "format");
  EXPECT_EQ(FirstPath(Error(Tool::kRenderScene, R"({"code":"x","compat":"0.18"})")), "compat");
  EXPECT_EQ(FirstPath(Error(Tool::kRenderScene, R"({"code":"x","wait":"no"})")), "wait");
  RpcError cache = Error(Tool::kRenderScene, R"({"code":"x","cache":"no"})");
  EXPECT_EQ(FirstPath(cache), "cache");
  EXPECT_NE(cache.message.find("cache must be true or false (got string)"), std::string::npos)
      << cache.message;
  RpcError extra = Error(Tool::kRenderScene, R"({"code":"x","codeContent":"y"})");
  EXPECT_EQ(FirstPath(extra), "codeContent");
  EXPECT_NE(extra.message.find("unknown argument codeContent"), std::string::npos);
  RpcError two = Error(Tool::kRenderScene, R"({"quality":"best"})");
  EXPECT_NE(two.message.find("(and 1 more)"), std::string::npos) << two.message;
}

TEST(McpToolArgsTest, JobToolsTakeAJobId) {
  auto r = Parse(Tool::kCancelJob, R"({"jobId":"abc"})");
  ASSERT_TRUE(std::holds_alternative<ToolArgs>(r));
  EXPECT_EQ(std::get<JobArgs>(std::get<ToolArgs>(r)).job_id, "abc");
  EXPECT_EQ(FirstPath(Error(Tool::kGetJob, "{}")), "jobId");
  EXPECT_EQ(FirstPath(Error(Tool::kGetJob, R"({"jobId":""})")), "jobId");
  EXPECT_EQ(FirstPath(Error(Tool::kGetJob, R"({"jobId":7})")), "jobId");
  EXPECT_EQ(FirstPath(Error(Tool::kGetJob, R"({"jobId":"a","id":"b"})")), "id");
}

}  // namespace
}  // namespace manimd::mcp
