// Hostile scenes: each must be contained, stopped with the right reason, and leave the
// host untouched: no file outside the job dir, no process left, no job dir left.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstring>
#include <filesystem>
#include <thread>

#include "manimd_process.h"

namespace manimd::testing_support {
namespace {

namespace fs = std::filesystem;

std::string Scene(const std::string& body) {
  return "from manim import *\nimport os, socket\n\nclass Hostile(Scene):\n"
         "    def construct(self):\n" +
         body;
}

struct Outcome {
  std::string kind;
  std::string message;
  RunResult run;
};

Outcome RenderHostile(const TestEnv& env, const std::string& body,
                      const std::map<std::string, std::string>& limits = {}) {
  env.WriteFile("hostile.py", Scene(body));
  Outcome o;
  o.run = env.Manimd({"render", "hostile.py", "--json", "-q", "l"}, limits);
  if (o.run.json.contains("error")) {
    o.kind = o.run.json.at("error").at("kind").as_string().c_str();
    o.message = o.run.json.at("error").at("message").as_string().c_str();
  }
  return o;
}

void ExpectHostUntouched(const TestEnv& env) {
  EXPECT_EQ(env.ProcessesInUidRange(), 0) << "a sandbox process outlived its render";
  EXPECT_EQ(env.JobDirsLeft(), 0) << "a job directory was left behind";
}

TEST(SandboxHostileTest, NoNetwork) {
  TestEnv env;
  Outcome o = RenderHostile(env, "        socket.create_connection(('1.1.1.1', 80), timeout=3)\n");
  EXPECT_EQ(o.kind, "python_error");
  EXPECT_NE(o.message.find("Network is unreachable"), std::string::npos) << o.message;
  // Not even loopback reaches the host: the sandbox has its own, empty network namespace.
  o = RenderHostile(env, "        socket.create_connection(('127.0.0.1', 22), timeout=3)\n");
  EXPECT_EQ(o.kind, "python_error");
  EXPECT_NE(o.message.find("Connection refused"), std::string::npos) << o.message;
  ExpectHostUntouched(env);
}

TEST(SandboxHostileTest, NoHostAbstractUnixSockets) {
  TestEnv env;
  // An abstract socket (like X11's or D-Bus's) on the host: reachable by name from any
  // process in the host's network namespace, and only from there.
  std::string name = "manimd-test-" + std::to_string(getpid());
  int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  ASSERT_GE(listener, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path + 1, name.data(), name.size());
  socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), len), 0);
  ASSERT_EQ(listen(listener, 4), 0);
  Outcome o = RenderHostile(env,
                            "        s = socket.socket(socket.AF_UNIX)\n"
                            "        s.connect('\\0" +
                                name + "')\n");
  EXPECT_EQ(o.kind, "python_error");
  EXPECT_NE(o.message.find("Connection refused"), std::string::npos) << o.message;
  EXPECT_LT(accept(listener, nullptr, nullptr), 0);  // nobody got through
  close(listener);
  ExpectHostUntouched(env);
}

TEST(SandboxHostileTest, CannotReadHostFiles) {
  TestEnv env;
  std::string secret = env.WriteFile("secret.txt", "host secret 42");
  Outcome o = RenderHostile(env, "        print(open('" + secret + "').read())\n");
  EXPECT_EQ(o.kind, "python_error");
  EXPECT_NE(o.message.find("FileNotFoundError"), std::string::npos) << o.message;
  EXPECT_EQ(o.run.out.find("host secret 42"), std::string::npos);
  o = RenderHostile(env, "        print(open('/proc/1/environ').read())\n");
  EXPECT_EQ(o.run.out.find("MANIMD_"), std::string::npos);
  ExpectHostUntouched(env);
}

