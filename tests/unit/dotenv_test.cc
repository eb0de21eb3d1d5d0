#include "core/dotenv.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace manimd::core {
namespace {

TEST(DotenvTest, ParsesCommonForms) {
  Result<EnvMap> env = ParseDotenv(
      "# comment\n"
      "PORT=3001\n"
      "export S3_BUCKET_NAME = videos \n"
      "QUOTED=\"a b # not a comment\"\n"
      "SINGLE='x\\ny'\n"
      "ESC=\"line\\nnext \\\"q\\\"\"\n"
      "TRAIL=value # comment\n"
      "EMPTY=\n"
      "\n");
  ASSERT_TRUE(env.ok()) << env.status().ToString();
  EXPECT_EQ(env->at("PORT"), "3001");
  EXPECT_EQ(env->at("S3_BUCKET_NAME"), "videos");
  EXPECT_EQ(env->at("QUOTED"), "a b # not a comment");
  EXPECT_EQ(env->at("SINGLE"), "x\\ny");
  EXPECT_EQ(env->at("ESC"), "line\nnext \"q\"");
  EXPECT_EQ(env->at("TRAIL"), "value");
  EXPECT_EQ(env->at("EMPTY"), "");
}

TEST(DotenvTest, ErrorsNameTheLine) {
  Result<EnvMap> env = ParseDotenv("A=1\nthis is not a setting\n");
  ASSERT_FALSE(env.ok());
  EXPECT_NE(env.status().message().find("line 2"), std::string::npos);
  EXPECT_FALSE(ParseDotenv("A=\"open\n").ok());
  EXPECT_FALSE(ParseDotenv("1BAD=x\n").ok());
}

TEST(DotenvTest, RealEnvironmentWins) {
  std::string path = testing::TempDir() + "/dotenv_test.env";
  std::ofstream(path) << "A=from_file\nB=from_file\n";
  std::string a = "A=from_env";
  char* environ_list[] = {a.data(), nullptr};
  Result<EnvMap> env = MergeSettings(path, environ_list, {});
  ASSERT_TRUE(env.ok());
  EXPECT_EQ(env->at("A"), "from_env");
  EXPECT_EQ(env->at("B"), "from_file");
  std::remove(path.c_str());
}

TEST(DotenvTest, MissingFileIsFine) {
  char* environ_list[] = {nullptr};
  EXPECT_TRUE(MergeSettings("/nonexistent/.env", environ_list, {}).ok());
}

}  // namespace
}  // namespace manimd::core
