// The 2026-07-28 rules for one request: which era it is in, the header checks of the
// Streamable HTTP transport with their error codes, the declared capabilities, the
// Base64 header encoding and what every modern result carries.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "mcp/modern_request.h"
#include "mcp/protocol.h"

namespace manimd::mcp {
namespace {

namespace json = boost::json;

constexpr std::string_view kMeta =
    R"("_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
                "io.modelcontextprotocol/clientCapabilities":{}})";

Message Request(std::string_view method, std::string_view params) {
  Message m;
  m.kind = Message::Kind::kRequest;
  m.id = 7;
  m.method = std::string(method);
  m.params = json::parse(params).as_object();
  return m;
}

Message ToolCall(std::string_view name = "render_scene") {
  return Request("tools/call", "{\"name\":\"" + std::string(name) + "\",\"arguments\":{}," +
                                   std::string(kMeta) + "}");
}

RpcError ErrorOf(const Message& m, const RequestHeaders& h) {
  auto r = CheckModernRequest(m, h);
  EXPECT_TRUE(std::holds_alternative<RpcError>(r)) << "accepted";
  return std::holds_alternative<RpcError>(r) ? std::get<RpcError>(r) : RpcError{};
}

TEST(McpModernRequestTest, TheEraComesFromTheVersionHeaderOrTheBodysMeta) {
  Message plain = Request("tools/list", "{}");
  EXPECT_FALSE(IsModernRequest(plain, ""));  // initialize-era clients send neither at first
  EXPECT_FALSE(IsModernRequest(plain, "2025-11-25"));
  EXPECT_FALSE(IsModernRequest(plain, "2025-06-18"));
  EXPECT_FALSE(IsModernRequest(plain, "2024-11-05"));  // legacy, refused as before
  EXPECT_TRUE(IsModernRequest(plain, "2026-07-28"));
  EXPECT_TRUE(IsModernRequest(plain, "2099-01-01"));  // unknown: answered the modern way
  Message meta = Request("tools/list", "{" + std::string(kMeta) + "}");
  EXPECT_TRUE(IsModernRequest(meta, ""));  // and refused for lacking the header
  EXPECT_TRUE(IsLegacyVersion("2025-03-26"));
  EXPECT_FALSE(IsLegacyVersion("2026-07-28"));
}

TEST(McpModernRequestTest, AcceptsMatchingHeadersAndReadsTheTasksExtension) {
  auto ok = CheckModernRequest(ToolCall(), {"2026-07-28", "tools/call", "render_scene"});
  ASSERT_TRUE(std::holds_alternative<ModernRequest>(ok));
  EXPECT_FALSE(std::get<ModernRequest>(ok).tasks);

  Message tasks = Request("tools/list", R"({"_meta":{
      "io.modelcontextprotocol/protocolVersion":"2026-07-28",
      "io.modelcontextprotocol/clientCapabilities":
        {"extensions":{"io.modelcontextprotocol/tasks":{}}}}})");
  auto with = CheckModernRequest(tasks, {"2026-07-28", "tools/list", ""});
  ASSERT_TRUE(std::holds_alternative<ModernRequest>(with));
  EXPECT_TRUE(std::get<ModernRequest>(with).tasks);
}

