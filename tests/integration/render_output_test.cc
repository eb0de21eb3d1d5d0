// Real renders in the real sandbox, checked with ffprobe: qualities, formats,
// transparency, custom fps/resolution, text, LaTeX, 3D, scene choice.
#include <gtest/gtest.h>

#include <filesystem>

#include "manimd_process.h"

namespace manimd::testing_support {
namespace {

namespace fs = std::filesystem;

// The decoded video has exactly this geometry, frame rate and frame count.
void ExpectVideo(const std::string& path, int width, int height, double fps, int frames) {
  VideoInfo v = Probe(path);
  EXPECT_EQ(v.width, width) << path;
  EXPECT_EQ(v.height, height) << path;
  EXPECT_DOUBLE_EQ(v.fps, fps) << path;
  EXPECT_EQ(v.frames, frames) << path;
}

void ExpectOk(const RunResult& r) {
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  ASSERT_TRUE(r.json.at("ok").as_bool()) << r.out;
}

TEST(RenderOutputTest, ShapesLowQualityIsExactly480p15With30Frames) {
  TestEnv env;
  RunResult r = env.Render("shapes.py", {"-q", "l"});
  ExpectOk(r);
  EXPECT_EQ(r.json.at("scene").as_string(), "Shapes");
  EXPECT_EQ(r.json.at("output").as_string(), "Shapes.mp4");  // the default name
  VideoInfo v = Probe(env.dir() + "/Shapes.mp4");
  EXPECT_EQ(v.codec, "h264");
  EXPECT_EQ(v.width, 854);
  EXPECT_EQ(v.height, 480);
  EXPECT_DOUBLE_EQ(v.fps, 15);
  EXPECT_EQ(v.frames, 30);  // 1 s Create + 1 s wait
  EXPECT_EQ(r.json.at("bytes").as_int64(),
            static_cast<int64_t>(fs::file_size(env.dir() + "/Shapes.mp4")));
  EXPECT_EQ(env.JobDirsLeft(), 0);
}

struct QualityCase {
  const char* quality;
  int width, height, fps, frames;
};

class QualityTest : public testing::TestWithParam<QualityCase> {};

TEST_P(QualityTest, PresetGivesItsResolutionAndFrameRate) {
  const QualityCase& c = GetParam();
  TestEnv env;
  RunResult r = env.Render("tiny.py", {"--quality", c.quality, "-o", "out.mp4"});
  ExpectOk(r);
  ExpectVideo(env.dir() + "/out.mp4", c.width, c.height, c.fps, c.frames);  // 0.25 s
}

INSTANTIATE_TEST_SUITE_P(AllPresets, QualityTest,
                         testing::Values(QualityCase{"l", 854, 480, 15, 4},
                                         QualityCase{"m", 1280, 720, 30, 8},
                                         QualityCase{"h", 1920, 1080, 60, 15},
                                         QualityCase{"p", 2560, 1440, 60, 15},
                                         QualityCase{"k", 3840, 2160, 60, 15}),
                         [](const auto& info) { return std::string(info.param.quality); });

TEST(RenderOutputTest, OutputIntoADirectory) {
  TestEnv env;
  std::filesystem::create_directory(env.dir() + "/videos");
  RunResult r = env.Render("tiny.py", {"-q", "l", "-o", "videos"});
  ExpectOk(r);
  EXPECT_EQ(r.json.at("output").as_string(), "videos/Tiny.mp4");
  EXPECT_EQ(Probe(env.dir() + "/videos/Tiny.mp4").frames, 4);
  // A directory that does not exist is a usage error, not something made on the fly.
  r = env.Render("tiny.py", {"-q", "l", "-f", "png", "-o", "stills/"});
  EXPECT_EQ(r.exit_code, 2) << r.out;
}

TEST(RenderOutputTest, WindowsStyleFileWithByteOrderMark) {
  TestEnv env;
  std::string source = Slurp(ScenePath("tiny.py"));
  std::string crlf;
  for (char c : source) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  env.WriteFile("windows.py", "\xEF\xBB\xBF" + crlf);
  RunResult r = env.Manimd({"render", "windows.py", "--json", "-q", "l"});
  ExpectOk(r);
  EXPECT_EQ(r.json.at("scene").as_string(), "Tiny");
}

TEST(RenderOutputTest, HighQualityFullScene) {
  TestEnv env;
  RunResult r = env.Render("shapes.py", {"-q", "h"});
  ExpectOk(r);
  ExpectVideo(env.dir() + "/Shapes.mp4", 1920, 1080, 60, 120);
}

TEST(RenderOutputTest, CustomFpsAndResolution) {
  TestEnv env;
  RunResult r = env.Render("shapes.py", {"-q", "l", "--fps", "24", "--resolution", "320,240"});
  ExpectOk(r);
  ExpectVideo(env.dir() + "/Shapes.mp4", 320, 240, 24, 48);
}

struct FormatCase {
  const char* format;
  const char* codec;
  int frames;
};

class FormatTest : public testing::TestWithParam<FormatCase> {};

TEST_P(FormatTest, EachFormat) {
  const FormatCase& c = GetParam();
  TestEnv env;
  RunResult r = env.Render("shapes.py", {"-q", "l", "--format", c.format});
  ExpectOk(r);
  std::string file = env.dir() + "/Shapes." + c.format;
  EXPECT_EQ(r.json.at("format").as_string(), c.format);
  VideoInfo v = Probe(file);
  EXPECT_EQ(v.codec, c.codec);
  EXPECT_EQ(v.width, 854);
  EXPECT_EQ(v.height, 480);
  EXPECT_EQ(v.frames, c.frames);
  // Not transparent: the top-left corner is opaque black.
  EXPECT_EQ(Pixel(file, 0, 0), (std::vector<int>{0, 0, 0, 255}));
}

INSTANTIATE_TEST_SUITE_P(AllFormats, FormatTest,
                         testing::Values(FormatCase{"mp4", "h264", 30},
                                         FormatCase{"webm", "vp9", 30},
                                         FormatCase{"gif", "gif", 30},
                                         FormatCase{"mov", "h264", 30},
                                         FormatCase{"png", "png", 1}),
                         [](const auto& info) { return std::string(info.param.format); });

TEST(RenderOutputTest, TransparentOutputsCarryAlpha) {
  TestEnv env;
  ExpectOk(env.Render("shapes.py", {"-q", "l", "--transparent", "-o", "t.mov"}));
  EXPECT_EQ(Probe(env.dir() + "/t.mov").codec, "qtrle");
  EXPECT_EQ(Pixel(env.dir() + "/t.mov", 0, 0).at(3), 0);

  ExpectOk(env.Render("shapes.py", {"-q", "l", "--transparent", "--format", "png", "-o", "t.png"}));
  EXPECT_EQ(Pixel(env.dir() + "/t.png", 0, 0).at(3), 0);

  ExpectOk(
      env.Render("shapes.py", {"-q", "l", "--transparent", "--format", "webm", "-o", "t.webm"}));
  EXPECT_EQ(Probe(env.dir() + "/t.webm").alpha_mode, "1");
}

TEST(RenderOutputTest, NonAsciiText) {
  TestEnv env;
  RunResult r = env.Render("text_unicode.py", {"-q", "l", "--format", "png"});
  ExpectOk(r);
  VideoInfo v = Probe(env.dir() + "/UnicodeText.png");
  EXPECT_EQ(v.width, 854);
}

TEST(RenderOutputTest, MathTexUsesLatex) {
  TestEnv env;
  RunResult r = env.Render("mathtex.py", {"-q", "l"});
  ExpectOk(r);
  EXPECT_EQ(Probe(env.dir() + "/Formula.mp4").frames, 3);  // 0.2 s at 15 fps
}

TEST(RenderOutputTest, ThreeDScene) {
  TestEnv env;
  RunResult r = env.Render("three_d.py", {"-q", "l"});
  ExpectOk(r);
  EXPECT_EQ(Probe(env.dir() + "/Cube3D.mp4").frames, 16);  // two 0.5 s animations
}

TEST(RenderOutputTest, FirstSceneByDefaultAndSecondByName) {
  TestEnv env;
  RunResult first = env.Render("two_scenes.py", {"-q", "l"});
  ExpectOk(first);
  EXPECT_EQ(first.json.at("scene").as_string(), "First");
  EXPECT_EQ(first.json.at("scenes"), (boost::json::array{"First", "Second"}));
  EXPECT_EQ(Probe(env.dir() + "/First.mp4").frames, 8);

  RunResult second = env.Render("two_scenes.py", {"-q", "l", "--scene", "Second"});
  ExpectOk(second);
  EXPECT_EQ(second.json.at("scene").as_string(), "Second");
  EXPECT_EQ(Probe(env.dir() + "/Second.mp4").frames, 23);  // 8 + 8 + 7.5 -> 23
}

}  // namespace
}  // namespace manimd::testing_support
