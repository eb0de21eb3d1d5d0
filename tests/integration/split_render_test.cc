// Split renders (docs/split.md) against a real `manimd serve` with SPLIT=on, and a Redis
// `manimd worker`: each scene is rendered whole ("split": false) and split, and the two
// files are compared with ffprobe and ffmpeg's psnr filter frame by frame. Also: what must
// not be split (an updater, sound), cancel, a failing chunk, the job's CPU total, and
// the warnings of all chunks merged as the whole render gives them.
#include <gtest/gtest.h>

#include "redis_server.h"
#include "serve_process.h"
#include "video_compare.h"

namespace manimd::testing_support {
namespace {

std::map<std::string, std::string> SplitOn() {
  // Every scene here is short: no threshold, so that any two animations are split.
  return {{"SPLIT", "on"}, {"SPLIT_MIN_FRAMES", "0"}, {"MAX_CONCURRENT_RENDERS", "2"}};
}

struct Rendered {
  HttpReply reply;  // the job object once final
  std::string path;
};

Rendered RenderJob(const ServeProcess& server, const std::string& scene, bool split,
                   const std::string& quality = "-ql") {
  HttpReply r =
      Http(server.port(), "POST", "/api/jobs", RenderBody(scene, quality, {{"split", split}}),
           {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 202) << r.body;
  if (r.status != 202) return {r, ""};
  Rendered out{WaitForJob(server.port(), std::string(r.json.at("jobId").as_string()), 240), ""};
  if (out.reply.json.contains("s3Key") && out.reply.json.at("s3Key").is_string()) {
    out.path =
        server.data_dir() + "/objects/" + std::string(out.reply.json.at("s3Key").as_string());
  }
  return out;
}

int Chunks(const HttpReply& job) {
  const boost::json::value* c = job.json.if_contains("chunks");
  return c && c->is_int64() ? static_cast<int>(c->as_int64()) : 0;
}

// Whole and split renders of `scene` agree: same container, codec, size, fps, frame count,
// and every frame at least 45 dB PSNR. Returns the split job.
HttpReply ExpectSameAsWhole(const TestEnv& env, const ServeProcess& server,
                            const std::string& scene, int want_chunks) {
  Rendered whole = RenderJob(server, scene, false);
  Rendered split = RenderJob(server, scene, true);
  EXPECT_EQ(whole.reply.json.at("status"), "succeeded") << whole.reply.body;
  EXPECT_EQ(split.reply.json.at("status"), "succeeded") << split.reply.body;
  EXPECT_EQ(Chunks(whole.reply), 1) << whole.reply.body;
  EXPECT_EQ(Chunks(split.reply), want_chunks) << split.reply.body << server.Log();
  if (whole.path.empty() || split.path.empty()) return split.reply;
  ExpectSameVideo(env, whole.path, split.path, scene);
  return split.reply;
}

TEST(SplitRenderTest, ManyUnequalAnimationsMatchTheWholeRender) {
  TestEnv env;
  ServeProcess server(env, SplitOn());
  ASSERT_GT(server.port(), 0) << server.Log();
  HttpReply job = ExpectSameAsWhole(env, server, "split/many.py", 2);
  EXPECT_EQ(job.json.at("request").at("split"), true);
}

TEST(SplitRenderTest, TwoAnimationsMatchTheWholeRender) {
  TestEnv env;
  ServeProcess server(env, SplitOn());
  ASSERT_GT(server.port(), 0) << server.Log();
  ExpectSameAsWhole(env, server, "split/two.py", 2);
}

TEST(SplitRenderTest, ThreeDSceneMatchesTheWholeRender) {
  TestEnv env;
  ServeProcess server(env, SplitOn());
  ASSERT_GT(server.port(), 0) << server.Log();
  ExpectSameAsWhole(env, server, "split/cube.py", 2);
}

TEST(SplitRenderTest, MoreSlotsGiveMoreChunks) {
  TestEnv env;
  std::map<std::string, std::string> vars = SplitOn();
  vars["MAX_CONCURRENT_RENDERS"] = "3";
  vars["SPLIT_MAX_CHUNKS"] = "3";
  ServeProcess server(env, vars);
  ASSERT_GT(server.port(), 0) << server.Log();
  ExpectSameAsWhole(env, server, "split/many.py", 3);
}

TEST(SplitRenderTest, OneAnimationIsRenderedWhole) {
  TestEnv env;
  ServeProcess server(env, SplitOn());
  ASSERT_GT(server.port(), 0) << server.Log();
  Rendered r = RenderJob(server, "split/one.py", true);
  EXPECT_EQ(r.reply.json.at("status"), "succeeded") << r.reply.body;
  EXPECT_EQ(Chunks(r.reply), 1);
  EXPECT_EQ(Probe(r.path).frames, 30);  // 2 s at 15 fps
}

TEST(SplitRenderTest, AnUpdaterKeepsTheSceneWhole) {
  TestEnv env;
  ServeProcess server(env, SplitOn());
  ASSERT_GT(server.port(), 0) << server.Log();
  Rendered r = RenderJob(server, "split/updater.py", true);
  EXPECT_EQ(r.reply.json.at("status"), "succeeded") << r.reply.body;
  EXPECT_EQ(Chunks(r.reply), 1);
  EXPECT_EQ(Probe(r.path).frames, 30);
}

TEST(SplitRenderTest, SplitOffByConfigurationOrRequest) {
  TestEnv env;
  ServeProcess off(env, {{"SPLIT", "off"}, {"SPLIT_MIN_FRAMES", "0"}});
  ASSERT_GT(off.port(), 0) << off.Log();
  EXPECT_EQ(Chunks(RenderJob(off, "split/two.py", true).reply), 1);
  // A split that is not a boolean is the client's mistake, named.
  HttpReply bad = PostRender(off.port(), RenderBody("split/two.py", "-ql", {{"split", "yes"}}));
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find("split must be true or false"), std::string::npos) << bad.body;
}

TEST(SplitRenderTest, SplitsByDefaultAboveTheThreshold) {
  TestEnv env;
  // SPLIT unset (auto): two.py's 2.4 s at 15 fps is 9 + 27 = 36 estimated frames. Its
  // -ql is below the default SPLIT_MIN_HEIGHT (1080): whole, without a dry run.
  ServeProcess low(env, {{"SPLIT_MIN_FRAMES", "36"}, {"MAX_CONCURRENT_RENDERS", "2"}});
  ASSERT_GT(low.port(), 0) << low.Log();
  EXPECT_EQ(Chunks(RenderJob(low, "split/two.py", true).reply), 1);
  EXPECT_TRUE(low.LogShows("below SPLIT_MIN_HEIGHT (1080)")) << low.Log();
  low.Stop();
  ServeProcess at(
      env,
      {{"SPLIT_MIN_FRAMES", "36"}, {"SPLIT_MIN_HEIGHT", "0"}, {"MAX_CONCURRENT_RENDERS", "2"}});
  ASSERT_GT(at.port(), 0) << at.Log();
  EXPECT_EQ(Chunks(RenderJob(at, "split/two.py", true).reply), 2) << at.Log();
  // Unset in the request means the same as true.
  HttpReply r = Http(at.port(), "POST", "/api/jobs", RenderBody("split/two.py", "-ql"),
                     {{"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(Chunks(WaitForJob(at.port(), std::string(r.json.at("jobId").as_string()), 240)), 2);
  at.Stop();
  ServeProcess above(
      env,
      {{"SPLIT_MIN_FRAMES", "37"}, {"SPLIT_MIN_HEIGHT", "0"}, {"MAX_CONCURRENT_RENDERS", "2"}});
  ASSERT_GT(above.port(), 0) << above.Log();
  EXPECT_EQ(Chunks(RenderJob(above, "split/two.py", true).reply), 1);
  EXPECT_TRUE(above.LogShows("about 36 frames, below SPLIT_MIN_FRAMES")) << above.Log();
  above.Stop();
  // One slot: never split, whatever the length.
  ServeProcess one_slot(
      env, {{"SPLIT_MIN_FRAMES", "0"}, {"SPLIT_MIN_HEIGHT", "0"}, {"MAX_CONCURRENT_RENDERS", "1"}});
  ASSERT_GT(one_slot.port(), 0) << one_slot.Log();
  EXPECT_EQ(Chunks(RenderJob(one_slot, "split/two.py", true).reply), 1);
}

TEST(SplitRenderTest, ARedisWorkerSplitsOverItsOwnSlots) {
  TestEnv env;
  RedisServer redis;
  ASSERT_FALSE(redis.url().empty()) << redis.log();
  std::map<std::string, std::string> node = {{"REDIS_URL", redis.url()}, {"DATA_DIR_SHARED", "on"}};
  std::map<std::string, std::string> api_vars = node;
  api_vars["SERVE_RENDERS"] = "off";
  ServeProcess api(env, api_vars);
  ASSERT_GT(api.port(), 0) << api.Log();
  std::map<std::string, std::string> worker_vars = SplitOn();
  worker_vars["SPLIT"] = "auto";          // the default; SPLIT_MIN_FRAMES=0 makes any scene long
  worker_vars["SPLIT_MIN_HEIGHT"] = "0";  // and any height tall enough
  for (auto& [k, v] : node) worker_vars[k] = v;
  auto worker = ServeProcess::Worker(env, worker_vars);
  ASSERT_TRUE(worker->started()) << worker->Log();
  ExpectSameAsWhole(env, api, "split/many.py", 2);
  EXPECT_TRUE(worker->LogShows("render.split")) << worker->Log();
}

// The spinning scene burns CPU in each chunk's own animation; each chunk alone could use
// RENDER_CPU_S, together they may not.
TEST(SplitRenderTest, AllChunksTogetherAreBoundByTheWholeRendersCpuLimit) {
  TestEnv env;
  std::map<std::string, std::string> vars = SplitOn();
  vars["RENDER_CPU_S"] = "8";
  vars["RENDER_TIMEOUT_S"] = "200";
  ServeProcess server(env, vars);
  ASSERT_GT(server.port(), 0) << server.Log();
  Rendered r = RenderJob(server, "split/spin.py", true);
  ASSERT_EQ(r.reply.json.at("status"), "failed") << r.reply.body;
  EXPECT_EQ(Chunks(r.reply), 2) << r.reply.body;
  const boost::json::object& error = r.reply.json.at("error").as_object();
  EXPECT_EQ(error.at("kind"), "timeout") << r.reply.body;
  EXPECT_NE(std::string(error.at("message").as_string()).find("chunks together used more than 8 s"),
            std::string::npos)
      << r.reply.body;
  // Without the total the two chunks would stop only at 8 s each: 16 s. The usage counts
  // at least what stopped them (a chunk's CPU meter never goes down when its killed
  // processes leave /proc).
  std::int64_t cpu_ms = r.reply.json.at("usage").at("cpuMs").to_number<std::int64_t>();
  EXPECT_GE(cpu_ms, 8000) << r.reply.body;
  EXPECT_LT(cpu_ms, 12000) << r.reply.body;
  EXPECT_TRUE(WaitFor([&] { return env.ProcessesInUidRange(false) == 0; }, 30));
}

// The duration of the first audio stream (ffprobe); -1 when there is none.
double AudioSeconds(const TestEnv& env, const std::string& path) {
  RunResult r = RunCommand({"ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
                            "stream=duration", "-of", "csv=p=0", path},
                           {}, env.dir());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out.empty() ? -1 : std::stod(r.out);
}

TEST(SplitRenderTest, ASceneWithSoundIsRenderedWholeWithItsAudio) {
  TestEnv env;
  ServeProcess server(env, SplitOn());
  ASSERT_GT(server.port(), 0) << server.Log();
  Rendered whole = RenderJob(server, "split/sound.py", false);
  Rendered split = RenderJob(server, "split/sound.py", true);
  ASSERT_EQ(whole.reply.json.at("status"), "succeeded") << whole.reply.body;
  ASSERT_EQ(split.reply.json.at("status"), "succeeded") << split.reply.body;
  EXPECT_EQ(Chunks(split.reply), 1) << split.reply.body;
  EXPECT_TRUE(server.LogShows("add_sound")) << server.Log();
  double w = AudioSeconds(env, whole.path), s = AudioSeconds(env, split.path);
  EXPECT_GT(w, 1.0);  // the tone starts after the first second of 3.5
  EXPECT_NEAR(s, w, 0.05);
  EXPECT_EQ(Probe(split.path).frames, Probe(whole.path).frames);
}

TEST(SplitRenderTest, AFailingChunkFailsTheJobWithTheUsersLine) {
  TestEnv env;
  ServeProcess server(env, SplitOn());
  ASSERT_GT(server.port(), 0) << server.Log();
  Rendered r = RenderJob(server, "split/fails_late.py", true);
  ASSERT_EQ(r.reply.json.at("status"), "failed") << r.reply.body;
  EXPECT_EQ(Chunks(r.reply), 2);
  const boost::json::object& error = r.reply.json.at("error").as_object();
  EXPECT_EQ(error.at("kind"), "python_error");
  std::string message(error.at("message").as_string());
  EXPECT_NE(message.find("chunk 2 of 2"), std::string::npos) << message;
  EXPECT_NE(message.find("exploded mid-animation"), std::string::npos) << message;
  EXPECT_EQ(error.at("location").at("line"), 9) << r.reply.body;  // the raise
}

TEST(SplitRenderTest, CancelStopsEveryChunk) {
  TestEnv env;
  ServeProcess server(env, SplitOn());
  ASSERT_GT(server.port(), 0) << server.Log();
  HttpReply r = Http(server.port(), "POST", "/api/jobs",
                     RenderBody("split/long.py", "-ql", {{"split", true}}),
                     {{"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 202) << r.body;
  std::string id(r.json.at("jobId").as_string());
  // Some frames done: then cancel.
  ASSERT_TRUE(WaitFor(
      [&] {
        HttpReply j = Http(server.port(), "GET", "/api/jobs/" + id);
        return j.json.contains("progress") &&
               j.json.at("progress").at("percent").to_number<double>() > 0;
      },
      120))
      << server.Log();
  EXPECT_EQ(Http(server.port(), "DELETE", "/api/jobs/" + id).status, 200);
  HttpReply done = WaitForJob(server.port(), id, 60);
  EXPECT_EQ(done.json.at("status"), "cancelled") << done.body;
  EXPECT_EQ(done.json.at("error").at("kind"), "cancelled");
  // Stopping a forked render kills everything of its slot's uid, fork server included:
  // both chunks ran in the only two slots, so nothing of this test's uids may be left.
  EXPECT_TRUE(WaitFor([&] { return env.ProcessesInUidRange(false) == 0; }, 30))
      << env.ProcessesInUidRange(false) << " processes left";
  EXPECT_EQ(env.JobDirsLeft(), 0);
}

TEST(SplitRenderTest, ProgressOfASplitJobNeverDecreases) {
  TestEnv env;
  ServeProcess server(env, SplitOn());
  ASSERT_GT(server.port(), 0) << server.Log();
  HttpReply r = Http(server.port(), "POST", "/api/jobs",
                     RenderBody("split/many.py", "-ql", {{"split", true}}),
                     {{"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 202) << r.body;
  std::string id(r.json.at("jobId").as_string());
  int status = 0;
  std::vector<SseEvent> events =
      ReadSse(server.port(), "/api/jobs/" + id + "/events", 240, &status);
  double last_percent = -1;
  int last_animation = -1, seen = 0;
  for (const SseEvent& e : events) {
    if (e.event != "progress") continue;
    ++seen;
    double percent = e.json.at("percent").to_number<double>();
    int animation = static_cast<int>(e.json.at("animation").as_int64());
    EXPECT_GE(percent, last_percent) << e.data;
    EXPECT_GE(animation, last_animation) << e.data;
    last_percent = percent;
    last_animation = animation;
  }
  EXPECT_GE(seen, 2);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().json.at("status"), "succeeded") << events.back().data;
}

// Every chunk runs construct() from the start, so the warnings of the lines before its
// animations come again; the job must list each warning once, as the whole render does.
TEST(SplitRenderTest, ASplitJobWarnsAsTheWholeRenderDoes) {
  TestEnv env;
  ServeProcess server(env, SplitOn());
  ASSERT_GT(server.port(), 0) << server.Log();
  Rendered whole = RenderJob(server, "split/warns.py", false);
  Rendered split = RenderJob(server, "split/warns.py", true);
  ASSERT_EQ(split.reply.json.at("status"), "succeeded") << split.reply.body;
  EXPECT_EQ(Chunks(split.reply), 2) << split.reply.body;
  ASSERT_TRUE(whole.reply.json.contains("warnings")) << whole.reply.body;
  const boost::json::array& want = whole.reply.json.at("warnings").as_array();
  std::vector<std::int64_t> lines;
  for (const boost::json::value& w : want) lines.push_back(w.at("line").as_int64());
  EXPECT_EQ(lines, (std::vector<std::int64_t>{7, 10, 11})) << whole.reply.body;
  ASSERT_TRUE(split.reply.json.contains("warnings")) << split.reply.body;
  EXPECT_EQ(split.reply.json.at("warnings"), whole.reply.json.at("warnings"));
}

}  // namespace
}  // namespace manimd::testing_support
