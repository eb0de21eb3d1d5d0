// Errors an agent can act on, through the real server and CLI: `location` {line, column,
// code} in the scene's own file, `hint`, `manimVersion` and `compat` in the 422 body, the
// job object, `manimd render --json` and its human output; LaTeX failures as latex_error.
// Then validate (POST /api/validate, `manimd validate`): its answer for a good scene, the
// same error object as a render for a bad one, the time limit, and that it leaves no
// video and no job behind. Scenes are under scenes/agent/.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <regex>
#include <sstream>

#include "serve_process.h"

namespace manimd::testing_support {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

std::string Str(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : "";
}

const json::object& Error(const json::object& o) {
  static const json::object kNone;
  const json::value* e = o.if_contains("error");
  return e != nullptr && e->is_object() ? e->as_object() : kNone;
}

// Where `needle` first occurs in the scene file: what `location` must say about it.
struct Expected {
  int line = 0;
  int column = 0;  // 1-based, of the needle
  std::string code;
};

Expected Find(const std::string& scene_file, const std::string& needle) {
  std::istringstream lines(Slurp(ScenePath(scene_file)));
  std::string line;
  for (int n = 1; std::getline(lines, line); ++n) {
    size_t at = line.find(needle);
    if (at == std::string::npos) continue;
    size_t first = line.find_first_not_of(' ');
    return {n, static_cast<int>(at) + 1,
            line.substr(first, line.find_last_not_of(' ') - first + 1)};
  }
  ADD_FAILURE() << needle << " is not in " << scene_file;
  return {};
}

void ExpectLocation(const json::object& error, const Expected& want) {
  ASSERT_TRUE(error.contains("location")) << json::serialize(error);
  const json::object& at = error.at("location").as_object();
  EXPECT_EQ(at.at("line").as_int64(), want.line) << json::serialize(error);
  EXPECT_EQ(at.at("column").as_int64(), want.column) << json::serialize(error);
  EXPECT_EQ(std::string(at.at("code").as_string()), want.code);
}

// The runtime's manim version as `manimd version` reports it.
std::string ManimVersion(const TestEnv& env) {
  RunResult r = env.Manimd({"version"});
  std::smatch m;
  EXPECT_TRUE(std::regex_search(r.out, m, std::regex(R"(manim (\d+\.\d+\.\d+))"))) << r.out;
  return m[1];
}

// The fields of an error object that must agree wherever the same failure is reported
// (the traceback names the file differently on the CLI).
json::object Essentials(const json::object& error) {
  json::object o;
  for (const char* key : {"kind", "message", "location", "hint", "manimVersion", "compat"}) {
    if (error.contains(key)) o[key] = error.at(key);
  }
  return o;
}

struct Failure {
  const char* file;    // under scenes/agent/ (or scenes/)
  const char* compat;  // "0.19" or "none"
  const char* kind;
  const char* needle;             // what the location points at
  std::vector<const char*> hint;  // words the hint must have
};

const Failure kTypo{
    "agent/name_typo.py", "0.19", "python_error", "Creat(", {"did you mean", "Create"}};
const Failure kKeyword{"agent/unknown_keyword.py",
                       "0.19",
                       "python_error",
                       "Square(side=2)",
                       {"did you mean side_length=?", "Square() takes", "side_length", "width"}};
const Failure kOldApi{
    "agent/old_api.py", "none", "python_error", "ShowCreation(", {"compat 0.19", "use Create"}};
const Failure kHelper{
    "agent/helper_frame.py", "0.19", "python_error", "Text(text, color=colour)", {}};
const Failure kUndefinedTex{"agent/latex_undefined.py",
                            "0.19",
                            "latex_error",
                            "MathTex(",
                            {"a command LaTeX does not know"}};
const Failure kMissingPackage{
    "agent/latex_package.py", "0.19", "latex_error", "MathTex(", {"esvect.sty", "not installed"}};
const Failure kSyntax{"errors_syntax.py", "0.19", "invalid_code", "", {}};
const Failure kFailures[] = {kTypo,         kKeyword,        kOldApi, kHelper,
                             kUndefinedTex, kMissingPackage, kSyntax};

// The syntax error's location is the end of its line (where ':' is missing).
Expected Where(const Failure& f) {
  if (std::string(f.needle).empty()) {
    Expected e = Find(f.file, "def construct(self)");
    e.column = e.column + static_cast<int>(std::string("def construct(self)").size());
    return e;
  }
  return Find(f.file, f.needle);
}

void ExpectFailure(const Failure& f, const json::object& error, const std::string& version) {
  SCOPED_TRACE(f.file);
  EXPECT_EQ(Str(error, "kind"), f.kind) << json::serialize(error);
  ExpectLocation(error, Where(f));
  for (const char* word : f.hint) {
    EXPECT_NE(Str(error, "hint").find(word), std::string::npos) << Str(error, "hint");
  }
  EXPECT_EQ(Str(error, "manimVersion"), version);
  EXPECT_EQ(Str(error, "compat"), f.compat);
}

json::object Extra(const Failure& f) { return {{"compat", f.compat}}; }

TEST(AgentErrorsTest, RenderAndJobErrorsOverHttp) {
  TestEnv env;
  std::string version = ManimVersion(env);
  ASSERT_FALSE(version.empty());
  ServeProcess server(env);
  ASSERT_GT(server.port(), 0) << server.Log();
  for (const Failure& f : kFailures) {
    HttpReply sync = PostRender(server.port(), RenderBody(f.file, "-ql", Extra(f)));
    EXPECT_EQ(sync.status, 422) << sync.body;
    ExpectFailure(f, Error(sync.json), version);
    // The job object carries the same error.
    std::string id = Str(sync.json, "jobId");
    ASSERT_FALSE(id.empty()) << sync.body;
    HttpReply job = Http(server.port(), "GET", "/api/jobs/" + id);
    EXPECT_EQ(Str(job.json, "status"), "failed") << job.body;
    EXPECT_EQ(Error(job.json), Error(sync.json)) << f.file;
  }
  // And an asynchronous job's, through the job API alone.
  HttpReply submitted =
      Http(server.port(), "POST", "/api/jobs", RenderBody(kTypo.file, "-ql", Extra(kTypo)),
           {{"Content-Type", "application/json"}});
  ASSERT_EQ(submitted.status, 202) << submitted.body;
  HttpReply job = WaitForJob(server.port(), Str(submitted.json, "jobId"));
  ExpectFailure(kTypo, Error(job.json), version);
}

TEST(AgentErrorsTest, SameErrorsFromTheCli) {
  TestEnv env;
  std::string version = ManimVersion(env);
  for (const Failure& f : kFailures) {
    RunResult r = env.Render(f.file, {"-q", "l", "--compat", f.compat});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    ASSERT_TRUE(r.json.contains("error")) << r.out;
    ExpectFailure(f, Error(r.json), version);
  }
}

TEST(AgentErrorsTest, HumanOutputShowsLineAndHint) {
  TestEnv env;
  std::string file = ScenePath("agent/name_typo.py");
  RunResult r = env.Manimd({"render", file, "-q", "l"});
  EXPECT_EQ(r.exit_code, 1);
  Expected at = Find("agent/name_typo.py", "Creat(");
  EXPECT_NE(r.err.find("error (python_error): NameError: name 'Creat' is not defined"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(file + ":" + std::to_string(at.line) + ": " + at.code), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("hint: did you mean Create?"), std::string::npos) << r.err;
}

TEST(AgentErrorsTest, LocationIsTheInnermostFrameOfTheScenesFile) {
  TestEnv env;
  RunResult r = env.Render("agent/helper_frame.py", {"-q", "l"});
  ASSERT_TRUE(r.json.contains("error")) << r.out;
  const json::object& error = Error(r.json);
  // construct() calls the helper, the helper calls manim, manim raises.
  ExpectLocation(error, Find("agent/helper_frame.py", "Text(text, color=colour)"));
  std::string tb = Str(error, "traceback");
  EXPECT_NE(tb.find("in labelled"), std::string::npos) << tb;
  size_t last_frame = tb.rfind("File \"");
  ASSERT_NE(last_frame, std::string::npos) << tb;
  EXPECT_NE(tb.find("/manim/", last_frame), std::string::npos) << "innermost frame: " << tb;
}

TEST(AgentErrorsTest, LatexErrorsQuoteTexAndNameTheString) {
  TestEnv env;
  RunResult r = env.Render("agent/latex_undefined.py", {"-q", "l"});
  std::string message = Str(Error(r.json), "message");
  EXPECT_EQ(Str(Error(r.json), "kind"), "latex_error") << r.out;
  EXPECT_NE(message.find("\n! Undefined control sequence.\n"), std::string::npos) << message;
  EXPECT_TRUE(std::regex_search(message, std::regex(R"(\nl\.\d+ )"))) << message;
  // The TeX string as the scene wrote it (the r"..." literal).
  std::smatch m;
  std::string source = Slurp(ScenePath("agent/latex_undefined.py"));
  ASSERT_TRUE(std::regex_search(source, m, std::regex(R"raw(MathTex\(r"([^"]+)")raw")));
  EXPECT_NE(message.find("'" + m[1].str() + "'"), std::string::npos) << message;

  r = env.Render("agent/latex_package.py", {"-q", "l"});
  message = Str(Error(r.json), "message");
  EXPECT_EQ(Str(Error(r.json), "kind"), "latex_error") << r.out;
  EXPECT_NE(message.find("esvect.sty"), std::string::npos) << message;
  EXPECT_NE(message.find("\\vv{AB}"), std::string::npos) << message;
}

// ---- validate ------------------------------------------------------------------------------

// Scene class names in file order, from the source.
std::vector<std::string> SceneNames(const std::string& scene_file) {
  std::vector<std::string> names;
  std::string source = Slurp(ScenePath(scene_file));
  static const std::regex kClass(R"((?:^|\n)class (\w+)\()");
  for (std::sregex_iterator it(source.begin(), source.end(), kClass), end; it != end; ++it) {
    names.push_back((*it)[1]);
  }
  return names;
}

std::vector<std::string> Strings(const json::value& v) {
  std::vector<std::string> out;
  for (const json::value& s : v.as_array()) out.emplace_back(s.as_string());
  return out;
}

// A JSON number as the server wrote it (int64, uint64 or double); NaN for anything else.
double Number(const json::value& v) {
  if (v.is_double()) return v.as_double();
  if (v.is_int64()) return static_cast<double>(v.as_int64());
  if (v.is_uint64()) return static_cast<double>(v.as_uint64());
  return std::nan("");
}

// Regular files under `dir` (none when it does not exist); only videos and images when
// `media_only`.
int FilesUnder(const std::string& dir, bool media_only = false) {
  std::error_code ec;
  int n = 0;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string ext = it->path().extension().string();
    bool media = ext == ".mp4" || ext == ".png" || ext == ".webm" || ext == ".gif" || ext == ".mov";
    if (it->is_regular_file() && (media || !media_only)) ++n;
  }
  return n;
}

HttpReply PostValidate(int port, const std::string& body) {
  return Http(port, "POST", "/api/validate", body, {{"Content-Type", "application/json"}});
}

TEST(ValidateTest, OverHttp) {
  TestEnv env;
  std::string version = ManimVersion(env);
  ServeProcess server(env, {{"RENDER_TIMEOUT_S", "3"}});
  ASSERT_GT(server.port(), 0) << server.Log();

  HttpReply good = PostValidate(server.port(), RenderBody("agent/validate_ok.py"));
  ASSERT_EQ(good.status, 200) << good.body;
  EXPECT_TRUE(good.json.at("ok").as_bool());
  std::vector<std::string> scenes = SceneNames("agent/validate_ok.py");
  EXPECT_EQ(Strings(good.json.at("scenes")), scenes);
  EXPECT_EQ(Str(good.json, "scene"), scenes.front());
  int animations = static_cast<int>(Number(good.json.at("animations")));
  double duration_s = Number(good.json.at("duration_s"));
  const json::array& warnings = good.json.at("warnings").as_array();
  ASSERT_EQ(warnings.size(), 1u) << good.body;
  EXPECT_EQ(Number(warnings[0].at("line")), Find("agent/validate_ok.py", "ShowCreation(").line);
  EXPECT_EQ(std::string(warnings[0].at("code").as_string()), "compat.show_creation");

  HttpReply syntax = PostValidate(server.port(), RenderBody("errors_syntax.py"));
  EXPECT_EQ(syntax.status, 422) << syntax.body;
  EXPECT_FALSE(syntax.json.at("ok").as_bool());
  ExpectFailure(kSyntax, Error(syntax.json), version);

  // An exception: the very error object a render gives (kind, message, location, hint).
  HttpReply raised = PostValidate(server.port(), RenderBody("agent/name_typo.py"));
  EXPECT_EQ(raised.status, 422) << raised.body;
  ExpectFailure(kTypo, Error(raised.json), version);

  auto start = std::chrono::steady_clock::now();
  HttpReply endless = PostValidate(server.port(), RenderBody("agent/endless.py"));
  EXPECT_EQ(endless.status, 422) << endless.body;
  EXPECT_EQ(Str(Error(endless.json), "kind"), "timeout") << endless.body;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60));

  // Validation wrote no video and made no job.
  EXPECT_EQ(FilesUnder(server.data_dir() + "/objects"), 0);
  HttpReply jobs = Http(server.port(), "GET", "/api/jobs");
  ASSERT_EQ(jobs.status, 200) << jobs.body;
  EXPECT_TRUE(jobs.json.at("jobs").as_array().empty()) << jobs.body;

  // What validate predicted is what a render does: its animation count (from the job's
  // progress events) and length.
  HttpReply submitted = Http(server.port(), "POST", "/api/jobs", RenderBody("agent/validate_ok.py"),
                             {{"Content-Type", "application/json"}});
  ASSERT_EQ(submitted.status, 202) << submitted.body;
  int sse_status = 0;
  std::vector<SseEvent> events = ReadSse(
      server.port(), "/api/jobs/" + Str(submitted.json, "jobId") + "/events", 120, &sse_status);
  double counted = 0;
  json::object done;
  for (const SseEvent& e : events) {
    if (e.event == "progress" && e.json.contains("animations")) {
      counted = std::max(counted, Number(e.json.at("animations")));
    }
    if (e.event == "done") done = e.json;
  }
  EXPECT_EQ(counted, animations);
  ASSERT_EQ(Str(done, "status"), "succeeded") << json::serialize(done);
  VideoInfo video = Probe(server.data_dir() + "/objects/" + Str(done, "s3Key"));
  ASSERT_GT(video.fps, 0);
  EXPECT_NEAR(video.frames / video.fps, duration_s, 2.0 / video.fps) << video.frames;
  HttpReply render_error = PostRender(server.port(), RenderBody("agent/name_typo.py"));
  EXPECT_EQ(Essentials(Error(raised.json)), Essentials(Error(render_error.json)));
}

TEST(ValidateTest, FromTheCli) {
  TestEnv env;
  std::string version = ManimVersion(env);
  std::string good = ScenePath("agent/validate_ok.py");
  RunResult r = env.Manimd({"validate", good, "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(r.json.at("ok").as_bool()) << r.out;
  std::vector<std::string> scenes = SceneNames("agent/validate_ok.py");
  EXPECT_EQ(Strings(r.json.at("scenes")), scenes);
  EXPECT_EQ(Str(r.json, "scene"), scenes.front());
  EXPECT_GT(Number(r.json.at("animations")), 0);
  EXPECT_GT(Number(r.json.at("duration_s")), 0);
  ASSERT_EQ(r.json.at("warnings").as_array().size(), 1u) << r.out;

  RunResult human = env.Manimd({"validate", good});
  EXPECT_EQ(human.exit_code, 0);
  EXPECT_NE(human.err.find(scenes.front() + ": ok, " +
                           std::to_string(static_cast<int>(Number(r.json.at("animations")))) +
                           " animations"),
            std::string::npos)
      << human.err;
  EXPECT_NE(human.err.find("[compat.show_creation]"), std::string::npos) << human.err;

  r = env.Manimd({"validate", ScenePath("errors_syntax.py"), "--json"});
  EXPECT_EQ(r.exit_code, 1);
  ExpectFailure(kSyntax, Error(r.json), version);

  // The same error object as `manimd render --json` of the same file.
  r = env.Manimd({"validate", ScenePath("agent/unknown_keyword.py"), "--json"});
  EXPECT_EQ(r.exit_code, 1);
  ExpectFailure(kKeyword, Error(r.json), version);
  RunResult rendered = env.Render("agent/unknown_keyword.py", {"-q", "l"});
  EXPECT_EQ(Essentials(Error(r.json)), Essentials(Error(rendered.json)));
  human = env.Manimd({"validate", ScenePath("agent/unknown_keyword.py")});
  EXPECT_NE(human.err.find("hint: did you mean side_length=?"), std::string::npos) << human.err;

  r = env.Manimd({"validate", ScenePath("agent/endless.py"), "--json", "--timeout", "3"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Str(Error(r.json), "kind"), "timeout") << r.out;
  EXPECT_EQ(env.JobDirsLeft(), 0);
  EXPECT_EQ(FilesUnder(env.dir(), /*media_only=*/true), 0);  // validate writes no video
}

}  // namespace
}  // namespace manimd::testing_support
