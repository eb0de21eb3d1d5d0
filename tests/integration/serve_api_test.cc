// The HTTP contract of `manimd serve` against the real server and real renders: the seed's
// answers byte for byte, our additions, every 4xx, downloads with ranges, CORS.
#include <gtest/gtest.h>

#include <regex>

#include "serve_process.h"

namespace manimd::testing_support {
namespace {

namespace json = boost::json;

class ServeApiTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_GT(server_.port(), 0) << server_.Log(); }
  int port() const { return server_.port(); }
  TestEnv env_;
  ServeProcess server_{env_};
};

TEST_F(ServeApiTest, TheOpenApiDocumentIsServed) {
  HttpReply doc = Http(port(), "GET", "/openapi.yaml");
  EXPECT_EQ(doc.status, 200);
  EXPECT_EQ(doc.Header("content-type"), "application/yaml; charset=utf-8");
  EXPECT_EQ(doc.body, Slurp(std::string(MANIMD_TEST_SCENES) + "/../../../docs/openapi.yaml"));
  HttpReply again =
      Http(port(), "GET", "/openapi.yaml", "", {{"If-None-Match", doc.Header("etag")}});
  EXPECT_EQ(again.status, 304);
}

TEST_F(ServeApiTest, HealthIsByteForByteTheSeeds) {
  HttpReply r = Http(port(), "GET", "/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"message":"Health is OK"})");
  EXPECT_EQ(r.Header("content-type"), "application/json; charset=utf-8");
}

TEST_F(ServeApiTest, RenderAnswersLikeTheSeedAndTheVideoDownloads) {
  HttpReply r = PostRender(port(), RenderBody("tiny.py", "-ql"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json.at("message"), "Video created and uploaded successfully.");
  std::string key(r.json.at("s3Key").as_string());
  EXPECT_TRUE(std::regex_match(key, std::regex(R"(videos/[0-9a-f-]{36}/Tiny\.mp4)"))) << key;
  EXPECT_EQ(r.json.at("cached"), false);
  EXPECT_EQ(r.json.at("jobId").as_string().size(), 32u);
  std::string url(r.json.at("url").as_string());
  std::string prefix = "http://127.0.0.1:" + std::to_string(port());
  ASSERT_EQ(url, prefix + "/files/" + key);

  HttpReply file = Http(port(), "GET", url.substr(prefix.size()));
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.Header("content-type"), "video/mp4");
  std::string path = env_.WriteFile("download.mp4", file.body);
  VideoInfo v = Probe(path);
  EXPECT_EQ(v.codec, "h264");
  EXPECT_EQ(v.width, 854);
  EXPECT_EQ(v.height, 480);
  EXPECT_DOUBLE_EQ(v.fps, 15);
  // The object is the file the sandbox wrote, moved whole into storage.
  EXPECT_EQ(Slurp(server_.data_dir() + "/objects/" + key), file.body);

  HttpReply part = Http(port(), "GET", "/files/" + key, "", {{"Range", "bytes=10-109"}});
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.body, file.body.substr(10, 100));
  EXPECT_EQ(part.Header("content-range"), "bytes 10-109/" + std::to_string(file.body.size()));
  HttpReply tail = Http(port(), "GET", "/files/" + key, "", {{"Range", "bytes=-16"}});
  EXPECT_EQ(tail.body, file.body.substr(file.body.size() - 16));
  HttpReply beyond = Http(port(), "GET", "/files/" + key, "", {{"Range", "bytes=99999999-"}});
  EXPECT_EQ(beyond.status, 416);
  EXPECT_EQ(beyond.Header("content-range"), "bytes */" + std::to_string(file.body.size()));
  HttpReply head = Http(port(), "HEAD", "/files/" + key);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("content-length"), std::to_string(file.body.size()));
  EXPECT_TRUE(head.body.empty());
}