TEST(SandboxHostileTest, CannotWriteOutsideTheJobDir) {
  TestEnv env;
  std::string target = env.dir() + "/pwned.txt";
  Outcome o = RenderHostile(env, "        open('" + target + "', 'w').write('x')\n");
  EXPECT_EQ(o.kind, "python_error");
  EXPECT_FALSE(fs::exists(target));
  o = RenderHostile(env, "        open('/usr/pwned', 'w').write('x')\n");
  EXPECT_NE(o.message.find("Read-only file system"), std::string::npos) << o.message;
  // /tmp inside is private: the host's /tmp never sees it.
  std::string marker = "manimd-hostile-" + std::to_string(getpid());
  o = RenderHostile(env, "        open('/tmp/" + marker +
                             "', 'w').write('x')\n"
                             "        raise SystemExit('done')\n");
  EXPECT_FALSE(fs::exists("/tmp/" + marker));
  ExpectHostUntouched(env);
}

TEST(SandboxHostileTest, NoCapabilitiesAndDangerousSyscallsDenied) {
  TestEnv env;
  // Reports /proc/self/status's privilege lines and the errno of each probed syscall.
  Outcome o = RenderHostile(
      env,
      "        import ctypes\n"
      "        libc = ctypes.CDLL(None, use_errno=True)\n"
      "        out = [l for l in open('/proc/self/status').read().splitlines()\n"
      "               if l.startswith(('CapEff', 'CapBnd', 'NoNewPrivs', 'Seccomp:'))]\n"
      "        for name, nr in (('io_uring_setup', 425), ('keyctl', 250), ('ptrace', 101),\n"
      "                         ('bpf', 321), ('perf_event_open', 298), ('unshare', 272)):\n"
      "            rc = libc.syscall(nr, 0, 0, 0, 0, 0)\n"
      "            out.append(f'{name}={ctypes.get_errno() if rc == -1 else 0}')\n"
      "        raise RuntimeError(' '.join(out))\n");
  ASSERT_EQ(o.kind, "python_error") << o.run.out;
  for (const char* want :
       {"CapEff:\t0000000000000000", "CapBnd:\t0000000000000000", "NoNewPrivs:\t1", "Seccomp:\t2",
        "io_uring_setup=1", "keyctl=1", "ptrace=1", "bpf=1", "perf_event_open=1", "unshare=1"}) {
    EXPECT_NE(o.message.find(want), std::string::npos) << want << " in " << o.message;
  }
  ExpectHostUntouched(env);
}

TEST(SandboxHostileTest, InfiniteLoopStopsAtTheTimeLimit) {
  TestEnv env;
  auto start = std::chrono::steady_clock::now();
  Outcome o = RenderHostile(env, "        while True:\n            pass\n",
                            {{"RENDER_TIMEOUT_S", "3"}, {"RENDER_COUNT_S", "1"}});
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(o.kind, "timeout");
  EXPECT_NE(o.message.find("3 s"), std::string::npos);
  EXPECT_LT(took, 30);  // generous: only proves the loop did not run on
  ExpectHostUntouched(env);
}

TEST(SandboxHostileTest, CpuLimitAlsoStopsBusyProcesses) {
  TestEnv env;
  Outcome o =
      RenderHostile(env, "        while True:\n            pass\n",
                    {{"RENDER_TIMEOUT_S", "60"}, {"RENDER_CPU_S", "2"}, {"RENDER_COUNT_S", "0"}});
  EXPECT_EQ(o.kind, "timeout");
  EXPECT_NE(o.message.find("CPU time limit"), std::string::npos) << o.message;
  ExpectHostUntouched(env);
}

TEST(SandboxHostileTest, MemoryBombStopsAtTheMemoryLimit) {
  TestEnv env;
  Outcome o = RenderHostile(env,
                            "        hog = []\n"
                            "        while True:\n"
                            "            hog.append(bytearray(64 << 20))\n",
                            {{"RENDER_MEMORY_MB", "1024"}, {"RENDER_COUNT_S", "0"}});
  EXPECT_EQ(o.kind, "memory_limit");
  EXPECT_NE(o.message.find("1024 MB"), std::string::npos) << o.message;
  ExpectHostUntouched(env);
}

