#include "core/config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace manimd::core {
namespace {

TEST(ConfigTest, DefaultsMatchTheSeedAndASmallBox) {
  Result<Config> c = LoadConfig({});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->render_timeout_s, 300);
  EXPECT_EQ(c->effective_cpu_s(), 600);
  EXPECT_GE(c->max_concurrent_renders, 1);
  EXPECT_FALSE(c->runtime_dir.empty());
}

TEST(ConfigTest, ReadsEveryLimit) {
  Result<Config> c = LoadConfig({{"RENDER_TIMEOUT_S", "20"},
                                 {"RENDER_CPU_S", "7"},
                                 {"RENDER_MEMORY_MB", "1024"},
                                 {"RENDER_PIDS", "64"},
                                 {"RENDER_OUTPUT_MB", "50"},
                                 {"MAX_CODE_BYTES", "1000"},
                                 {"MAX_CONCURRENT_RENDERS", "3"},
                                 {"MANIMD_RUNTIME_DIR", "/x"}});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->render_timeout_s, 20);
  EXPECT_EQ(c->effective_cpu_s(), 7);
  EXPECT_EQ(c->render_memory_mb, 1024);
  EXPECT_EQ(c->render_pids, 64);
  EXPECT_EQ(c->render_output_mb, 50);
  EXPECT_EQ(c->max_code_bytes, 1000u);
  EXPECT_EQ(c->max_concurrent_renders, 3);
  EXPECT_EQ(c->runtime_dir, "/x");
}

TEST(ConfigTest, BadValueNamesTheVariable) {
  for (const char* bad : {"abc", "0", "-5", "12x", "99999999999"}) {
    Result<Config> c = LoadConfig({{"RENDER_TIMEOUT_S", bad}});
    ASSERT_FALSE(c.ok()) << bad;
    EXPECT_EQ(c.status().code(), Code::kInvalidArgument);
    EXPECT_NE(c.status().message().find("RENDER_TIMEOUT_S"), std::string::npos);
    EXPECT_NE(c.status().message().find(bad), std::string::npos);
  }
}

TEST(ConfigTest, CgroupIsOffUnlessDelegated) {
  EXPECT_TRUE(LoadConfig({})->cgroup_parent.empty());
  EXPECT_EQ(LoadConfig({{"RENDER_CGROUP", "manimd"}})->cgroup_parent, "manimd");
  EXPECT_FALSE(LoadConfig({{"RENDER_CGROUP", "../escape"}}).ok());
  EXPECT_FALSE(LoadConfig({{"RENDER_CGROUP", "/abs"}}).ok());
}

TEST(ConfigTest, FlagNames) {
  EXPECT_EQ(FlagName("RENDER_TIMEOUT_S"), "--render-timeout-s");
  EXPECT_EQ(FlagName("MANIMD_RUNTIME_DIR"), "--manimd-runtime-dir");
}

// Every row of the table is really read: a value either changes the configuration or is
// refused with a message naming the variable.
TEST(ConfigTest, EveryRowIsRead) {
  // Credentials and a region set, so that S3_BUCKET_NAME alone is a valid change too.
  const EnvMap base = {{"AWS_ACCESS_KEY_ID", "k"},
                       {"AWS_SECRET_ACCESS_KEY", "s"},
                       {"AWS_REGION", "r"},
                       {"DATA_DIR_SHARED", "on"}};
  Config defaults = *LoadConfig(base);
  for (const ConfigRow& row : ConfigTable()) {
    EXPECT_FALSE(row.help.empty()) << row.name;
    EXPECT_FALSE(row.default_text.empty()) << row.name;
    for (const char* value :
         {"x-value", "7", "2048", "on", "off", "json", "none", "https://x.example",
          "redis://127.0.0.1:6379/0", "required", "global"}) {
      EnvMap env = base;
      env[row.name] = value;
      Result<Config> c = LoadConfig(env);
      if (!c.ok()) {
        EXPECT_NE(c.status().message().find(row.name), std::string::npos)
            << row.name << ": " << c.status().message();
      } else if (!(*c == defaults)) {
        goto next_row;  // read and taken
      }
    }
    ADD_FAILURE() << row.name << " is in the table but no value changes the configuration";
  next_row:;
  }
}

// docs/configuration.md holds the table's own rendering, so it cannot drift from it.
TEST(ConfigTest, TheDocsShowTheTable) {
  std::ifstream in(std::string(MANIMD_SOURCE_DIR) + "/docs/configuration.md");
  std::stringstream doc;
  doc << in.rdbuf();
  EXPECT_NE(doc.str().find(ConfigMarkdown()), std::string::npos)
      << "docs/configuration.md is out of date; regenerate its tables with "
         "`build/manimd config --markdown`";
}

TEST(ConfigTest, UidsMustCoverTheRenderSlots) {
  Result<Config> c = LoadConfig({{"SANDBOX_UIDS", "2"}, {"MAX_CONCURRENT_RENDERS", "4"}});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("SANDBOX_UIDS"), std::string::npos);
}

TEST(ConfigTest, RedisNeedsStorageEveryNodeCanReach) {
  Result<Config> c = LoadConfig({{"REDIS_URL", "redis://127.0.0.1:6379"}});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("S3_BUCKET_NAME"), std::string::npos);
  EXPECT_NE(c.status().message().find("DATA_DIR_SHARED"), std::string::npos);
  EXPECT_TRUE(LoadConfig({{"REDIS_URL", "redis://h"}, {"DATA_DIR_SHARED", "on"}}).ok());
  EXPECT_FALSE(LoadConfig({{"REDIS_URL", "rediss://h"}, {"DATA_DIR_SHARED", "on"}}).ok());
}

