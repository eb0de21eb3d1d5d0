#include "render/wrapper_events.h"

#include <gtest/gtest.h>

namespace manimd::render {
namespace {

TEST(WrapperEventsTest, Scenes) {
  auto e = ParseWrapperEvent(R"({"event":"scenes","names":["A","B"]})");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(std::get<ScenesEvent>(*e).names, (std::vector<std::string>{"A", "B"}));
}

TEST(WrapperEventsTest, ProgressAndCount) {
  auto p = ParseWrapperEvent(R"({"event": "progress", "animation": 3, "percent": 42.5})");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(std::get<ProgressEvent>(*p).animation, 3);
  EXPECT_DOUBLE_EQ(std::get<ProgressEvent>(*p).percent, 42.5);
  auto whole = ParseWrapperEvent(R"({"event":"progress","animation":1,"percent":100})");
  ASSERT_TRUE(whole.ok());
  EXPECT_DOUBLE_EQ(std::get<ProgressEvent>(*whole).percent, 100.0);
  auto n = ParseWrapperEvent(R"({"event":"animations","count":7})");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(std::get<AnimationsEvent>(*n).count, 7);
}

TEST(WrapperEventsTest, Results) {
  auto ok = ParseWrapperEvent(
      R"({"event":"result","ok":true,"path":"/job/media/videos/scene/480p15/A.mp4","scene":"A"})");
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(std::get<ResultEvent>(*ok).ok);
  EXPECT_EQ(std::get<ResultEvent>(*ok).scene, "A");
  auto bad = ParseWrapperEvent(
      R"({"event":"result","ok":false,"kind":"python_error","message":"ZeroDivisionError","traceback":"Traceback ...\n"})");
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(std::get<ResultEvent>(*bad).kind, "python_error");
  EXPECT_EQ(std::get<ResultEvent>(*bad).traceback, "Traceback ...\n");
}

TEST(WrapperEventsTest, WarningsAndErrorLocations) {
  auto w = ParseWrapperEvent(
      R"({"event":"warning","line":4,"code":"compat.show_creation","message":"renamed"})");
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(std::get<WarningEvent>(*w).warning, (Warning{4, "compat.show_creation", "renamed"}));
  EXPECT_FALSE(ParseWrapperEvent(R"({"event":"warning","line":4,"message":"no code"})").ok());
  auto r = ParseWrapperEvent(
      R"({"event":"result","ok":false,"kind":"python_error","message":"m","traceback":"",)"
      R"("location":{"line":9,"column":3,"code":"x = 1"},"hint":"try y"})");
  ASSERT_TRUE(r.ok());
  const ResultEvent& e = std::get<ResultEvent>(*r);
  ASSERT_TRUE(e.location);
  EXPECT_EQ(*e.location, (SourceLocation{9, 3, "x = 1"}));
  EXPECT_EQ(e.hint, "try y");
  // A location without a usable line is no location.
  auto bad = ParseWrapperEvent(R"({"event":"result","ok":false,"location":{"line":0}})");
  EXPECT_FALSE(std::get<ResultEvent>(*bad).location);
}

TEST(WrapperEventsTest, RejectsMalformedLines) {
  for (const char* line :
       {"", "not json", "[1,2]", R"({"event":"nope"})",
        R"({"event":"progress","animation":0,"percent":1})",
        R"({"event":"progress","animation":1,"percent":101})",
        R"({"event":"animations","count":-1})", R"({"event":"result"})", R"({"event":"scenes"})",
        R"({"event":"progress","animation":"1","percent":1})"}) {
    EXPECT_FALSE(ParseWrapperEvent(line).ok()) << line;
  }
}

TEST(LineSplitterTest, SplitsAcrossChunks) {
  LineSplitter s;
  EXPECT_TRUE(s.Feed("ab").empty());
  EXPECT_EQ(s.Feed("c\nde\nf"), (std::vector<std::string>{"abc", "de"}));
  EXPECT_EQ(s.TakeRest(), "f");
  EXPECT_EQ(s.TakeRest(), "");
}

TEST(LineSplitterTest, BoundsAnOverlongLine) {
  LineSplitter s(4);
  EXPECT_TRUE(s.Feed("0123456789").empty());
  EXPECT_EQ(s.Feed("tail\nok\n"), (std::vector<std::string>{"0123", "ok"}));
}

TEST(WrapperEventsTest, DryRunPlaysAndSplitBlocker) {
  auto result = [](const std::string& line) {
    core::Result<WrapperEvent> e = ParseWrapperEvent(line);
    EXPECT_TRUE(e.ok()) << line;
    return e.ok() ? std::get<ResultEvent>(*e) : ResultEvent{};
  };
  const std::string head = R"({"event":"result","ok":true,"validated":true,"animations":2,)";
  ResultEvent ok = result(head + R"("plays":[0.5,2],"split_blocker":null})");
  EXPECT_EQ(ok.play_seconds, (std::vector<double>{0.5, 2}));
  EXPECT_EQ(ok.split_blocker, "");
  EXPECT_EQ(result(head + R"x("plays":[1,1],"split_blocker":"sound (add_sound)"})x").split_blocker,
            "sound (add_sound)");
  // Whatever is malformed blocks splitting rather than failing the dry run.
  EXPECT_FALSE(result(head + R"("plays":[1,-1]})").split_blocker.empty());
  EXPECT_TRUE(result(head + R"("plays":[1,-1]})").play_seconds.empty());
  EXPECT_FALSE(result(head + R"("plays":["1"]})").split_blocker.empty());
  EXPECT_FALSE(result(head + R"("plays":[1e300]})").split_blocker.empty());
  EXPECT_FALSE(result(R"({"event":"result","ok":true,"validated":true,"animations":2})")
                   .split_blocker.empty());
}

}  // namespace
}  // namespace manimd::render
