// Version negotiation and what the server says about itself.
#include <gtest/gtest.h>

#include "core/build_info.h"
#include "mcp/protocol.h"

namespace manimd::mcp {
namespace {

namespace json = boost::json;

TEST(McpProtocolTest, AnswersTheClientsVersionWhenSupportedElseTheNewest) {
  EXPECT_EQ(NegotiateVersion("2025-11-25"), "2025-11-25");
  EXPECT_EQ(NegotiateVersion("2025-06-18"), "2025-06-18");
  // Older revisions need batches; newer ones have no initialize: the newest we speak.
  EXPECT_EQ(NegotiateVersion("2025-03-26"), "2025-11-25");
  EXPECT_EQ(NegotiateVersion("2024-11-05"), "2025-11-25");
  EXPECT_EQ(NegotiateVersion("2026-07-28"), "2025-11-25");
  EXPECT_EQ(NegotiateVersion(""), "2025-11-25");
  EXPECT_TRUE(IsSupportedVersion("2025-06-18"));
  EXPECT_FALSE(IsSupportedVersion("2025-03-26"));
  EXPECT_EQ(EffectiveVersion(""), kNewestVersion);
  EXPECT_EQ(EffectiveVersion("2025-06-18"), "2025-06-18");
}

TEST(McpProtocolTest, InitializeResultNamesTheServerAndItsCapabilities) {
  json::object r = InitializeResult("2025-11-25");
  EXPECT_EQ(r.at("protocolVersion"), json::value("2025-11-25"));
  const json::object& info = r.at("serverInfo").as_object();
  EXPECT_EQ(info.at("name"), json::value("manimd"));
  EXPECT_EQ(info.at("version"), json::value(core::kVersion));
  const json::object& caps = r.at("capabilities").as_object();
  EXPECT_TRUE(caps.at("tools").is_object());
  const json::object& tasks = caps.at("tasks").as_object();
  EXPECT_TRUE(tasks.contains("list"));
  EXPECT_TRUE(tasks.contains("cancel"));
  EXPECT_TRUE(tasks.at("requests").at("tools").at("call").is_object());
  EXPECT_TRUE(r.at("instructions").is_string());
}

TEST(McpProtocolTest, TasksOnlyFrom20251125) {
  EXPECT_TRUE(HasTasks("2025-11-25"));
  EXPECT_FALSE(HasTasks("2025-06-18"));
  json::object r = InitializeResult("2025-06-18");
  EXPECT_EQ(r.at("protocolVersion"), json::value("2025-06-18"));
  EXPECT_FALSE(r.at("capabilities").as_object().contains("tasks"));
}

}  // namespace
}  // namespace manimd::mcp
