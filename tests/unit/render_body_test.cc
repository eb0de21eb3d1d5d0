#include "api/render_body.h"

#include <gtest/gtest.h>

namespace manimd::api {
namespace {

constexpr const char* kJson = "application/json";

BodyError ErrorOf(std::string_view body, std::string_view type = kJson) {
  auto r = ParseRenderBody(type, body, BodyOptions{1000});
  EXPECT_TRUE(std::holds_alternative<BodyError>(r)) << body;
  return std::holds_alternative<BodyError>(r) ? std::get<BodyError>(r) : BodyError{};
}

TEST(RenderBodyTest, TheSeedsBodyParses) {
  auto r = ParseRenderBody("application/json; charset=utf-8",
                           R"({"codeContent": "class A(Scene): pass", "quality": "-ql"})",
                           BodyOptions{1000});
  ASSERT_TRUE(std::holds_alternative<RenderBody>(r));
  const RenderBody& b = std::get<RenderBody>(r);
  EXPECT_EQ(b.request.code, "class A(Scene): pass");
  EXPECT_EQ(b.request.quality, render::Quality::kLow);
  EXPECT_FALSE(b.request.scene.has_value());
}

TEST(RenderBodyTest, DefaultsAndOptionalFields) {
  auto r = ParseRenderBody(kJson, R"({"codeContent": "x = 1", "scene": "Intro", "format": "webm",
      "fps": 24, "resolution": "640,360", "transparent": true, "quality": null,
      "callbackUrl": "https://hook.example/x", "unknown": [1]})",
                           BodyOptions{1000});
  ASSERT_TRUE(std::holds_alternative<RenderBody>(r));
  const RenderBody& b = std::get<RenderBody>(r);
  EXPECT_EQ(b.request.quality, render::Quality::kMedium);  // the seed's default
  EXPECT_EQ(b.request.scene, "Intro");
  EXPECT_EQ(b.request.format, render::Format::kWebm);
  EXPECT_EQ(b.request.fps, 24);
  EXPECT_EQ(b.request.resolution, (render::Resolution{640, 360}));
  EXPECT_TRUE(b.request.transparent);
  EXPECT_EQ(b.callback_url, "https://hook.example/x");
}

TEST(RenderBodyTest, SplitIsABooleanOrAbsent) {
  auto parsed = [](const std::string& body) {
    auto r = ParseRenderBody(kJson, body, BodyOptions{1000});
    return std::get<RenderBody>(r).request.split;
  };
  EXPECT_EQ(parsed(R"({"codeContent": "x"})"), std::nullopt);
  EXPECT_EQ(parsed(R"({"codeContent": "x", "split": null})"), std::nullopt);
  EXPECT_EQ(parsed(R"({"codeContent": "x", "split": false})"), false);
  EXPECT_EQ(parsed(R"({"codeContent": "x", "split": true})"), true);
  BodyError e = ErrorOf(R"({"codeContent": "x", "split": "no"})");
  ASSERT_EQ(e.errors.size(), 1u);
  EXPECT_EQ(e.errors[0].field, "split");
  EXPECT_EQ(e.errors[0].message, "split must be true or false (got string)");
}

TEST(RenderBodyTest, SyntaxErrorsSayWhere) {
  BodyError e = ErrorOf("{\n  \"codeContent\": \"x\",\n  oops\n}");
  EXPECT_EQ(e.status, 400);
  EXPECT_NE(e.message.find("line 3, column 3"), std::string::npos) << e.message;
  EXPECT_NE(ErrorOf(R"({"codeContent": "x"} trailing)").message.find("malformed JSON"),
            std::string::npos);
}

TEST(RenderBodyTest, EveryBadFieldIsListed) {
  BodyError e = ErrorOf(R"({"codeContent": 1, "quality": "-qq", "fps": "30", "transparent": 1})");
  ASSERT_EQ(e.errors.size(), 4u) << e.message;
  EXPECT_EQ(e.errors[0].field, "codeContent");
  EXPECT_EQ(e.errors[1].field, "quality");
  EXPECT_EQ(e.errors[2].field, "fps");
  EXPECT_EQ(e.errors[3].field, "transparent");
  EXPECT_NE(e.message.find("(and 3 more)"), std::string::npos);
}

