// Poster frames beside every video: the last frame by default, the first on request, the
// video's own geometry (ffprobe), served like the video; none for a png render. And
// `manimd render`, which writes it beside the output file.
#include <gtest/gtest.h>

#include <filesystem>

#include "serve_process.h"

namespace manimd::testing_support {
namespace {

namespace fs = std::filesystem;

std::string ObjectPath(const ServeProcess& server, const boost::json::value& key) {
  return server.data_dir() + "/objects/" + std::string(key.as_string());
}

TEST(PosterTest, LastFrameByDefaultWithTheVideosGeometry) {
  TestEnv env;
  ServeProcess server(env);
  ASSERT_GT(server.port(), 0) << server.Log();
  HttpReply r = PostRender(server.port(), RenderBody("shapes.py"));
  ASSERT_EQ(r.status, 200) << r.body;
  std::string key(r.json.at("s3Key").as_string());
  std::string poster_key(r.json.at("posterKey").as_string());
  EXPECT_EQ(poster_key, key.substr(0, key.rfind('.')) + ".poster.png");
  VideoInfo video = Probe(ObjectPath(server, r.json.at("s3Key")));
  VideoInfo poster = Probe(ObjectPath(server, r.json.at("posterKey")));
  EXPECT_EQ(poster.codec, "png");
  EXPECT_EQ(poster.width, video.width);
  EXPECT_EQ(poster.height, video.height);
  // Shapes ends with a filled circle right of centre; its first frame is still blank there.
  std::vector<int> center = Pixel(ObjectPath(server, r.json.at("posterKey")), 546, 240);
  std::vector<int> first = Pixel(ObjectPath(server, r.json.at("s3Key")), 546, 240);
  EXPECT_NE(center, first);
  std::string url(r.json.at("posterUrl").as_string());
  HttpReply file = Http(server.port(), "GET", url.substr(url.find("/files/")));
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.Header("content-type"), "image/png");
  HttpReply job =
      Http(server.port(), "GET", "/api/jobs/" + std::string(r.json.at("jobId").as_string()));
  EXPECT_EQ(job.json.at("posterKey"), r.json.at("posterKey"));
  EXPECT_EQ(job.json.at("request").at("poster"), "last");
}

TEST(PosterTest, FirstFrameOnRequest) {
  TestEnv env;
  ServeProcess server(env);
  ASSERT_GT(server.port(), 0) << server.Log();
  HttpReply r = PostRender(server.port(), RenderBody("shapes.py", "-ql", {{"poster", "first"}}));
  ASSERT_EQ(r.status, 200) << r.body;
  std::string poster = ObjectPath(server, r.json.at("posterKey"));
  EXPECT_EQ(Pixel(poster, 546, 240), Pixel(ObjectPath(server, r.json.at("s3Key")), 546, 240));
  EXPECT_EQ(Probe(poster).width, 854);
}

TEST(PosterTest, WebmAndGifGetOnePngDoesNot) {
  TestEnv env;
  ServeProcess server(env);
  ASSERT_GT(server.port(), 0) << server.Log();
  for (const char* format : {"webm", "gif"}) {
    HttpReply r = PostRender(server.port(), RenderBody("tiny.py", "-ql", {{"format", format}}));
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_TRUE(r.json.at("posterKey").is_string()) << format << r.body;
    EXPECT_EQ(Probe(ObjectPath(server, r.json.at("posterKey"))).width, 854) << format;
  }
  HttpReply png = PostRender(server.port(), RenderBody("tiny.py", "-ql", {{"format", "png"}}));
  ASSERT_EQ(png.status, 200) << png.body;
  EXPECT_TRUE(png.json.at("posterKey").is_null()) << png.body;
}

TEST(PosterTest, BadPosterIs400) {
  TestEnv env;
  ServeProcess server(env);
  ASSERT_GT(server.port(), 0) << server.Log();
  HttpReply r = PostRender(server.port(), RenderBody("tiny.py", "-ql", {{"poster", "middle"}}));
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("poster"), std::string::npos) << r.body;
}

boost::json::object CliRender(const TestEnv& env, const std::vector<std::string>& extra,
                              RunResult* run = nullptr) {
  std::vector<std::string> args = {"render", ScenePath("shapes.py"), "-q", "l", "--json"};
  args.insert(args.end(), extra.begin(), extra.end());
  RunResult r = env.Manimd(args);
  if (run) *run = r;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(r.out, ec);
  EXPECT_FALSE(ec) << r.out << r.err;
  return !ec && v.is_object() ? v.get_object() : boost::json::object();
}

TEST(PosterTest, CliWritesTheLastFrameBesideTheVideo) {
  TestEnv env;
  std::string out = env.dir() + "/clip.mp4";
  boost::json::object r = CliRender(env, {"-o", out});
  ASSERT_EQ(r.at("ok"), true) << boost::json::serialize(r);
  EXPECT_EQ(std::string(r.at("posterPath").as_string()), env.dir() + "/clip.png");
  VideoInfo video = Probe(out);
  VideoInfo poster = Probe(env.dir() + "/clip.png");
  EXPECT_EQ(poster.codec, "png");
  EXPECT_EQ(poster.width, video.width);
  EXPECT_EQ(poster.height, video.height);
  EXPECT_NE(Pixel(env.dir() + "/clip.png", 546, 240), Pixel(out, 546, 240));  // the last frame
  for (const auto& entry : fs::directory_iterator(env.dir())) {  // no staging left behind
    EXPECT_EQ(entry.path().filename().string().find(".manimd-render"), std::string::npos);
  }
}

TEST(PosterTest, CliFirstFrameToAChosenFileOrNone) {
  TestEnv env;
  std::string out = env.dir() + "/a.mp4";
  std::string chosen = env.dir() + "/thumbs/first.png";
  fs::create_directories(env.dir() + "/thumbs");
  boost::json::object r = CliRender(env, {"-o", out, "--poster", "first", "--poster-file", chosen});
  ASSERT_EQ(r.at("ok"), true) << boost::json::serialize(r);
  EXPECT_EQ(std::string(r.at("posterPath").as_string()), chosen);
  EXPECT_EQ(Pixel(chosen, 546, 240), Pixel(out, 546, 240));  // the first frame
  EXPECT_FALSE(fs::exists(env.dir() + "/a.png"));

  std::string bare = env.dir() + "/b.mp4";
  r = CliRender(env, {"-o", bare, "--no-poster"});
  ASSERT_EQ(r.at("ok"), true) << boost::json::serialize(r);
  EXPECT_FALSE(r.contains("posterPath"));
  EXPECT_FALSE(fs::exists(env.dir() + "/b.png"));

  RunResult bad;
  CliRender(env, {"-o", bare, "--poster", "middle"}, &bad);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--poster"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace manimd::testing_support