TEST_F(ServeApiTest, FilesNeverLeaveStorage) {
  env_.WriteFile("secret.txt", "secret");
  for (const char* target :
       {"/files/../secret.txt", "/files/%2e%2e/secret.txt", "/files/..%2fsecret.txt", "/files/",
        "/files/videos/none.mp4", "/files//etc/passwd"}) {
    HttpReply r = Http(port(), "GET", target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_EQ(r.body.find("secret\""), std::string::npos) << target;
    EXPECT_TRUE(r.json.contains("message")) << target;
  }
  // A symlink planted inside storage is not followed either.
  std::string objects = server_.data_dir() + "/objects";
  ASSERT_EQ(symlink((env_.dir() + "/secret.txt").c_str(), (objects + "/link.txt").c_str()), 0);
  EXPECT_EQ(Http(port(), "GET", "/files/link.txt").status, 404);
}

TEST_F(ServeApiTest, OptionalFieldsChooseSceneAndFormat) {
  HttpReply r = PostRender(
      port(), RenderBody("two_scenes.py", "-ql", {{"scene", "Second"}, {"format", "gif"}}));
  ASSERT_EQ(r.status, 200) << r.body;
  std::string key(r.json.at("s3Key").as_string());
  EXPECT_TRUE(key.ends_with("/Second.gif")) << key;
  HttpReply file = Http(port(), "GET", "/files/" + key);
  EXPECT_EQ(file.Header("content-type"), "image/gif");
  EXPECT_EQ(file.body.substr(0, 4), "GIF8");

  HttpReply sized =
      PostRender(port(), RenderBody("tiny.py", "-ql", {{"resolution", "320,240"}, {"fps", 10}}));
  ASSERT_EQ(sized.status, 200) << sized.body;
  HttpReply video =
      Http(port(), "GET", "/files/" + std::string(sized.json.at("s3Key").as_string()));
  VideoInfo v = Probe(env_.WriteFile("sized.mp4", video.body));
  EXPECT_EQ(v.width, 320);
  EXPECT_EQ(v.height, 240);
  EXPECT_DOUBLE_EQ(v.fps, 10);
}

TEST_F(ServeApiTest, FailingSceneIs422WithThePlainTraceback) {
  HttpReply r = PostRender(port(), RenderBody("errors_exception.py"));
  ASSERT_EQ(r.status, 422) << r.body;
  const json::object& error = r.json.at("error").as_object();
  EXPECT_EQ(error.at("kind"), "python_error");
  std::string traceback(error.at("traceback").as_string());
  EXPECT_NE(traceback.find("Traceback (most recent call last)"), std::string::npos) << traceback;
  EXPECT_NE(traceback.find("KeyError: 'missing'"), std::string::npos) << traceback;
  EXPECT_NE(traceback.find("scene.py\", line 8"), std::string::npos) << traceback;
  EXPECT_EQ(traceback.find("\x1b["), std::string::npos);
  EXPECT_NE(std::string(r.json.at("message").as_string()).find("KeyError"), std::string::npos);

  HttpReply missing = PostRender(port(), RenderBody("two_scenes.py", "-ql", {{"scene", "Third"}}));
  ASSERT_EQ(missing.status, 422);
  EXPECT_EQ(missing.json.at("error").at("kind"), "scene_not_found");
  EXPECT_NE(std::string(missing.json.at("message").as_string()).find("First, Second"),
            std::string::npos);

  HttpReply syntax = PostRender(port(), RenderBody("errors_syntax.py"));
  ASSERT_EQ(syntax.status, 422);
  EXPECT_EQ(syntax.json.at("error").at("kind"), "invalid_code");
}

// Each bad body: the status, and the field its first error names ("" for none).
struct BadBody {
  const char* name;
  std::string body;
  int status;
  const char* field;
};

TEST_F(ServeApiTest, BadRequestsNameTheField) {
  const std::string code = R"("from manim import *\nclass A(Scene):\n    pass\n")";
  const BadBody cases[] = {
      {"malformed", R"({"codeContent": "x",)", 400, ""},
      {"not an object", R"(["codeContent"])", 400, ""},
      {"empty body", "", 400, ""},
      {"missing code", R"({"quality": "-ql"})", 400, "codeContent"},
      {"empty code", R"({"codeContent": "  "})", 400, "codeContent"},
      {"code not a string", R"({"codeContent": 42})", 400, "codeContent"},
      {"unknown quality", R"({"codeContent": )" + code + R"(, "quality": "-qz"})", 400, "quality"},
      {"unknown format", R"({"codeContent": )" + code + R"(, "format": "avi"})", 400, "format"},
      {"fps too high", R"({"codeContent": )" + code + R"(, "fps": 500})", 400, "fps"},
      {"fps fractional", R"({"codeContent": )" + code + R"(, "fps": 29.97})", 400, "fps"},
      {"odd resolution", R"({"codeContent": )" + code + R"(, "resolution": "641,480"})", 400,
       "resolution"},
      {"scene not a name", R"({"codeContent": )" + code + R"(, "scene": "A; rm"})", 400, "scene"},
      {"transparent not bool", R"({"codeContent": )" + code + R"(, "transparent": "yes"})", 400,
       "transparent"},
  };
  for (const BadBody& c : cases) {
    HttpReply r = PostRender(port(), c.body);
    EXPECT_EQ(r.status, c.status) << c.name << ": " << r.body;
    ASSERT_TRUE(r.json.contains("message")) << c.name;
    if (std::string(c.field).empty()) continue;
    ASSERT_TRUE(r.json.contains("errors")) << c.name << ": " << r.body;
    const json::object& first = r.json.at("errors").as_array()[0].as_object();
    EXPECT_EQ(first.at("path").as_array()[0], c.field) << c.name;
    EXPECT_NE(std::string(first.at("message").as_string()).find(c.field), std::string::npos);
  }
  HttpReply text =
      Http(port(), "POST", "/api/render", "codeContent=x", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(text.status, 415);
  EXPECT_TRUE(text.json.contains("message"));
  HttpReply huge = PostRender(port(), R"({"codeContent": ")" + std::string(2 << 20, 'a') + "\"}");
  EXPECT_EQ(huge.status, 413);
  EXPECT_TRUE(huge.json.contains("message"));
  // Nothing was rendered for any of them, and the server is still fine.
  EXPECT_EQ(Http(port(), "GET", "/health").status, 200);
}

TEST_F(ServeApiTest, UnknownRoutesAndMethodsAnswerJson) {
  HttpReply missing = Http(port(), "GET", "/api/nothing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_TRUE(missing.json.contains("message"));
  HttpReply wrong = Http(port(), "GET", "/api/render");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.Header("allow"), "POST, OPTIONS");
  EXPECT_TRUE(wrong.json.contains("message"));
}

TEST_F(ServeApiTest, RequestIdIsEchoedOrMade) {
  EXPECT_EQ(
      Http(port(), "GET", "/health", "", {{"X-Request-Id", "abc-123"}}).Header("x-request-id"),
      "abc-123");
  std::string made = Http(port(), "GET", "/health").Header("x-request-id");
  EXPECT_EQ(made.size(), 16u);
  EXPECT_NE(made, Http(port(), "GET", "/health").Header("x-request-id"));
}

TEST_F(ServeApiTest, ReadyChecksRuntimeAndStorage) {
  HttpReply r = Http(port(), "GET", "/ready");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json.at("checks").at("runtime"), "ok");
  EXPECT_EQ(r.json.at("checks").at("storage"), "ok");
}