// Four processes of 500 MB each: every one is under RLIMIT_AS (1536 MB), together they
// are not. Ends with a render error if any child was killed.
constexpr const char* kManyProcessesBody =
    "        import time\n"
    "        kids = []\n"
    "        for _ in range(4):\n"
    "            pid = os.fork()\n"
    "            if pid == 0:\n"
    "                hog = b'x' * (500 << 20)\n"
    "                time.sleep(3)\n"
    "                os._exit(0)\n"
    "            kids.append(pid)\n"
    "        for pid in kids:\n"
    "            if os.waitpid(pid, 0)[1] != 0:\n"
    "                raise RuntimeError('a child was killed')\n"
    "        self.wait(0.1)\n";

// Without a cgroup, the watch loop samples the slot uid's resident memory.
TEST(SandboxHostileTest, ManyProcessesTogetherStopAtTheMemoryLimit) {
  TestEnv env;
  Outcome o = RenderHostile(env, kManyProcessesBody, {{"RENDER_MEMORY_MB", "1536"}});
  EXPECT_EQ(o.kind, "memory_limit") << o.run.out;
  EXPECT_NE(o.message.find("together held more than 1536 MB"), std::string::npos) << o.message;
  ExpectHostUntouched(env);
}

// With the optional cgroup extra (RENDER_CGROUP) the kernel holds them to it.
TEST(SandboxHostileTest, CgroupHoldsManyProcessesToTheMemoryLimitTogether) {
  TestEnv env;
  if (!fs::exists("/sys/fs/cgroup/memory/cgroup.procs")) GTEST_SKIP() << "no cgroup v1 memory";
  std::string parent = "manimd-test-" + std::to_string(getpid());
  Outcome o = RenderHostile(env, kManyProcessesBody,
                            {{"RENDER_MEMORY_MB", "1536"}, {"RENDER_CGROUP", parent}});
  EXPECT_EQ(o.kind, "memory_limit") << o.run.out;
  EXPECT_NE(o.message.find("together"), std::string::npos) << o.message;
  ExpectHostUntouched(env);
  for (const char* controller : {"memory", "pids"}) {
    fs::path dir = fs::path("/sys/fs/cgroup") / controller / parent;
    for (const auto& slot : fs::directory_iterator(dir)) {
      if (slot.is_directory()) fs::remove(slot.path());  // rmdir; cgroup files go with it
    }
    fs::remove(dir);
  }
}

TEST(SandboxHostileTest, ForkBombStopsAtTheProcessLimit) {
  TestEnv env;
  Outcome o =
      RenderHostile(env, "        while True:\n            os.fork()\n", {{"RENDER_PIDS", "64"}});
  EXPECT_EQ(o.kind, "process_limit");
  EXPECT_NE(o.message.find("(64)"), std::string::npos) << o.message;
  ExpectHostUntouched(env);
}

TEST(SandboxHostileTest, HugeFileStopsAtTheOutputLimit) {
  TestEnv env;
  Outcome o = RenderHostile(env,
                            "        with open('/job/huge.bin', 'wb') as f:\n"
                            "            while True:\n"
                            "                f.write(b'x' * (1 << 20))\n",
                            {{"RENDER_OUTPUT_MB", "40"}, {"RENDER_COUNT_S", "0"}});
  EXPECT_EQ(o.kind, "output_limit");
  ExpectHostUntouched(env);
}

TEST(SandboxHostileTest, ManySmallFilesStopAtTheOutputLimit) {
  TestEnv env;
  Outcome o = RenderHostile(env,
                            "        for i in range(100000):\n"
                            "            with open(f'/job/f{i}', 'wb') as f:\n"
                            "                f.write(b'x' * (1 << 20))\n",
                            {{"RENDER_OUTPUT_MB", "40"}, {"RENDER_COUNT_S", "0"}});
  EXPECT_EQ(o.kind, "output_limit");
  ExpectHostUntouched(env);
}

