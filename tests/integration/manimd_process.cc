// Integration test helpers: fork/exec of the real binary, ffprobe for checking videos.
#include "manimd_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace manimd::testing_support {
namespace {

namespace fs = std::filesystem;

}  // namespace

sockaddr_in Loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr = Loopback(0);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

bool LoopbackAnswers(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr = Loopback(port);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

void TerminateChild(pid_t pid, std::chrono::milliseconds grace) {
  if (pid <= 0) return;
  kill(pid, SIGTERM);
  int status = 0;
  auto end = std::chrono::steady_clock::now() + grace;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() >= end) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

RunResult RunCommand(const std::vector<std::string>& argv,
                     const std::map<std::string, std::string>& env, const std::string& cwd) {
  std::string out_path = cwd + "/.stdout", err_path = cwd + "/.stderr";
  pid_t pid = fork();
  if (pid == 0) {
    if (chdir(cwd.c_str()) != 0) _exit(126);
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int in = open("/dev/null", O_RDONLY);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  RunResult r;
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = Slurp(out_path);
  r.err = Slurp(err_path);
  fs::remove(out_path);
  fs::remove(err_path);
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(r.out, ec);
  if (!ec && v.is_object()) r.json = v.as_object();
  return r;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string ScenePath(const std::string& file) {
  return std::string(MANIMD_TEST_SCENES) + "/" + file;
}

TestEnv::TestEnv() : uid_base_(static_cast<uid_t>(300000 + (getpid() % 100000) * 10)) {
  std::string templ = (fs::temp_directory_path() / "manimd-it-XXXXXX").string();
  if (mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = templ;
  fs::permissions(dir_, fs::perms::owner_all | fs::perms::others_exec | fs::perms::group_exec);
  work_dir_ = dir_ + "/work";
  run_dir_ = dir_ + "/run";
  fs::create_directories(work_dir_);
  fs::permissions(work_dir_, fs::perms::owner_all | fs::perms::others_exec | fs::perms::group_exec);
}

TestEnv::~TestEnv() {
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::map<std::string, std::string> TestEnv::Vars() const {
  return {
      {"MANIMD_WORK_DIR", work_dir_},
      {"MANIMD_RUN_DIR", run_dir_},
      {"SANDBOX_UID_BASE", std::to_string(uid_base_)},
      {"SANDBOX_UIDS", "8"},  // of the 10 uids each test owns
      {"MAX_CONCURRENT_RENDERS", "2"},
      // Tests render the same scenes again and again and count sandboxes, zygotes and
      // renders: each request must render. The cache's own tests turn it on.
      {"CACHE", "off"},
  };
}

RunResult TestEnv::Manimd(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env) const {
  std::map<std::string, std::string> full = Vars();
  for (const auto& [k, v] : env) full[k] = v;
  std::vector<std::string> argv = {MANIMD_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv, full, dir_);
}

RunResult TestEnv::Render(const std::string& scene_file, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env) const {
  std::vector<std::string> full = {"render", ScenePath(scene_file), "--json"};
  full.insert(full.end(), args.begin(), args.end());
  return Manimd(full, env);
}

std::string TestEnv::WriteFile(const std::string& name, const std::string& text) const {
  std::string path = dir_ + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

int TestEnv::ProcessesInUidRange(bool count_zombies) const {
  int count = 0;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream status(entry.path() / "status");
    std::string line;
    bool zombie = false;
    while (std::getline(status, line)) {
      if (line.rfind("State:", 0) == 0) zombie = line.find('Z') != std::string::npos;
      if (line.rfind("Uid:", 0) != 0) continue;
      uid_t uid = static_cast<uid_t>(std::strtoul(line.c_str() + 4, nullptr, 10));
      if (uid >= uid_base_ && uid < uid_base_ + 10 && (count_zombies || !zombie)) ++count;
      break;
    }
  }
  return count;
}

int TestEnv::SandboxesAlive() const {
  std::set<long> sessions;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    struct stat st {};
    if (stat(entry.path().c_str(), &st) != 0) continue;
    if (st.st_uid < uid_base_ || st.st_uid >= uid_base_ + 10) continue;
    // /proc/PID/stat: "pid (comm) state ppid pgrp session ..."; comm may hold spaces.
    std::string stat_line = Slurp(entry.path() / "stat");
    size_t open = stat_line.find('('), close = stat_line.rfind(')');
    if (open == std::string::npos || close == std::string::npos) continue;
    // bwrap itself runs twice per sandbox (outside, and as its init inside, in different
    // sessions); what it runs shares the inner session, so count sessions of the rest.
    // manimd's own short-lived helper that kills a slot's processes runs under the slot
    // uid too, in manimd's session: not a sandbox either.
    std::string comm = stat_line.substr(open + 1, close - open - 1);
    if (comm == "bwrap" || comm == "manimd") continue;
    std::istringstream fields(stat_line.substr(close + 2));
    std::string state;
    long ppid = 0, pgrp = 0, session = 0;
    fields >> state >> ppid >> pgrp >> session;
    if (state != "Z") sessions.insert(session);
  }
  return static_cast<int>(sessions.size());
}

std::set<pid_t> TestEnv::Zygotes() const {
  std::set<pid_t> found;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    struct stat st {};
    if (stat(entry.path().c_str(), &st) != 0) continue;
    if (st.st_uid < uid_base_ || st.st_uid >= uid_base_ + 10) continue;
    std::string cmdline = Slurp(entry.path() / "cmdline");
    // python3 -I -B /manimd/render.py --zygote ...: argv joined by NULs.
    if (cmdline.rfind("python3", 0) == 0 &&
        cmdline.find(std::string("\0--zygote\0", 10)) != std::string::npos) {
      found.insert(static_cast<pid_t>(std::stol(name)));
    }
  }
  return found;
}

int TestEnv::JobDirsLeft() const {
  int n = 0;
  std::error_code ec;  // manimd makes the directory on its first render
  for (auto it = fs::directory_iterator(work_dir_ + "/manimd-jobs", ec);
       !ec && it != fs::directory_iterator(); ++it) {
    ++n;
  }
  return n;
}

bool WaitFor(const std::function<bool()>& done, int timeout_s) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

VideoInfo Probe(const std::string& path) {
  TestEnv scratch;
  RunResult r = RunCommand(
      {"ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
       "stream=codec_name,width,height,r_frame_rate,nb_read_frames,pix_fmt:"
       "stream_tags=alpha_mode",
       "-of", "json", fs::absolute(path).string()},
      {}, scratch.dir());
  VideoInfo info;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(r.out, ec);
  if (ec || !v.is_object() || v.as_object().at("streams").as_array().empty()) return info;
  const boost::json::object& s = v.at("streams").as_array()[0].as_object();
  info.codec = s.at("codec_name").as_string().c_str();
  info.width = static_cast<int>(s.at("width").as_int64());
  info.height = static_cast<int>(s.at("height").as_int64());
  info.pix_fmt = s.at("pix_fmt").as_string().c_str();
  std::string rate = s.at("r_frame_rate").as_string().c_str();
  size_t slash = rate.find('/');
  info.fps = std::stod(rate.substr(0, slash)) / std::stod(rate.substr(slash + 1));
  if (const boost::json::value* f = s.if_contains("nb_read_frames")) {
    info.frames = std::stoi(f->as_string().c_str());
  }
  if (const boost::json::value* tags = s.if_contains("tags")) {
    for (const auto& [k, val] : tags->as_object()) {
      if (k == "alpha_mode" || k == "ALPHA_MODE") info.alpha_mode = val.as_string().c_str();
    }
  }
  return info;
}

std::vector<int> Pixel(const std::string& path, int x, int y) {
  TestEnv scratch;
  std::string raw = scratch.dir() + "/pixel.raw";
  RunCommand({"ffmpeg", "-v", "error", "-y", "-i", fs::absolute(path).string(), "-frames:v", "1",
              "-vf", "crop=2:2:" + std::to_string(x) + ":" + std::to_string(y), "-f", "rawvideo",
              "-pix_fmt", "rgba", raw},
             {}, scratch.dir());
  std::string bytes = Slurp(raw);
  std::vector<int> rgba;  // the crop is 2x2 (chroma-subsampled video needs even sizes)
  for (size_t i = 0; i < 4 && i < bytes.size(); ++i)
    rgba.push_back(static_cast<unsigned char>(bytes[i]));
  return rgba;
}

}  // namespace manimd::testing_support
