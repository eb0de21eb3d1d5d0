#include "core/log.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace manimd::core {
namespace {

TEST(LogTest, TextIsEventThenFieldsWithQuotingWhereNeeded) {
  EXPECT_EQ(FormatLogText("http.request", {{"status", std::int64_t{200}},
                                           {"path", std::string("/api/render")},
                                           {"note", std::string("two words")},
                                           {"ok", true}}),
            "http.request status=200 path=/api/render note=\"two words\" ok=true");
  EXPECT_EQ(FormatLogText("x", {{"q", std::string("a\"b\nc")}, {"e", std::string()}}),
            "x q=\"a\\\"b\\nc\"");
}

TEST(LogTest, JsonIsOneObjectPerEvent) {
  std::string line = FormatLogJson(LogLevel::kWarn, "render.finished",
                                   {{"job_id", std::string("j1")}, {"ms", std::int64_t{5}}});
  EXPECT_EQ(line.find('\n'), std::string::npos);
  boost::json::object o = boost::json::parse(line).as_object();
  EXPECT_EQ(o.at("event"), "render.finished");
  EXPECT_EQ(o.at("level"), "warn");
  EXPECT_EQ(o.at("job_id"), "j1");
  EXPECT_EQ(o.at("ms"), 5);
  EXPECT_TRUE(std::string(o.at("ts").as_string()).ends_with("Z"));
}

}  // namespace
}  // namespace manimd::core