TEST(ConfigTest, PlaygroundIsOnUnlessTurnedOff) {
  EXPECT_TRUE(LoadConfig({})->playground);
  EXPECT_TRUE(LoadConfig({{"PLAYGROUND", "on"}})->playground);
  EXPECT_FALSE(LoadConfig({{"PLAYGROUND", "off"}})->playground);
  Result<Config> bad = LoadConfig({{"PLAYGROUND", "yes"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("PLAYGROUND"), std::string::npos);
}

TEST(ConfigTest, MemoryBelowAUsableFloorIsRefused) {
  EXPECT_FALSE(LoadConfig({{"RENDER_MEMORY_MB", "100"}}).ok());
}

TEST(ConfigTest, ServerDefaultsMatchTheSeed) {
  Config c = *LoadConfig({});
  EXPECT_EQ(c.port, 3001);
  EXPECT_EQ(c.data_dir, "data");
  EXPECT_TRUE(c.cors_origins.empty());
  EXPECT_EQ(c.max_body_bytes, 1u << 20);
  EXPECT_FALSE(c.log_json);
}

TEST(ConfigTest, OriginsAreAListOfBareOrigins) {
  Result<Config> c =
      LoadConfig({{"MOTION_HOST_ORIGIN", " https://a.example.com/ , http://localhost:3000"}});
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->cors_origins,
            (std::vector<std::string>{"https://a.example.com", "http://localhost:3000"}));
  EXPECT_EQ(LoadConfig({{"MOTION_HOST_ORIGIN", "*"}})->cors_origins, std::vector<std::string>{"*"});
  for (const char* bad : {"example.com", "https://a.example.com/path", "://x"}) {
    Result<Config> r = LoadConfig({{"MOTION_HOST_ORIGIN", bad}});
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find("MOTION_HOST_ORIGIN"), std::string::npos);
  }
}

TEST(ConfigTest, S3NeedsCredentialsAndARegionOrEndpoint) {
  EXPECT_FALSE(LoadConfig({{"S3_BUCKET_NAME", "b"}}).ok());
  Result<Config> half = LoadConfig({{"S3_BUCKET_NAME", "b"}, {"AWS_ACCESS_KEY_ID", "k"}});
  ASSERT_FALSE(half.ok());
  EXPECT_EQ(half.status().message().rfind("AWS_SECRET_ACCESS_KEY", 0), 0u);
  Result<Config> no_region = LoadConfig(
      {{"S3_BUCKET_NAME", "b"}, {"AWS_ACCESS_KEY_ID", "k"}, {"AWS_SECRET_ACCESS_KEY", "s"}});
  ASSERT_FALSE(no_region.ok());
  EXPECT_NE(no_region.status().message().find("AWS_REGION"), std::string::npos);
  EXPECT_TRUE(LoadConfig({{"S3_BUCKET_NAME", "b"},
                          {"AWS_ACCESS_KEY_ID", "k"},
                          {"AWS_SECRET_ACCESS_KEY", "s"},
                          {"S3_ENDPOINT", "http://127.0.0.1:9000"}})
                  .ok());
  EXPECT_FALSE(LoadConfig({{"S3_ENDPOINT", "127.0.0.1:9000"}}).ok());
  EXPECT_FALSE(LoadConfig({{"S3_PART_SIZE_MB", "4"}}).ok());  // S3's minimum part is 5 MiB
}

TEST(ConfigTest, JobTtlIsADuration) {
  EXPECT_EQ(LoadConfig({})->job_ttl_s, 7 * 86400);
  EXPECT_EQ(LoadConfig({{"JOB_TTL", "90"}})->job_ttl_s, 90);
  EXPECT_EQ(LoadConfig({{"JOB_TTL", "30m"}})->job_ttl_s, 1800);
  EXPECT_EQ(LoadConfig({{"JOB_TTL", "24h"}})->job_ttl_s, 86400);
  EXPECT_EQ(LoadConfig({{"JOB_TTL", "2d"}})->job_ttl_s, 2 * 86400);
  for (const char* bad : {"d", "7w", "-1d", "0", "1.5h", "99999d"}) {
    Result<Config> r = LoadConfig({{"JOB_TTL", bad}});
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().message().rfind("JOB_TTL", 0), 0u);
  }
}

TEST(ConfigTest, BadServerSettingsNameTheVariable) {
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, std::string>>{{"PORT", "70000"},
                                                        {"PORT", "http"},
                                                        {"LOG_FORMAT", "xml"},
                                                        {"PUBLIC_URL", "example.com"},
                                                        {"MAX_BODY_BYTES", "10"},
                                                        {"MAX_QUEUE", "-1"}}) {
    Result<Config> r = LoadConfig({{name, value}});
    ASSERT_FALSE(r.ok()) << name << "=" << value;
    EXPECT_EQ(r.status().message().rfind(name, 0), 0u) << r.status().message();
  }
  EXPECT_EQ(LoadConfig({{"PUBLIC_URL", "https://r.example.com/"}})->public_url,
            "https://r.example.com");
}

}  // namespace
}  // namespace manimd::core
