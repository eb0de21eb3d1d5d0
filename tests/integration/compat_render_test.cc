// The compatibility layer through the real binary and server: for every adaptation code in
// docs/compat.md, a scene under scenes/compat/ that fails (or renders differently) with
// compat "none" and renders by default with exactly the warnings its "# compat.<code>"
// markers call for, at those lines. Also the `compat` field of POST /api/render and
// /api/jobs with `warnings` in the answers, a none job after a 0.19 one in the same fork
// server, and 0.21 code rendering identically in both modes (apart from YELLOW).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <utility>

#include "serve_process.h"

namespace manimd::testing_support {
namespace {

namespace json = boost::json;

// What the scene does with compat "none".
enum class Without {
  kFails,     // fails on the first marked line
  kDiffers,   // renders, but its last frame differs from compat 0.19's
  kSame,      // renders the same (0.19's meaning needs no change, or a deprecated path)
  kFailsToo,  // fails in both modes (the adaptation renames; the runtime still lacks it)
};

struct Case {
  const char* file;  // under scenes/compat/
  const char* scene;
  Without without;
};

const Case kCases[] = {
    {"api_changes.py", "AnimationKwargs", Without::kFails},
    {"api_changes.py", "DrawBorderConfig", Without::kFails},
    {"api_changes.py", "RotatingRadians", Without::kFails},
    {"api_changes.py", "RotatingAxisPositional", Without::kDiffers},
    {"api_changes.py", "BraceTeX", Without::kDiffers},
    {"api_changes.py", "GradientOfNone", Without::kFails},
    {"api_changes.py", "SaveFinalImage", Without::kFails},
    {"api_changes.py", "LinePathArcNone", Without::kSame},
    {"api_changes.py", "Lanczos", Without::kFails},
    {"api_changes.py", "LaggedAnimationClass", Without::kFails},
    {"api_changes.py", "TypstFormula", Without::kFailsToo},
    {"api_changes.py", "PartsByTex", Without::kFails},
    {"api_changes.py", "TexSubstring", Without::kFails},
    {"api_changes.py", "TexPartString", Without::kSame},
    {"api_changes.py", "CodeParagraphColor", Without::kDiffers},
    {"api_changes.py", "CodeOldArguments", Without::kFails},
    {"old_names.py", "OldShowCreation", Without::kFails},
    {"old_names.py", "OldTextMobject", Without::kFails},
    {"old_names.py", "OldTexMobject", Without::kFails},
    {"old_names.py", "OldTexText", Without::kFails},
    {"old_names.py", "OldParametricSurface", Without::kFails},
    {"old_names.py", "OldFadeInFrom", Without::kFails},
    {"old_names.py", "OldFadeInFromDown", Without::kFails},
    {"old_names.py", "OldFadeOutAndShift", Without::kFails},
    {"old_names.py", "OldFadeOutAndShiftDown", Without::kFails},
    {"old_names.py", "OldFadeInFromLarge", Without::kFails},
    {"old_names.py", "OldFadeInFromPoint", Without::kFails},
    {"old_names.py", "OldFadeOutToPoint", Without::kFails},
    {"old_names.py", "OldVFadeIn", Without::kFails},
    {"old_names.py", "OldVFadeOut", Without::kFails},
    {"old_names.py", "OldShowCreationThenDestruction", Without::kFails},
    {"old_names.py", "OldShowCreationThenFadeOut", Without::kFails},
    {"old_names.py", "OldGetGraph", Without::kFails},
    {"old_names.py", "OldGetImplicitCurve", Without::kFails},
    {"old_names.py", "OldGetParametricCurve", Without::kFails},
    {"old_names.py", "OldGetDerivativeGraph", Without::kFails},
    {"old_names.py", "OldGetLineGraph", Without::kFails},
    {"old_names.py", "OldAddCoordinateLabels", Without::kFails},
    {"old_names.py", "OldGetVLine", Without::kFails},
    {"old_names.py", "OldGetHLine", Without::kFails},
    {"old_names.py", "OldNpMath", Without::kFails},
    {"slips.py", "FlatPoints", Without::kFails},
    {"slips.py", "FadeInPositionalShift", Without::kFails},
    {"color_names.py", "CssColours", Without::kFails},
    {"yellow.py", "Yellow", Without::kDiffers},
};

using Mark = std::pair<int, std::string>;  // (line, "compat.<code>")

// The "# compat.<code>" markers inside `scene`'s class (from its `class` line to the next).
std::vector<Mark> Markers(const std::string& file, const std::string& scene) {
  std::vector<Mark> marks;
  std::istringstream lines(Slurp(ScenePath("compat/" + file)));
  std::string line, current;
  static const std::regex kClass(R"(^class (\w+)\()"), kMark(R"(# (compat\.\w+))");
  std::smatch m;
  for (int n = 1; std::getline(lines, line); ++n) {
    if (std::regex_search(line, m, kClass)) current = m[1];
    if (current == scene && std::regex_search(line, m, kMark)) marks.emplace_back(n, m[1]);
  }
  return marks;
}

std::vector<Mark> Warnings(const json::object& o) {
  std::vector<Mark> got;
  for (const json::value& w : o.at("warnings").as_array()) {
    const json::value& line = w.at("line");
    got.emplace_back(line.is_int64() ? static_cast<int>(line.as_int64()) : 0,
                     std::string(w.at("code").as_string()));
  }
  std::sort(got.begin(), got.end());
  return got;
}

std::string Field(const json::object& o, const char* object, const char* key) {
  const json::value* v = o.if_contains(object);
  if (v == nullptr || !v->is_object() || !v->as_object().contains(key)) return "";
  const json::value& field = v->as_object().at(key);
  return field.is_string() ? std::string(field.as_string()) : json::serialize(field);
}

int ErrorLine(const json::object& o) {
  const json::value* e = o.if_contains("error");
  if (e == nullptr || !e->is_object() || !e->as_object().contains("location")) return -1;
  return static_cast<int>(e->at("location").at("line").as_int64());
}

std::string PrintCase(const ::testing::TestParamInfo<Case>& info) { return info.param.scene; }
void PrintTo(const Case& c, std::ostream* os) { *os << c.file << ":" << c.scene; }

class CompatRenderTest : public ::testing::TestWithParam<Case> {
 protected:
  RunResult RenderIn(const std::string& compat, const std::vector<std::string>& more = {}) {
    std::vector<std::string> args = {"--scene", GetParam().scene, "-q", "l", "--compat", compat};
    args.insert(args.end(), more.begin(), more.end());
    return env_.Render(std::string("compat/") + GetParam().file, args);
  }
  TestEnv env_;
};

TEST_P(CompatRenderTest, NoneShowsTheChangeAndTheDefaultAdaptsWithWarnings) {
  const Case& c = GetParam();
  std::vector<Mark> marks = Markers(c.file, c.scene);
  ASSERT_FALSE(marks.empty()) << "no # compat.<code> marker in " << c.scene;
  std::sort(marks.begin(), marks.end());

  RunResult none = RenderIn("none");
  ASSERT_TRUE(none.json.contains("ok")) << none.out << none.err;
  EXPECT_TRUE(Warnings(none.json).empty()) << none.out;  // nothing is patched, nothing warns
  if (c.without == Without::kFails || c.without == Without::kFailsToo) {
    EXPECT_EQ(none.exit_code, 1) << none.out;
    EXPECT_EQ(Field(none.json, "error", "kind"), "python_error") << none.out;
    EXPECT_EQ(Field(none.json, "error", "compat"), "none");
    EXPECT_EQ(ErrorLine(none.json), marks.front().first) << none.out;
  } else {
    EXPECT_EQ(none.exit_code, 0) << none.out;
  }

  // The default is 0.19: no --compat at all.
  RunResult adapted = env_.Render(std::string("compat/") + c.file, {"--scene", c.scene, "-q", "l"});
  ASSERT_TRUE(adapted.json.contains("warnings")) << adapted.out << adapted.err;
  EXPECT_EQ(Warnings(adapted.json), marks) << adapted.out;
  for (const json::value& w : adapted.json.at("warnings").as_array()) {
    EXPECT_FALSE(w.at("message").as_string().empty());
  }
  if (c.without == Without::kFailsToo) {
    EXPECT_EQ(adapted.exit_code, 1) << adapted.out;
    EXPECT_EQ(Field(adapted.json, "error", "compat"), "0.19");
    EXPECT_FALSE(Field(adapted.json, "error", "hint").empty()) << adapted.out;
  } else {
    EXPECT_EQ(adapted.exit_code, 0) << adapted.out;
    std::string output(adapted.json.at("output").as_string());  // relative to env_.dir()
    EXPECT_EQ(Probe(env_.dir() + "/" + output).codec, "h264") << output;
  }

  if (c.without == Without::kDiffers || c.without == Without::kSame) {
    RunResult a = RenderIn("none", {"--format", "png", "-o", env_.dir() + "/none.png"});
    RunResult b = RenderIn("0.19", {"--format", "png", "-o", env_.dir() + "/compat.png"});
    ASSERT_EQ(a.exit_code, 0) << a.out;
    ASSERT_EQ(b.exit_code, 0) << b.out;
    bool same = Slurp(env_.dir() + "/none.png") == Slurp(env_.dir() + "/compat.png");
    EXPECT_EQ(same, c.without == Without::kSame) << "last frames under none and 0.19";
  }
}

INSTANTIATE_TEST_SUITE_P(Adaptations, CompatRenderTest, ::testing::ValuesIn(kCases), PrintCase);

// Every code docs/compat.md lists has a scene above, and every marker is a documented code.
TEST(CompatCatalogueTest, EveryDocumentedCodeHasAScene) {
  std::string doc = Slurp(std::string(MANIMD_TEST_SCENES) + "/../../../docs/compat.md");
  ASSERT_FALSE(doc.empty());
  std::set<std::string> documented, marked;
  static const std::regex kCode(R"(`(compat\.\w+)`)");
  for (std::sregex_iterator it(doc.begin(), doc.end(), kCode), end; it != end; ++it) {
    documented.insert((*it)[1]);
  }
  for (const Case& c : kCases) {
    for (const Mark& m : Markers(c.file, c.scene)) marked.insert(m.second);
  }
  EXPECT_GT(documented.size(), 30u);
  for (const std::string& code : documented) EXPECT_TRUE(marked.count(code)) << code;
  for (const std::string& code : marked) EXPECT_TRUE(documented.count(code)) << code;
}

// ---- the same through the HTTP API ------------------------------------------------------

std::string CompatBody(const std::string& file, const std::string& scene, const char* compat) {
  json::object extra{{"scene", scene}};
  if (compat != nullptr) extra["compat"] = compat;
  return RenderBody("compat/" + file, "-ql", extra);
}

HttpReply PostJob(int port, const std::string& body) {
  HttpReply submitted =
      Http(port, "POST", "/api/jobs", body, {{"Content-Type", "application/json"}});
  if (submitted.status != 202) return submitted;
  return WaitForJob(port, std::string(submitted.json.at("jobId").as_string()), 120);
}

TEST(CompatHttpTest, RenderAndJobsTakeCompatAndAnswerWarnings) {
  TestEnv env;
  // One render slot: every job below runs in children of the same fork server.
  ServeProcess server(env, {{"MAX_CONCURRENT_RENDERS", "1"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  std::vector<Mark> marks = Markers("old_names.py", "OldShowCreation");
  std::sort(marks.begin(), marks.end());

  HttpReply ok = PostRender(server.port(), CompatBody("old_names.py", "OldShowCreation", "0.19"));
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Warnings(ok.json), marks) << ok.body;
  // After a 0.19 job, a none job in the same fork server still sees manim unpatched.
  HttpReply none = PostRender(server.port(), CompatBody("old_names.py", "OldShowCreation", "none"));
  ASSERT_EQ(none.status, 422) << none.body;
  EXPECT_EQ(Field(none.json, "error", "compat"), "none");
  EXPECT_EQ(ErrorLine(none.json), marks.front().first) << none.body;
  EXPECT_TRUE(Warnings(none.json).empty()) << none.body;
  // Without the field, the server's default (0.19).
  HttpReply fallback = PostRender(server.port(), CompatBody("slips.py", "FlatPoints", nullptr));
  ASSERT_EQ(fallback.status, 200) << fallback.body;
  std::vector<Mark> points = Markers("slips.py", "FlatPoints");
  std::sort(points.begin(), points.end());
  EXPECT_EQ(Warnings(fallback.json), points) << fallback.body;

  HttpReply job = PostJob(server.port(), CompatBody("api_changes.py", "AnimationKwargs", "0.19"));
  EXPECT_EQ(std::string(job.json.at("status").as_string()), "succeeded") << job.body;
  EXPECT_EQ(Field(job.json, "request", "compat"), "0.19");
  std::vector<Mark> kwargs = Markers("api_changes.py", "AnimationKwargs");
  EXPECT_EQ(Warnings(job.json), kwargs) << job.body;
  HttpReply failed =
      PostJob(server.port(), CompatBody("api_changes.py", "AnimationKwargs", "none"));
  EXPECT_EQ(std::string(failed.json.at("status").as_string()), "failed") << failed.body;
  EXPECT_EQ(Field(failed.json, "request", "compat"), "none");
  EXPECT_EQ(Field(failed.json, "error", "compat"), "none");
  EXPECT_EQ(ErrorLine(failed.json), kwargs.front().first) << failed.body;
  EXPECT_TRUE(Warnings(failed.json).empty()) << failed.body;

  HttpReply bad = PostRender(server.port(), CompatBody("slips.py", "FlatPoints", "0.18"));
  EXPECT_EQ(bad.status, 400) << bad.body;
}

TEST(CompatHttpTest, ServerDefaultNoneComesFromCompatDefault) {
  TestEnv env;
  ServeProcess server(env, {{"COMPAT_DEFAULT", "none"}});
  ASSERT_GT(server.port(), 0) << server.Log();
  HttpReply none =
      PostRender(server.port(), CompatBody("slips.py", "FadeInPositionalShift", nullptr));
  EXPECT_EQ(none.status, 422) << none.body;
  EXPECT_EQ(Field(none.json, "error", "compat"), "none");
  HttpReply adapted =
      PostRender(server.port(), CompatBody("slips.py", "FadeInPositionalShift", "0.19"));
  EXPECT_EQ(adapted.status, 200) << adapted.body;
  EXPECT_EQ(Warnings(adapted.json).size(), 1u) << adapted.body;
}

// ---- 0.21 code is the same in both modes --------------------------------------------------

// The MD5 of every decoded frame, one line each.
std::string FrameHashes(const std::string& video) {
  TestEnv scratch;
  RunResult r =
      RunCommand({"ffmpeg", "-v", "error", "-i", video, "-f", "framemd5", "-"}, {}, scratch.dir());
  std::string hashes;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line[0] != '#') hashes += line.substr(line.rfind(',') + 1) + "\n";
  }
  return hashes;
}

// Pixel x of a -ql (854x480) frame for scene x, rounded to even (Pixel's 2x2 crop).
int PixelX(double x) { return static_cast<int>((427 + x * 480 / 8.0) / 2) * 2; }
int PixelY(double y) { return static_cast<int>((240 - y * 480 / 8.0) / 2) * 2; }

// `rgba` within `tolerance` of 0xRRGGBB in each channel (video is chroma-subsampled YUV).
bool Near(const std::vector<int>& rgba, unsigned rgb, int tolerance = 8) {
  if (rgba.size() < 3) return false;
  int want[3] = {static_cast<int>(rgb >> 16), static_cast<int>((rgb >> 8) & 0xff),
                 static_cast<int>(rgb & 0xff)};
  for (int i = 0; i < 3; ++i) {
    if (std::abs(rgba[i] - want[i]) > tolerance) return false;
  }
  return true;
}

std::string Rgb(const std::vector<int>& rgba) {
  std::string s;
  for (int v : rgba) s += std::to_string(v) + " ";
  return s;
}

TEST(CompatModernCodeTest, RendersIdenticallyInBothModes) {
  TestEnv env;
  RunResult none = env.Render("compat/modern.py", {"-q", "l", "--compat", "none", "-o", "n.mp4"});
  RunResult adapted = env.Render("compat/modern.py", {"-q", "l", "-o", "a.mp4"});
  ASSERT_EQ(none.exit_code, 0) << none.out;
  ASSERT_EQ(adapted.exit_code, 0) << adapted.out;
  EXPECT_TRUE(Warnings(adapted.json).empty()) << adapted.out;
  VideoInfo a = Probe(env.dir() + "/n.mp4"), b = Probe(env.dir() + "/a.mp4");
  EXPECT_GT(a.frames, 5);
  EXPECT_EQ(a.frames, b.frames);
  std::string hashes = FrameHashes(env.dir() + "/n.mp4");
  EXPECT_FALSE(hashes.empty());
  EXPECT_EQ(hashes, FrameHashes(env.dir() + "/a.mp4"));
  // The squares' colours (BLUE, RED, GREEN, PURE_YELLOW: manim's values), the same in both.
  const std::pair<double, unsigned> squares[] = {
      {-4.5, 0x58C4DD}, {-1.5, 0xFC6255}, {1.5, 0x83C167}, {4.5, 0xFFFF00}};
  for (const auto& [x, colour] : squares) {
    std::vector<int> p = Pixel(env.dir() + "/n.mp4", PixelX(x), PixelY(2));
    EXPECT_TRUE(Near(p, colour)) << "x=" << x << ": " << Rgb(p);
    EXPECT_EQ(p, Pixel(env.dir() + "/a.mp4", PixelX(x), PixelY(2))) << "x=" << x;
  }
}

TEST(CompatModernCodeTest, YellowIsTheDocumentedDifference) {
  TestEnv env;
  RunResult none = env.Render("compat/yellow.py", {"-q", "l", "--compat", "none", "-o", "n.mp4"});
  RunResult adapted = env.Render("compat/yellow.py", {"-q", "l", "-o", "a.mp4"});
  ASSERT_EQ(none.exit_code, 0) << none.out;
  ASSERT_EQ(adapted.exit_code, 0) << adapted.out;
  EXPECT_EQ(Probe(env.dir() + "/n.mp4").frames, Probe(env.dir() + "/a.mp4").frames);
  // YELLOW: manim 0.21's #F7D96F without compat, 0.19's #FFFF00 with it.
  std::vector<int> plain = Pixel(env.dir() + "/n.mp4", PixelX(-2), PixelY(0));
  std::vector<int> old = Pixel(env.dir() + "/a.mp4", PixelX(-2), PixelY(0));
  EXPECT_TRUE(Near(plain, 0xF7D96F)) << Rgb(plain);
  EXPECT_TRUE(Near(old, 0xFFFF00)) << Rgb(old);
  // PURE_YELLOW is #FFFF00 in both.
  for (const char* video : {"/n.mp4", "/a.mp4"}) {
    std::vector<int> pure = Pixel(env.dir() + video, PixelX(2), PixelY(0));
    EXPECT_TRUE(Near(pure, 0xFFFF00)) << video << ": " << Rgb(pure);
  }
}

}  // namespace
}  // namespace manimd::testing_support