TEST(McpModernRequestTest, TheVersionHeaderIsRequiredSupportedAndEqualToTheBodys) {
  RpcError missing = ErrorOf(ToolCall(), {"", "tools/call", "render_scene"});
  EXPECT_EQ(missing.code, kHeaderMismatch);
  EXPECT_NE(missing.message.find("MCP-Protocol-Version"), std::string::npos);

  RpcError unsupported = ErrorOf(ToolCall(), {"2099-01-01", "tools/call", "render_scene"});
  EXPECT_EQ(unsupported.code, kUnsupportedProtocolVersion);
  EXPECT_EQ(unsupported.data.at("requested"), json::value("2099-01-01"));
  EXPECT_EQ(unsupported.data.at("supported"), AllSupportedVersions());
  EXPECT_EQ(unsupported.data.at("supported").as_array().front(), json::value("2026-07-28"));

  Message no_meta = Request("tools/list", "{}");
  RpcError absent = ErrorOf(no_meta, {"2026-07-28", "tools/list", ""});
  EXPECT_EQ(absent.code, kHeaderMismatch);
  EXPECT_NE(absent.message.find("io.modelcontextprotocol/protocolVersion"), std::string::npos);

  Message other = Request("tools/list", R"({"_meta":{
      "io.modelcontextprotocol/protocolVersion":"2025-11-25",
      "io.modelcontextprotocol/clientCapabilities":{}}})");
  RpcError differs = ErrorOf(other, {"2026-07-28", "tools/list", ""});
  EXPECT_EQ(differs.code, kHeaderMismatch);
  EXPECT_NE(differs.message.find("'2025-11-25'"), std::string::npos);
}

TEST(McpModernRequestTest, McpMethodIsRequiredAndMustMatchCaseSensitively) {
  EXPECT_EQ(ErrorOf(ToolCall(), {"2026-07-28", "", "render_scene"}).code, kHeaderMismatch);
  RpcError e = ErrorOf(ToolCall(), {"2026-07-28", "Tools/Call", "render_scene"});
  EXPECT_EQ(e.code, kHeaderMismatch);
  EXPECT_NE(e.message.find("Mcp-Method"), std::string::npos);
}

TEST(McpModernRequestTest, McpNameIsRequiredForToolCallsAndTaskMethods) {
  RpcError missing = ErrorOf(ToolCall(), {"2026-07-28", "tools/call", ""});
  EXPECT_EQ(missing.code, kHeaderMismatch);
  EXPECT_NE(missing.message.find("Mcp-Name"), std::string::npos);
  RpcError differs = ErrorOf(ToolCall("get_job"), {"2026-07-28", "tools/call", "cancel_job"});
  EXPECT_EQ(differs.code, kHeaderMismatch);
  EXPECT_NE(differs.message.find("'cancel_job'"), std::string::npos);

  Message get = Request("tasks/get", "{\"taskId\":\"abc\"," + std::string(kMeta) + "}");
  EXPECT_EQ(ErrorOf(get, {"2026-07-28", "tasks/get", ""}).code, kHeaderMismatch);
  EXPECT_EQ(ErrorOf(get, {"2026-07-28", "tasks/get", "abd"}).code, kHeaderMismatch);
  EXPECT_TRUE(std::holds_alternative<ModernRequest>(
      CheckModernRequest(get, {"2026-07-28", "tasks/get", "abc"})));
  // Methods without a name do not need the header.
  Message list = Request("tools/list", "{" + std::string(kMeta) + "}");
  EXPECT_TRUE(std::holds_alternative<ModernRequest>(
      CheckModernRequest(list, {"2026-07-28", "tools/list", ""})));
}

TEST(McpModernRequestTest, McpNameMayBeBase64EncodedAndIsDecodedBeforeComparing) {
  // "render_scene" in the sentinel form.
  auto ok =
      CheckModernRequest(ToolCall(), {"2026-07-28", "tools/call", "=?base64?cmVuZGVyX3NjZW5l?="});
  EXPECT_TRUE(std::holds_alternative<ModernRequest>(ok));
  EXPECT_EQ(ErrorOf(ToolCall(), {"2026-07-28", "tools/call", "=?base64?!!!!?="}).code,
            kHeaderMismatch);
}

TEST(McpModernRequestTest, MessagesQuoteClientValuesAsPrintableAsciiOnly) {
  // A decoded Mcp-Name of bytes that are not UTF-8 (0xff 0x0a) must not reach the answer.
  RpcError e = ErrorOf(ToolCall(), {"2026-07-28", "tools/call", "=?base64?/wo=?="});
  EXPECT_EQ(e.code, kHeaderMismatch);
  EXPECT_NE(e.message.find("'?\?'"), std::string::npos) << e.message;
  RpcError long_method = ErrorOf(ToolCall(), {"2026-07-28", std::string(500, 'x'), "render_scene"});
  EXPECT_LT(long_method.message.size(), 400u);
}

