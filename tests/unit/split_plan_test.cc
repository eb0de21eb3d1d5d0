#include "render/split_plan.h"

#include <gtest/gtest.h>

namespace manimd::render {
namespace {

Validation Dry(std::vector<double> plays, std::string blocker = "") {
  Validation v;
  v.animations = static_cast<int>(plays.size());
  v.play_seconds = std::move(plays);
  v.split_blocker = std::move(blocker);
  return v;
}

SplitPolicy On(int max_chunks = 4, int min_frames = 0) { return {true, max_chunks, min_frames, 0}; }

TEST(SplitPlanTest, EstimatedFramesRoundsUpPartialSteps) {
  EXPECT_EQ(EstimatedFrames(1.0, 15), 15);
  EXPECT_EQ(EstimatedFrames(0.5, 15), 8);
  EXPECT_EQ(EstimatedFrames(0, 60), 0);
  EXPECT_EQ(EstimatedFrames(-1, 60), 0);
}

TEST(SplitPlanTest, BalancesByFramesNotByCount) {
  // 4 s, then eight 0.5 s: the cut goes after the long one, not in the middle of the list.
  SplitDecision d = PlanSplit(Dry({4, .5, .5, .5, .5, .5, .5, .5, .5}), 10, 2, On());
  ASSERT_EQ(d.chunks.size(), 2u);
  EXPECT_EQ(d.chunks[0], (AnimationRange{0, 1}));
  EXPECT_EQ(d.chunks[1], (AnimationRange{1, -1}));
}

TEST(SplitPlanTest, ChunksAreConsecutiveAndCoverEverything) {
  SplitDecision d = PlanSplit(Dry({1, 2, 1, 3, 1, 1, 2, 1}), 30, 8, On(3));
  ASSERT_EQ(d.chunks.size(), 3u);
  EXPECT_EQ(d.chunks.front().from, 0);
  for (size_t i = 1; i < d.chunks.size(); ++i) EXPECT_EQ(d.chunks[i].from, d.chunks[i - 1].upto);
  EXPECT_EQ(d.chunks.back().upto, -1);
}

TEST(SplitPlanTest, KIsBoundedBySlotsMaxChunksAndPlays) {
  EXPECT_EQ(PlanSplit(Dry({1, 1, 1, 1}), 30, 2, On(4)).chunks.size(), 2u);
  EXPECT_EQ(PlanSplit(Dry({1, 1, 1, 1}), 30, 8, On(3)).chunks.size(), 3u);
  EXPECT_EQ(PlanSplit(Dry({1, 1}), 30, 8, On(8)).chunks.size(), 2u);
  SplitDecision one_slot = PlanSplit(Dry({1, 1, 1, 1}), 30, 1, On());
  EXPECT_TRUE(one_slot.chunks.empty());
  EXPECT_EQ(one_slot.reason, "no second render slot is free");
}

TEST(SplitPlanTest, OnePieceForABlockerFewFramesOrOneAnimation) {
  EXPECT_EQ(PlanSplit(Dry({1, 1}, "sound (add_sound)"), 30, 2, On()).reason, "sound (add_sound)");
  EXPECT_NE(PlanSplit(Dry({1, 1}), 30, 2, On(4, 61)).reason.find("SPLIT_MIN_FRAMES"),
            std::string::npos);
  EXPECT_TRUE(PlanSplit(Dry({1, 1}), 30, 2, On(4, 60)).reason.empty());
  EXPECT_EQ(PlanSplit(Dry({5}), 30, 2, On()).reason, "fewer than two animations");
  Validation mismatched = Dry({1, 1});
  mismatched.animations = 3;
  EXPECT_FALSE(PlanSplit(mismatched, 30, 2, On()).reason.empty());
}

TEST(SplitPlanTest, NoChunkWithoutFrames) {
  // Zero-length plays (wait(0)) cannot form a chunk of their own: manim writes no file.
  SplitDecision d = PlanSplit(Dry({0, 0, 2, 0}), 30, 4, On());
  EXPECT_TRUE(d.chunks.size() < 2) << d.chunks.size();
  SplitDecision e = PlanSplit(Dry({0, 1, 0, 1, 0}), 30, 4, On());
  ASSERT_EQ(e.chunks.size(), 2u);
  EXPECT_EQ(e.chunks[1].from, 2);
}

TEST(SplitPlanTest, RefusalsBeforeAnythingRuns) {
  RenderRequest r;
  EXPECT_EQ(SplitRefusal(r, SplitPolicy{}), "splitting is off (SPLIT)");
  EXPECT_EQ(SplitRefusal(r, On()), "");
  r.split = false;
  EXPECT_NE(SplitRefusal(r, On()), "");
  r.split = true;
  r.format = Format::kGif;
  EXPECT_NE(SplitRefusal(r, On()), "");
  r.format = Format::kPng;
  EXPECT_NE(SplitRefusal(r, On()), "");
  r.format = Format::kWebm;
  EXPECT_EQ(SplitRefusal(r, On()), "");
  r.chunk = AnimationRange{0, 1};
  EXPECT_NE(SplitRefusal(r, On()), "");
}

// SPLIT=auto leaves renders below SPLIT_MIN_HEIGHT whole before any dry run is paid.
TEST(SplitPlanTest, AutoLeavesShortRendersWholeBeforeTheDryRun) {
  SplitPolicy automatic = On(4, 600);
  automatic.min_height = 1080;
  RenderRequest r;
  r.quality = Quality::kMedium;  // 1280x720
  EXPECT_EQ(SplitRefusal(r, automatic), "720 pixels tall, below SPLIT_MIN_HEIGHT (1080)");
  r.quality = Quality::kHigh;  // 1920x1080
  EXPECT_EQ(SplitRefusal(r, automatic), "");
  r.resolution = Resolution{1920, 1078};  // an explicit resolution counts, not the preset
  EXPECT_NE(SplitRefusal(r, automatic), "");
  r.quality = Quality::kLow;
  r.resolution = Resolution{3840, 2160};
  EXPECT_EQ(SplitRefusal(r, automatic), "");
  r.resolution.reset();
  EXPECT_EQ(SplitRefusal(r, On()), "") << "SPLIT=on splits any height";
}

}  // namespace
}  // namespace manimd::render