TEST(RenderBodyTest, SemanticChecksOfTheRequest) {
  EXPECT_EQ(ErrorOf(R"({"codeContent": ""})").errors.at(0).message,
            "codeContent must not be empty");
  EXPECT_NE(ErrorOf(R"({"codeContent": ")" + std::string(1001, 'a') + "\"}")
                .errors.at(0)
                .message.find("limit is 1000"),
            std::string::npos);
  EXPECT_EQ(ErrorOf(R"({"codeContent": "x", "fps": 0})").errors.at(0).field, "fps");
  EXPECT_EQ(
      ErrorOf(R"({"codeContent": "x", "format": "mp4", "transparent": true})").errors.at(0).field,
      "transparent");
}

TEST(RenderBodyTest, OnlyJsonIsAccepted) {
  EXPECT_EQ(ErrorOf(R"({"codeContent": "x"})", "text/plain").status, 415);
  EXPECT_EQ(ErrorOf(R"({"codeContent": "x"})", "").status, 415);
  EXPECT_EQ(ErrorOf("[]").status, 400);
  EXPECT_EQ(ErrorOf("  ").status, 400);
  auto r =
      ParseRenderBody("application/vnd.api+json", R"({"codeContent": "x"})", BodyOptions{1000});
  EXPECT_TRUE(std::holds_alternative<RenderBody>(r));
}

}  // namespace
}  // namespace manimd::api

namespace manimd::api {
namespace {

TEST(RenderBodyTest, WebhookFieldsParse) {
  auto r = ParseRenderBody(kJson, R"({"codeContent": "x = 1", "poster": "first",
      "callbackUrl": "https://hook.example/x", "metadata": {"order": 42, "tags": ["a"]},
      "callbackHeaders": {"Authorization": "Bearer t"}, "callbackEvents": ["progress", "done"]})",
                           BodyOptions{1000});
  ASSERT_TRUE(std::holds_alternative<RenderBody>(r));
  const RenderBody& b = std::get<RenderBody>(r);
  EXPECT_EQ(b.request.poster, render::Poster::kFirst);
  EXPECT_EQ(b.metadata, R"({"order":42,"tags":["a"]})");
  ASSERT_EQ(b.callback_headers.size(), 1u);
  EXPECT_EQ(b.callback_headers[0].second, "Bearer t");
  EXPECT_TRUE(b.callback_progress);
}

TEST(RenderBodyTest, BadWebhookFieldsAreNamed) {
  std::string big =
      R"({"codeContent": "x = 1", "metadata": {"a": ")" + std::string(17000, 'x') + R"("}})";
  struct Case {
    std::string body;
    const char* field;
  };
  for (const Case& c :
       {Case{big, "metadata"}, Case{R"({"codeContent": "x", "metadata": [1]})", "metadata"},
        Case{R"({"codeContent": "x", "poster": "middle"})", "poster"},
        Case{R"({"codeContent": "x", "callbackHeaders": {"Host": "a"}})", "callbackHeaders"},
        Case{R"({"codeContent": "x", "callbackHeaders": {"X-A": "a\r\nB: c"}})", "callbackHeaders"},
        Case{R"({"codeContent": "x", "callbackHeaders": {"X-A": 1}})", "callbackHeaders"},
        Case{R"({"codeContent": "x", "callbackEvents": ["finished"]})", "callbackEvents"}}) {
    BodyError e = ErrorOf(c.body);
    EXPECT_EQ(e.status, 400);
    ASSERT_FALSE(e.errors.empty()) << c.body;
    EXPECT_EQ(e.errors[0].field, c.field) << c.body;
    EXPECT_NE(e.message.find(c.field), std::string::npos) << e.message;
  }
}

}  // namespace
}  // namespace manimd::api