TEST(McpModernRequestTest, DecodesHeaderValuesAsTheSpecsTableShows) {
  EXPECT_EQ(DecodeHeaderValue("us-west1"), "us-west1");
  EXPECT_EQ(DecodeHeaderValue("=?base64?SGVsbG8sIOS4lueVjA==?="),
            "Hello, \xe4\xb8\x96\xe7\x95\x8c");
  EXPECT_EQ(DecodeHeaderValue("=?base64?IHBhZGRlZCA=?="), " padded ");
  EXPECT_EQ(DecodeHeaderValue("=?base64?bGluZTEKbGluZTI=?="), "line1\nline2");
  EXPECT_EQ(DecodeHeaderValue("=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?="), "=?base64?literal?=");
  EXPECT_EQ(DecodeHeaderValue("=?base64?abc?="), std::nullopt);  // not a multiple of 4
  EXPECT_EQ(DecodeHeaderValue("=?base64?ab$=?="), std::nullopt);
  EXPECT_EQ(DecodeHeaderValue(std::string_view("a\nb")), std::nullopt);
  EXPECT_EQ(DecodeHeaderValue("caf\xc3\xa9"), std::nullopt);  // raw UTF-8 must be encoded
}

TEST(McpModernRequestTest, ClientCapabilitiesAreRequiredOnEveryRequest) {
  Message m = Request("tools/list", R"({"_meta":{
      "io.modelcontextprotocol/protocolVersion":"2026-07-28"}})");
  RpcError e = ErrorOf(m, {"2026-07-28", "tools/list", ""});
  EXPECT_EQ(e.code, kInvalidParams);
  EXPECT_NE(e.message.find("clientCapabilities"), std::string::npos);
}

TEST(McpModernRequestTest, ErrorStatusesFollowTheTransport) {
  EXPECT_EQ(ModernErrorStatus(kHeaderMismatch), 400);
  EXPECT_EQ(ModernErrorStatus(kUnsupportedProtocolVersion), 400);
  EXPECT_EQ(ModernErrorStatus(kMissingRequiredClientCapability), 400);
  EXPECT_EQ(ModernErrorStatus(kMethodNotFound), 404);
  EXPECT_EQ(ModernErrorStatus(kInvalidParams), 200);
  RpcError e = MissingTasksCapability("tasks/get");
  EXPECT_EQ(e.code, kMissingRequiredClientCapability);
  EXPECT_TRUE(e.data.at("requiredCapabilities")
                  .at("extensions")
                  .as_object()
                  .contains("io.modelcontextprotocol/tasks"));
}

TEST(McpModernRequestTest, ModernResultsCarryResultTypeAndServerInfo) {
  json::object r = ModernResult(json::object{{"tools", json::array{}}});
  EXPECT_EQ(r.at("resultType"), json::value("complete"));
  EXPECT_EQ(r.at("_meta").at("io.modelcontextprotocol/serverInfo").at("name"),
            json::value("manimd"));
  json::object task =
      ModernResult(json::object{{"resultType", "task"}, {"_meta", json::object{{"keep", 1}}}});
  EXPECT_EQ(task.at("resultType"), json::value("task"));
  EXPECT_EQ(task.at("_meta").at("keep"), json::value(1));
}

TEST(McpModernRequestTest, DiscoverListsEveryVersionTheExtensionAndCachingHints) {
  json::object d = DiscoverResult();
  EXPECT_EQ(d.at("supportedVersions"), (json::array{"2026-07-28", "2025-11-25", "2025-06-18"}));
  EXPECT_TRUE(d.at("capabilities").at("extensions").as_object().contains(kTasksExtension));
  EXPECT_TRUE(d.at("capabilities").as_object().contains("tools"));
  EXPECT_GT(d.at("ttlMs").as_int64(), 0);
  EXPECT_EQ(d.at("cacheScope"), json::value("public"));
  EXPECT_TRUE(d.at("instructions").is_string());
}

}  // namespace
}  // namespace manimd::mcp
