// Helpers for integration tests: run the real build/manimd binary, inspect what it wrote
// with ffprobe/ffmpeg, and look for processes a sandbox might have left behind.
#pragma once

#include <netinet/in.h>
#include <sys/types.h>

#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace manimd::testing_support {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  boost::json::object json;  // stdout parsed, when it was one JSON object
};

// Runs argv (PATH searched) in `cwd` with extra environment; stdout, stderr and the exit
// code come back.
RunResult RunCommand(const std::vector<std::string>& argv,
                     const std::map<std::string, std::string>& env, const std::string& cwd);

// A private scratch directory per test, removed at destruction. Also gives the test its
// own slot-uid range (from its pid: ctest runs each test in its own process) and work
// dir, so neither limits nor leftover checks can see other tests' renders.
class TestEnv {
 public:
  TestEnv();
  ~TestEnv();
  const std::string& dir() const { return dir_; }
  const std::string& work_dir() const { return work_dir_; }
  uid_t uid_base() const { return uid_base_; }

  // The sandbox settings every manimd of this test runs with: its work and run dirs, its
  // uid range (SANDBOX_UID_BASE, SANDBOX_UIDS), two render slots and CACHE=off.
  std::map<std::string, std::string> Vars() const;
  // Runs build/manimd with `args` in dir(), with this test's environment plus `env`.
  RunResult Manimd(const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env = {}) const;
  // Runs the render subcommand on a scene from tests/integration/scenes with --json.
  RunResult Render(const std::string& scene_file, const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env = {}) const;
  // Writes `text` to dir()/name and returns the path.
  std::string WriteFile(const std::string& name, const std::string& text) const;

  // Processes running as any slot uid of this test; zombies too unless told otherwise.
  int ProcessesInUidRange(bool count_zombies = true) const;
  int JobDirsLeft() const;  // job directories still in work_dir()/manimd-jobs
  // Sandboxes alive now: distinct sessions (each bwrap sandbox is its own, --new-session)
  // among the live processes other than bwrap itself under this test's slot uids.
  int SandboxesAlive() const;
  // The pids of fork servers (zygotes) running under this test's uids.
  std::set<pid_t> Zygotes() const;

 private:
  std::string dir_;
  std::string work_dir_;
  std::string run_dir_;
  uid_t uid_base_;
};

// Polls `done` every 20 ms until it holds or `timeout_s` passes; its last answer.
bool WaitFor(const std::function<bool()>& done, int timeout_s = 30);

struct VideoInfo {
  std::string codec;
  int width = 0;
  int height = 0;
  double fps = 0;
  int frames = 0;
  std::string pix_fmt;
  std::string alpha_mode;  // VP9's alpha side channel tag, "1" when present
};

// ffprobe of the first video stream, frames counted by decoding.
VideoInfo Probe(const std::string& path);
// The RGBA of the pixel at (x, y) of an image or a video's first frame (x, y even).
std::vector<int> Pixel(const std::string& path, int x, int y);

std::string ScenePath(const std::string& file);

// 127.0.0.1:`port` (0: any port, for bind).
sockaddr_in Loopback(int port);
// A TCP port on 127.0.0.1 free a moment ago, for a server a test starts.
int FreeLoopbackPort();
// Whether something accepts connections on 127.0.0.1:`port` now.
bool LoopbackAnswers(int port);
// Ends a child the test started: SIGTERM, up to `grace` for it to exit, then SIGKILL; reaps it.
void TerminateChild(pid_t pid, std::chrono::milliseconds grace);
std::string Slurp(const std::string& path);

}  // namespace manimd::testing_support
