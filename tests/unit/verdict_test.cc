#include "sandbox/verdict.h"

#include <gtest/gtest.h>
#include <signal.h>

namespace manimd::sandbox {
namespace {

using render::ErrorKind;

WatchOutcome Exited(int code) {
  WatchOutcome o;
  o.wait_status = code << 8;  // WIFEXITED with this code
  o.log_tail = "last line";
  return o;
}

render::ResultEvent Result(bool ok, std::string path, std::string scene, std::string kind,
                           std::string message, std::string traceback) {
  render::ResultEvent r;
  r.ok = ok;
  r.path = std::move(path);
  r.scene = std::move(scene);
  r.kind = std::move(kind);
  r.message = std::move(message);
  r.traceback = std::move(traceback);
  return r;
}

WatchOutcome WithResult(render::ResultEvent r) {
  WatchOutcome o = Exited(r.ok ? 0 : 1);
  o.result = std::move(r);
  return o;
}

TEST(VerdictTest, Success) {
  Verdict v = Judge(
      WithResult(Result(true, "/job/media/videos/scene/480p15/A.mp4", "A", "", "", "")), Limits{});
  EXPECT_FALSE(v.error);
  EXPECT_EQ(v.output_path, "/job/media/videos/scene/480p15/A.mp4");
  EXPECT_EQ(v.scene, "A");
}

TEST(VerdictTest, OutputOutsideJobDirIsRefused) {
  for (const char* path : {"/etc/shadow", "/job/../etc/shadow", "relative.mp4"}) {
    Verdict v = Judge(WithResult(Result(true, path, "A", "", "", "")), Limits{});
    ASSERT_TRUE(v.error) << path;
  }
}

TEST(VerdictTest, HelperKindsPassThroughWithLimitFigures) {
  Limits l;
  l.memory_bytes = 1024LL << 20;
  Verdict v =
      Judge(WithResult(Result(false, "", "", "memory_limit", "memory limit reached", "tb")), l);
  ASSERT_TRUE(v.error);
  EXPECT_EQ(v.error->kind, ErrorKind::kMemoryLimit);
  EXPECT_NE(v.error->message.find("1024 MB"), std::string::npos);
  EXPECT_EQ(v.error->traceback, "tb");
  EXPECT_EQ(v.error->log_tail, "last line");

  v = Judge(WithResult(Result(false, "", "", "scene_not_found", "scene X not found, found: A", "")),
            l);
  EXPECT_EQ(v.error->kind, ErrorKind::kSceneNotFound);
}

TEST(VerdictTest, HelperCannotClaimOurOwnReasons) {
  for (const char* kind : {"timeout", "cancelled", "storage_error", "internal", "made_up"}) {
    Verdict v = Judge(WithResult(Result(false, "", "", kind, "m", "")), Limits{});
    ASSERT_TRUE(v.error);
    EXPECT_EQ(v.error->kind, ErrorKind::kPythonError) << kind;
  }
}

TEST(VerdictTest, OurStopsWinOverEverything) {
  WatchOutcome o = WithResult(Result(true, "/job/a.mp4", "A", "", "", ""));
  o.stop = StopReason::kCancelled;
  EXPECT_EQ(Judge(o, Limits{}).error->kind, ErrorKind::kCancelled);
  o.stop = StopReason::kTimeout;
  Limits l;
  l.wall_seconds = 42;
  Verdict v = Judge(o, l);
  EXPECT_EQ(v.error->kind, ErrorKind::kTimeout);
  EXPECT_NE(v.error->message.find("42 s"), std::string::npos);
  o.stop = StopReason::kOutputLimit;
  EXPECT_EQ(Judge(o, Limits{}).error->kind, ErrorKind::kOutputLimit);
  o.stop = StopReason::kMemoryLimit;
  v = Judge(o, l);
  EXPECT_EQ(v.error->kind, ErrorKind::kMemoryLimit);
  EXPECT_NE(v.error->message.find("together"), std::string::npos);
}

TEST(VerdictTest, CgroupOomExplainsAFailureButNotASuccess) {
  WatchOutcome failed = WithResult(Result(false, "", "", "python_error", "child killed", "tb"));
  failed.oom_killed = true;
  EXPECT_EQ(Judge(failed, Limits{}).error->kind, ErrorKind::kMemoryLimit);
  WatchOutcome crashed = Exited(128 + SIGKILL);
  crashed.oom_killed = true;
  EXPECT_EQ(Judge(crashed, Limits{}).error->kind, ErrorKind::kMemoryLimit);
  WatchOutcome fine = WithResult(Result(true, "/job/a.mp4", "A", "", "", ""));
  fine.oom_killed = true;
  EXPECT_FALSE(Judge(fine, Limits{}).error);
}

TEST(VerdictTest, DeathBySignal) {
  WatchOutcome o = Exited(128 + SIGXCPU);  // bwrap reports the child's signal as 128+N
  EXPECT_EQ(Judge(o, Limits{}).error->kind, ErrorKind::kTimeout);
  o = Exited(128 + SIGXFSZ);
  EXPECT_EQ(Judge(o, Limits{}).error->kind, ErrorKind::kOutputLimit);
  o = Exited(128 + SIGSEGV);
  Verdict v = Judge(o, Limits{});
  EXPECT_EQ(v.error->kind, ErrorKind::kPythonError);
  EXPECT_NE(v.error->message.find("SIGSEGV"), std::string::npos);
}

TEST(VerdictTest, EverySignalNumberAndExitStatusHasAName) {
  EXPECT_EQ(SignalName(SIGKILL), "SIGKILL");
  EXPECT_EQ(SignalName(SIGRTMIN + 6), "SIGRTMIN+6");
  EXPECT_EQ(SignalName(99), "signal 99");
  EXPECT_EQ(SignalName(0), "signal 0");
  // Real-time signals once crashed the server (sigabbrev_np is NULL past 31); statuses
  // 128+65 .. 255 are no signal at all but the scene's own exit code.
  for (int status = 0; status < 256; ++status) {
    Verdict v = Judge(Exited(status), Limits{});
    if (status == 0) continue;
    ASSERT_TRUE(v.error) << status;
  }
  Verdict rt = Judge(Exited(128 + 40), Limits{});
  EXPECT_NE(rt.error->message.find("SIGRTMIN+"), std::string::npos) << rt.error->message;
  Verdict code = Judge(Exited(200), Limits{});
  EXPECT_NE(code.error->message.find("status 200"), std::string::npos) << code.error->message;
  WatchOutcome killed;
  killed.wait_status = SIGKILL;  // WIFSIGNALED
  EXPECT_EQ(Judge(killed, Limits{}).error->kind, ErrorKind::kPythonError);
}

TEST(VerdictTest, SandboxThatNeverStarted) {
  WatchOutcome o = Exited(1);
  o.log_tail = "bwrap: Can't mkdir /job: Read-only file system";
  EXPECT_EQ(Judge(o, Limits{}).error->kind, ErrorKind::kInternal);
  // Once the helper has started, "bwrap:" in the log is the scene's to print.
  o.started = true;
  EXPECT_EQ(Judge(o, Limits{}).error->kind, ErrorKind::kPythonError);
}

TEST(VerdictTest, SceneThatCutTheHelperShort) {
  Verdict v = Judge(Exited(0), Limits{});
  EXPECT_EQ(v.error->kind, ErrorKind::kPythonError);
  EXPECT_NE(v.error->message.find("without a result"), std::string::npos);
}

}  // namespace
}  // namespace manimd::sandbox
