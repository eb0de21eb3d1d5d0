// subscriptions/listen's filter for the tasks extension and the messages of its stream,
// checked against the 2026-07-28 schema's examples and SEP-2663's.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "mcp/modern_request.h"
#include "mcp/subscriptions.h"

namespace manimd::mcp {
namespace {

namespace json = boost::json;

std::variant<ListenCall, RpcError> Parse(std::string_view params, bool tasks = true) {
  return ParseListen(json::parse(params).as_object(), tasks);
}

RpcError ErrorOf(const std::variant<ListenCall, RpcError>& v) {
  EXPECT_TRUE(std::holds_alternative<RpcError>(v));
  return std::holds_alternative<RpcError>(v) ? std::get<RpcError>(v) : RpcError{};
}

TEST(McpSubscriptionsTest, TakesDistinctTaskIdsInOrder) {
  auto v = Parse(R"({"notifications":{"taskIds":["b","a","b"]}})");
  ASSERT_TRUE(std::holds_alternative<ListenCall>(v));
  EXPECT_TRUE(std::get<ListenCall>(v).tasks_requested);
  EXPECT_EQ(std::get<ListenCall>(v).task_ids, (std::vector<std::string>{"b", "a"}));
}

TEST(McpSubscriptionsTest, OtherFiltersAreAcceptedAndAskForNoTasks) {
  // The schema's example: list changes and a resource; manimd honours neither.
  auto v =
      Parse(R"({"notifications":{"toolsListChanged":true,"resourceSubscriptions":["file:///x"]}})",
            false);
  ASSERT_TRUE(std::holds_alternative<ListenCall>(v));
  EXPECT_FALSE(std::get<ListenCall>(v).tasks_requested);
  EXPECT_TRUE(std::get<ListenCall>(v).task_ids.empty());
}

TEST(McpSubscriptionsTest, TaskIdsNeedTheTasksExtension) {
  RpcError e = ErrorOf(Parse(R"({"notifications":{"taskIds":["a"]}})", false));
  EXPECT_EQ(e.code, kMissingRequiredClientCapability);
  EXPECT_TRUE(
      e.data.at("requiredCapabilities").at("extensions").as_object().contains(kTasksExtension));
}

TEST(McpSubscriptionsTest, BadFiltersNameTheField) {
  EXPECT_NE(ErrorOf(Parse("{}")).message.find("params.notifications"), std::string::npos);
  EXPECT_EQ(ErrorOf(Parse(R"({"notifications":[]})")).code, kInvalidParams);
  for (const char* bad :
       {R"({"notifications":{"taskIds":"a"}})", R"({"notifications":{"taskIds":[1]}})",
        R"({"notifications":{"taskIds":[""]}})"}) {
    RpcError e = ErrorOf(Parse(bad));
    EXPECT_EQ(e.code, kInvalidParams) << bad;
    EXPECT_NE(e.message.find("params.notifications.taskIds"), std::string::npos) << e.message;
  }
  json::array many;
  for (std::size_t i = 0; i <= kMaxListenTaskIds; ++i) many.emplace_back("t" + std::to_string(i));
  json::object params{{"notifications", json::object{{"taskIds", many}}}};
  EXPECT_EQ(ErrorOf(ParseListen(params, true)).code, kInvalidParams);
  many.pop_back();
  params["notifications"].as_object()["taskIds"] = many;
  EXPECT_TRUE(std::holds_alternative<ListenCall>(ParseListen(params, true)));
}

TEST(McpSubscriptionsTest, AcknowledgementCarriesTheSubscriptionIdAndWhatIsHonoured) {
  json::object ack = ListenAcknowledged(json::value("listen-1"), true, {"t1"});
  EXPECT_EQ(ack,
            json::parse(R"({"jsonrpc":"2.0","method":"notifications/subscriptions/acknowledged",
      "params":{"notifications":{"taskIds":["t1"]},
                "_meta":{"io.modelcontextprotocol/subscriptionId":"listen-1"}}})"));
  json::object none = ListenAcknowledged(json::value(7), false, {});
  EXPECT_TRUE(none.at("params").at("notifications").as_object().empty());
  EXPECT_EQ(none.at("params").at("_meta").at(kSubscriptionIdKey), json::value(7));
}

TEST(McpSubscriptionsTest, TaskNotificationIsTheTaskWithTheSubscriptionId) {
  json::object task = json::parse(
                          R"({"taskId":"t1","status":"completed","resultType":"complete",
                              "result":{"isError":false}})")
                          .as_object();
  json::object note = TaskNotification(json::value(3), task);
  EXPECT_EQ(note.at("method"), json::value("notifications/tasks"));
  const json::object& params = note.at("params").as_object();
  EXPECT_EQ(params.at("taskId"), json::value("t1"));
  EXPECT_EQ(params.at("status"), json::value("completed"));
  EXPECT_TRUE(params.contains("result"));
  EXPECT_FALSE(params.contains("resultType"));  // a notification is no result
  EXPECT_EQ(params.at("_meta").at(kSubscriptionIdKey), json::value(3));
}

TEST(McpSubscriptionsTest, ClosedResultMatchesTheSchemaExample) {
  // ModernResult adds resultType (and serverInfo) as to every modern result.
  json::object closed = ModernResult(ListenClosedResult(json::value("listen-1")));
  EXPECT_EQ(closed.at("resultType"), json::value("complete"));
  EXPECT_EQ(closed.at("_meta").at(kSubscriptionIdKey), json::value("listen-1"));
}

}  // namespace
}  // namespace manimd::mcp