TEST(ServeCorsTest, OnlyConfiguredOriginsGetCorsHeaders) {
  TestEnv env;
  ServeProcess server(env, {{"MOTION_HOST_ORIGIN", "http://app.test:3000"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  std::map<std::string, std::string> preflight = {
      {"Origin", "http://app.test:3000"},
      {"Access-Control-Request-Method", "POST"},
      {"Access-Control-Request-Headers", "content-type"}};
  HttpReply r = Http(server.port(), "OPTIONS", "/api/render", "", preflight);
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.Header("access-control-allow-origin"), "http://app.test:3000");
  EXPECT_NE(r.Header("access-control-allow-methods").find("POST"), std::string::npos);
  EXPECT_EQ(r.Header("access-control-allow-headers"), "content-type");

  preflight["Origin"] = "http://evil.test";
  HttpReply other = Http(server.port(), "OPTIONS", "/api/render", "", preflight);
  EXPECT_EQ(other.Header("access-control-allow-origin"), "");
  HttpReply simple =
      Http(server.port(), "GET", "/health", "", {{"Origin", "http://app.test:3000"}});
  EXPECT_EQ(simple.Header("access-control-allow-origin"), "http://app.test:3000");
  EXPECT_NE(simple.Header("access-control-expose-headers").find("X-Request-Id"), std::string::npos);

  TestEnv plain_env;
  ServeProcess plain(plain_env);  // MOTION_HOST_ORIGIN unset: same-origin only
  ASSERT_GT(plain.port(), 0);
  HttpReply none = Http(plain.port(), "GET", "/health", "", {{"Origin", "http://app.test:3000"}});
  EXPECT_EQ(none.status, 200);
  EXPECT_EQ(none.Header("access-control-allow-origin"), "");
}

}  // namespace
}  // namespace manimd::testing_support