TEST(SandboxHostileTest, SymlinkedOutputIsNotFollowed) {
  TestEnv env;
  std::string secret = env.WriteFile("secret.txt", "host secret 43");
  // The scene replaces its own output with a link to a host path; manimd must refuse it.
  Outcome o = RenderHostile(env,
                            "        self.play(FadeIn(Dot()), run_time=0.1)\n"
                            "        from manim.scene.scene_file_writer import SceneFileWriter\n"
                            "        orig = SceneFileWriter.print_file_ready_message\n"
                            "        def evil(writer, path):\n"
                            "            os.remove(path)\n"
                            "            os.symlink('" +
                                secret +
                                "', path)\n"
                                "            orig(writer, path)\n"
                                "        SceneFileWriter.print_file_ready_message = evil\n");
  EXPECT_EQ(o.kind, "python_error");
  EXPECT_NE(o.message.find("cannot be opened safely"), std::string::npos) << o.message;
  EXPECT_FALSE(fs::exists(env.dir() + "/Hostile.mp4"));
  ExpectHostUntouched(env);
}

// Starts `manimd render hostile.py` in the background for env; returns its pid once the
// sandbox is up (a process of the test's slot uids exists).
pid_t StartInfiniteRender(const TestEnv& env, const std::string& out_file) {
  env.WriteFile("hostile.py", Scene("        while True:\n            pass\n"));
  pid_t pid = fork();
  if (pid == 0) {
    if (chdir(env.dir().c_str()) != 0) _exit(126);
    for (const auto& [k, v] : env.Vars()) setenv(k.c_str(), v.c_str(), 1);
    int out = open((env.dir() + "/" + out_file).c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, 1);
    dup2(out, 2);
    execl(MANIMD_BINARY, MANIMD_BINARY, "render", "hostile.py", "--json", "-q", "l", nullptr);
    _exit(127);
  }
  // Until the render runs: its job directory exists (with the fork server, a process of the
  // slot uid alone may still be the server getting ready).
  for (int i = 0; i < 100 && (env.ProcessesInUidRange() == 0 || env.JobDirsLeft() == 0); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return pid;
}

TEST(SandboxHostileTest, KilledManimdTakesItsSandboxAlongAndIsCleanedUpAfter) {
  TestEnv env;
  pid_t pid = StartInfiniteRender(env, "killed.json");
  ASSERT_GT(env.ProcessesInUidRange(), 0);
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  // PDEATHSIG takes the supervisor, bwrap and the sandbox down; only zombies may remain
  // until the host's init reaps them.
  for (int i = 0; i < 50 && env.ProcessesInUidRange(/*count_zombies=*/false) > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(env.ProcessesInUidRange(/*count_zombies=*/false), 0);
  EXPECT_EQ(env.JobDirsLeft(), 1);  // nobody was left to remove it...
  RunResult next = env.Render("tiny.py", {"-q", "l"});
  EXPECT_EQ(next.exit_code, 0) << next.out << next.err;
  EXPECT_EQ(env.JobDirsLeft(), 0);  // ...until the next render swept it
}

TEST(SandboxHostileTest, SigintCancelsAndKillsTheSandbox) {
  TestEnv env;
  pid_t pid = StartInfiniteRender(env, "cancel.json");
  ASSERT_GT(env.ProcessesInUidRange(), 0);
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);  // a render that did not succeed, not a crash
  EXPECT_NE(Slurp(env.dir() + "/cancel.json").find("\"kind\":\"cancelled\""), std::string::npos)
      << Slurp(env.dir() + "/cancel.json");
  ExpectHostUntouched(env);
}

}  // namespace
}  // namespace manimd::testing_support
