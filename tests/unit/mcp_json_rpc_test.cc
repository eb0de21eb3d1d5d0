// JSON-RPC message parsing and the messages the MCP server writes.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "mcp/json_rpc.h"

namespace manimd::mcp {
namespace {

namespace json = boost::json;

Message Parsed(std::string_view body) {
  auto r = ParseMessage(body);
  EXPECT_TRUE(std::holds_alternative<Message>(r)) << body;
  return std::holds_alternative<Message>(r) ? std::get<Message>(r) : Message{};
}

BodyFault Fault(std::string_view body) {
  auto r = ParseMessage(body);
  EXPECT_TRUE(std::holds_alternative<BodyFault>(r)) << body;
  return std::holds_alternative<BodyFault>(r) ? std::get<BodyFault>(r) : BodyFault{};
}

TEST(McpJsonRpcTest, TellsRequestsNotificationsAndResponsesApart) {
  Message r = Parsed(R"({"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"a":1}})");
  EXPECT_EQ(r.kind, Message::Kind::kRequest);
  EXPECT_EQ(r.id, json::value(7));
  EXPECT_EQ(r.method, "tools/list");
  EXPECT_EQ(r.params.at("a"), json::value(1));

  Message s = Parsed(R"({"jsonrpc":"2.0","id":"abc","method":"ping"})");
  EXPECT_EQ(s.kind, Message::Kind::kRequest);
  EXPECT_EQ(s.id, json::value("abc"));
  EXPECT_TRUE(s.params.empty());

  Message n = Parsed(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  EXPECT_EQ(n.kind, Message::Kind::kNotification);
  EXPECT_TRUE(n.id.is_null());

  Message resp = Parsed(R"({"jsonrpc":"2.0","id":3,"result":{}})");
  EXPECT_EQ(resp.kind, Message::Kind::kResponse);
  Message err = Parsed(R"({"jsonrpc":"2.0","id":3,"error":{"code":1,"message":"x"}})");
  EXPECT_EQ(err.kind, Message::Kind::kResponse);
}

TEST(McpJsonRpcTest, RefusesWhatIsNotOneJsonRpcMessage) {
  EXPECT_EQ(Fault("{").error.code, kParseError);
  EXPECT_EQ(Fault("").error.code, kParseError);
  BodyFault batch = Fault(R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])");
  EXPECT_EQ(batch.error.code, kInvalidRequest);
  EXPECT_NE(batch.error.message.find("batch"), std::string::npos);
  EXPECT_EQ(Fault("42").error.code, kInvalidRequest);
  EXPECT_EQ(Fault(R"({"id":1,"method":"ping"})").error.code, kInvalidRequest);
  EXPECT_EQ(Fault(R"({"jsonrpc":"1.0","id":1,"method":"ping"})").id, json::value(1));
  EXPECT_EQ(Fault(R"({"jsonrpc":"2.0","id":null,"method":"ping"})").error.code, kInvalidRequest);
  EXPECT_EQ(Fault(R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})").error.code, kInvalidRequest);
  EXPECT_EQ(Fault(R"({"jsonrpc":"2.0","id":{},"method":"ping"})").error.code, kInvalidRequest);
  EXPECT_EQ(Fault(R"({"jsonrpc":"2.0","id":1,"method":""})").error.code, kInvalidRequest);
  EXPECT_EQ(Fault(R"({"jsonrpc":"2.0","id":1,"method":5})").error.code, kInvalidRequest);
  EXPECT_EQ(Fault(R"({"jsonrpc":"2.0","id":1})").error.code, kInvalidRequest);
  BodyFault params = Fault(R"({"jsonrpc":"2.0","id":4,"method":"ping","params":[1]})");
  EXPECT_EQ(params.error.code, kInvalidParams);
  EXPECT_EQ(params.id, json::value(4));
}

TEST(McpJsonRpcTest, WritesResultsErrorsAndNotifications) {
  EXPECT_EQ(json::serialize(ResultMessage(json::value(1), json::object{{"x", 2}})),
            R"({"jsonrpc":"2.0","id":1,"result":{"x":2}})");
  EXPECT_EQ(json::serialize(ErrorMessage(json::value("a"), RpcError{kInvalidParams, "bad", 5})),
            R"({"jsonrpc":"2.0","id":"a","error":{"code":-32602,"message":"bad","data":5}})");
  // MCP's schema: an error that answers no request has no id (not a null one).
  EXPECT_EQ(json::serialize(ErrorMessage(nullptr, RpcError{kParseError, "no", nullptr})),
            R"({"jsonrpc":"2.0","error":{"code":-32700,"message":"no"}})");
  EXPECT_EQ(json::serialize(NotificationMessage("notifications/progress", json::object{})),
            R"({"jsonrpc":"2.0","method":"notifications/progress","params":{}})");
}

TEST(McpJsonRpcTest, IdKeysKeepStringsAndNumbersApart) {
  EXPECT_NE(IdKey(json::value("1")), IdKey(json::value(1)));
  EXPECT_EQ(IdKey(json::value(1)), IdKey(json::value(std::uint64_t{1})));
  EXPECT_EQ(IdKey(nullptr), "");
}

}  // namespace
}  // namespace manimd::mcp
