#include "render/render_request.h"

#include <gtest/gtest.h>

namespace manimd::render {
namespace {

TEST(RenderRequestTest, QualityAcceptsSeedFlagsLettersAndNames) {
  EXPECT_EQ(*ParseQuality("-ql"), Quality::kLow);
  EXPECT_EQ(*ParseQuality("m"), Quality::kMedium);
  EXPECT_EQ(*ParseQuality("high"), Quality::kHigh);
  EXPECT_EQ(*ParseQuality("-qp"), Quality::kProduction);
  EXPECT_EQ(*ParseQuality("fourk_quality"), Quality::kFourK);
  core::Result<Quality> bad = ParseQuality("-qx");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("-ql, -qm, -qh, -qp, -qk"), std::string::npos);
}

TEST(RenderRequestTest, QualityPresetsMatchManim) {
  EXPECT_EQ(QualityResolution(Quality::kLow), (Resolution{854, 480}));
  EXPECT_EQ(QualityFps(Quality::kLow), 15);
  EXPECT_EQ(QualityResolution(Quality::kMedium), (Resolution{1280, 720}));
  EXPECT_EQ(QualityFps(Quality::kMedium), 30);
  EXPECT_EQ(QualityResolution(Quality::kFourK), (Resolution{3840, 2160}));
  EXPECT_EQ(QualityFps(Quality::kProduction), 60);
}

TEST(RenderRequestTest, Formats) {
  EXPECT_EQ(*ParseFormat("webm"), Format::kWebm);
  EXPECT_EQ(*ParseFormat("png"), Format::kPng);
  EXPECT_FALSE(ParseFormat("avi").ok());
  EXPECT_FALSE(ParseFormat("MP4").ok());
  EXPECT_STREQ(FormatName(Format::kMov), "mov");
}

TEST(RenderRequestTest, Resolution) {
  EXPECT_EQ(*ParseResolution("1280,720"), (Resolution{1280, 720}));
  EXPECT_EQ(*ParseResolution("320x240"), (Resolution{320, 240}));
  for (const char* bad :
       {"", "1280", "1280,", ",720", "a,b", "1281,720", "8,8", "10000,720", "1280,720,1", "-2,4"}) {
    EXPECT_FALSE(ParseResolution(bad).ok()) << bad;
  }
}

TEST(RenderRequestTest, TransparentDefaultsToMov) {
  RenderRequest r;
  EXPECT_EQ(EffectiveFormat(r), Format::kMp4);
  r.transparent = true;
  EXPECT_EQ(EffectiveFormat(r), Format::kMov);
  r.format = Format::kWebm;
  EXPECT_EQ(EffectiveFormat(r), Format::kWebm);
}

TEST(RenderRequestTest, ValidateNamesTheField) {
  RenderRequest r;
  r.code = "from manim import *";
  EXPECT_TRUE(Validate(r, 1000).ok());

  RenderRequest empty = r;
  empty.code = " \n\t";
  EXPECT_NE(Validate(empty, 1000).message().find("codeContent"), std::string::npos);

  EXPECT_NE(Validate(r, 5).message().find("limit is 5"), std::string::npos);

  RenderRequest scene = r;
  scene.scene = "Bad Name;rm";
  EXPECT_NE(Validate(scene, 1000).message().find("scene"), std::string::npos);

  RenderRequest fps = r;
  fps.fps = 0;
  EXPECT_NE(Validate(fps, 1000).message().find("fps"), std::string::npos);
  fps.fps = 121;
  EXPECT_FALSE(Validate(fps, 1000).ok());

  RenderRequest alpha = r;
  alpha.transparent = true;
  alpha.format = Format::kMp4;
  EXPECT_NE(Validate(alpha, 1000).message().find("transparent"), std::string::npos);

  RenderRequest nul = r;
  nul.code += std::string(1, '\0');
  EXPECT_FALSE(Validate(nul, 1000).ok());
}

TEST(RenderRequestTest, SceneNames) {
  EXPECT_TRUE(IsSceneName("MyScene"));
  EXPECT_TRUE(IsSceneName("_Scene2"));
  EXPECT_FALSE(IsSceneName("2Scene"));
  EXPECT_FALSE(IsSceneName("../etc"));
  EXPECT_FALSE(IsSceneName(""));
  EXPECT_TRUE(IsSceneName("Szene\xc3\xa4"));
  EXPECT_FALSE(IsSceneName("a/b"));
  EXPECT_FALSE(IsSceneName("a.b"));
}

}  // namespace
}  // namespace manimd::render
