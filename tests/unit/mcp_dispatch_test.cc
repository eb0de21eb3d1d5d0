// MCP's methods without I/O: which requests are answered at once, which become work, and
// every error code on the way.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "mcp/dispatch.h"
#include "mcp/modern_request.h"

namespace manimd::mcp {
namespace {

namespace json = boost::json;

Message Request(std::string_view method, std::string_view params = "{}") {
  Message m;
  m.kind = Message::Kind::kRequest;
  m.id = 1;
  m.method = std::string(method);
  m.params = json::parse(params).as_object();
  return m;
}

Action Call(std::string_view method, std::string_view params = "{}",
            std::string_view version = "2025-11-25") {
  return Dispatch(Request(method, params), RequestContext{version, ArgOptions{}});
}

RpcError ErrorOf(const Action& a) {
  EXPECT_TRUE(std::holds_alternative<RpcError>(a));
  return std::holds_alternative<RpcError>(a) ? std::get<RpcError>(a) : RpcError{};
}

json::object ResultOf(const Action& a) {
  EXPECT_TRUE(std::holds_alternative<json::object>(a));
  return std::holds_alternative<json::object>(a) ? std::get<json::object>(a) : json::object{};
}

ToolCall CallOf(const Action& a) {
  EXPECT_TRUE(std::holds_alternative<ToolCall>(a));
  return std::holds_alternative<ToolCall>(a) ? std::get<ToolCall>(a) : ToolCall{};
}

const json::object* FindTool(const json::object& list, std::string_view name) {
  for (const json::value& t : list.at("tools").as_array()) {
    if (t.at("name") == json::value(name)) return &t.as_object();
  }
  return nullptr;
}

TEST(McpDispatchTest, InitializeNegotiatesAndPingAnswersEmpty) {
  json::object init = ResultOf(Call("initialize", R"({"protocolVersion":"2025-06-18"})"));
  EXPECT_EQ(init.at("protocolVersion"), json::value("2025-06-18"));
  init = ResultOf(Call("initialize", R"({"protocolVersion":"1999-01-01"})"));
  EXPECT_EQ(init.at("protocolVersion"), json::value("2025-11-25"));
  EXPECT_EQ(ErrorOf(Call("initialize", "{}")).code, kInvalidParams);
  EXPECT_TRUE(ResultOf(Call("ping")).empty());
}

TEST(McpDispatchTest, ToolsListHasTheFourToolsWithSchemas) {
  json::object list = ResultOf(Call("tools/list"));
  ASSERT_EQ(list.at("tools").as_array().size(), 4u);
  const json::object* render = FindTool(list, "render_scene");
  ASSERT_NE(render, nullptr);
  const json::object& in = render->at("inputSchema").as_object();
  EXPECT_EQ(in.at("type"), json::value("object"));
  EXPECT_EQ(in.at("required"), json::parse(R"(["code"])"));
  EXPECT_EQ(in.at("additionalProperties"), json::value(false));
  EXPECT_EQ(in.at("properties").at("quality").at("enum"),
            json::parse(R"(["-ql","-qm","-qh","-qp","-qk"])"));
  EXPECT_EQ(in.at("properties").at("format").at("enum"),
            json::parse(R"(["mp4","webm","gif","mov","png"])"));
  EXPECT_EQ(render->at("outputSchema").at("required"), json::parse(R"(["jobId","status"])"));
  EXPECT_EQ(render->at("execution").at("taskSupport"), json::value("optional"));
  const json::object* validate = FindTool(list, "validate_scene");
  ASSERT_NE(validate, nullptr);
  EXPECT_FALSE(validate->at("inputSchema").at("properties").as_object().contains("format"));
  EXPECT_FALSE(validate->contains("execution"));  // forbidden: not a task
  EXPECT_EQ(validate->at("annotations").at("readOnlyHint"), json::value(true));
  for (const char* name : {"get_job", "cancel_job"}) {
    const json::object* tool = FindTool(list, name);
    ASSERT_NE(tool, nullptr) << name;
    EXPECT_EQ(tool->at("inputSchema").at("required"), json::parse(R"(["jobId"])"));
  }
  // 2025-06-18 knows no tasks: no execution hints.
  json::object old = ResultOf(Call("tools/list", "{}", "2025-06-18"));
  EXPECT_FALSE(FindTool(old, "render_scene")->contains("execution"));
}

TEST(McpDispatchTest, ToolCallsBecomeWorkWithTheirArgumentsAndProgressToken) {
  ToolCall c = CallOf(Call("tools/call", R"({"name":"render_scene","_meta":{"progressToken":"p"},
      "arguments":{"code":"class A(Scene): pass","quality":"-ql","wait":false}})"));
  EXPECT_EQ(c.tool, Tool::kRenderScene);
  EXPECT_EQ(c.progress_token, json::value("p"));
  EXPECT_FALSE(c.as_task);
  const SceneArgs& args = std::get<SceneArgs>(c.args);
  EXPECT_EQ(args.request.quality, render::Quality::kLow);
  EXPECT_FALSE(args.wait);

  ToolCall g = CallOf(Call("tools/call", R"({"name":"get_job","arguments":{"jobId":"abc"}})"));
  EXPECT_EQ(g.tool, Tool::kGetJob);
  EXPECT_TRUE(g.progress_token.is_null());
  EXPECT_EQ(std::get<JobArgs>(g.args).job_id, "abc");
}

TEST(McpDispatchTest, BadToolCallsAreInvalidParamsNamingWhatIsWrong) {
  RpcError unknown = ErrorOf(Call("tools/call", R"({"name":"render_video"})"));
  EXPECT_EQ(unknown.code, kInvalidParams);
  EXPECT_EQ(unknown.message, "Unknown tool: render_video");
  EXPECT_EQ(ErrorOf(Call("tools/call", "{}")).code, kInvalidParams);
  EXPECT_EQ(ErrorOf(Call("tools/call", R"({"name":"get_job","arguments":[1]})")).code,
            kInvalidParams);
  RpcError bad = ErrorOf(Call("tools/call", R"({"name":"render_scene","arguments":{"code":"x",
      "quality":"ultra"}})"));
  EXPECT_EQ(bad.code, kInvalidParams);
  EXPECT_NE(bad.message.find("quality"), std::string::npos) << bad.message;
  EXPECT_EQ(bad.data.at("errors").at(0).at("path"), json::parse(R"(["quality"])"));
  RpcError missing = ErrorOf(Call("tools/call", R"({"name":"get_job"})"));
  EXPECT_NE(missing.message.find("jobId is required"), std::string::npos) << missing.message;
}

TEST(McpDispatchTest, OnlyRenderSceneRunsAsATaskAndOnlyFrom20251125) {
  EXPECT_TRUE(CallOf(Call("tools/call", R"({"name":"render_scene","task":{"ttl":1000},
      "arguments":{"code":"x"}})"))
                  .as_task);
  RpcError forbidden = ErrorOf(Call("tools/call", R"({"name":"validate_scene","task":{},
      "arguments":{"code":"x"}})"));
  EXPECT_EQ(forbidden.code, kMethodNotFound);
  // A receiver without the capability ignores the task member.
  EXPECT_FALSE(CallOf(Call("tools/call", R"({"name":"render_scene","task":{},
      "arguments":{"code":"x"}})",
                           "2025-06-18"))
                   .as_task);
}

TEST(McpDispatchTest, TaskMethodsTakeATaskIdOrACursor) {
  auto task = [](const Action& a) { return std::get<TaskCall>(a); };
  EXPECT_EQ(task(Call("tasks/get", R"({"taskId":"t1"})")).task_id, "t1");
  EXPECT_EQ(task(Call("tasks/result", R"({"taskId":"t1"})")).method, TaskMethod::kResult);
  EXPECT_EQ(task(Call("tasks/cancel", R"({"taskId":"t1"})")).method, TaskMethod::kCancel);
  EXPECT_EQ(task(Call("tasks/list")).before_seq, 0);
  EXPECT_EQ(task(Call("tasks/list", R"({"cursor":"42"})")).before_seq, 42);
  EXPECT_EQ(ErrorOf(Call("tasks/list", R"({"cursor":"x"})")).code, kInvalidParams);
  EXPECT_EQ(ErrorOf(Call("tasks/list", R"({"cursor":"0"})")).code, kInvalidParams);
  EXPECT_EQ(ErrorOf(Call("tasks/get", "{}")).code, kInvalidParams);
  EXPECT_EQ(ErrorOf(Call("tasks/get", R"({"taskId":"t1"})", "2025-06-18")).code, kMethodNotFound);
}

TEST(McpDispatchTest, UnknownMethodsAreMethodNotFound) {
  for (const char* method : {"resources/list", "prompts/list", "sampling/createMessage", "x"}) {
    RpcError e = ErrorOf(Call(method));
    EXPECT_EQ(e.code, kMethodNotFound) << method;
    EXPECT_NE(e.message.find(method), std::string::npos);
  }
}

// A modern (2026-07-28) request whose headers already passed (modern_request.h).
Action Modern(std::string_view method, std::string_view params = "{}", bool tasks = false) {
  RequestContext context{"2026-07-28", ArgOptions{}, true, tasks};
  return Dispatch(Request(method, params), context);
}

TEST(McpDispatchTest, ModernRequestsHaveNoHandshakeButDiscover) {
  EXPECT_EQ(ErrorOf(Modern("initialize", R"({"protocolVersion":"2025-11-25"})")).code,
            kMethodNotFound);
  EXPECT_EQ(ErrorOf(Modern("ping")).code, kMethodNotFound);
  json::object d = ResultOf(Modern("server/discover"));
  EXPECT_EQ(d.at("supportedVersions").as_array().front(), json::value("2026-07-28"));
  // Legacy clients never had server/discover.
  EXPECT_EQ(ErrorOf(Call("server/discover")).code, kMethodNotFound);
}

TEST(McpDispatchTest, ModernToolsListIsCacheableAndHasNoLegacyTaskSupport) {
  json::object list = ResultOf(Modern("tools/list"));
  EXPECT_EQ(list.at("tools").as_array().size(), 4u);
  EXPECT_FALSE(FindTool(list, "render_scene")->contains("execution"));
  EXPECT_GT(list.at("ttlMs").as_int64(), 0);
  EXPECT_EQ(list.at("cacheScope"), json::value("public"));
}

TEST(McpDispatchTest, ModernRendersBecomeTasksWhenTheClientDeclaredTheExtension) {
  const char* render = R"({"name":"render_scene","arguments":{"code":"x"}})";
  EXPECT_FALSE(CallOf(Modern("tools/call", render)).as_task);
  EXPECT_TRUE(CallOf(Modern("tools/call", render, true)).as_task);
  // wait=false asks for the jobId at once; other tools never run as tasks.
  EXPECT_FALSE(
      CallOf(Modern("tools/call",
                    R"({"name":"render_scene","arguments":{"code":"x","wait":false}})", true))
          .as_task);
  EXPECT_FALSE(
      CallOf(Modern("tools/call", R"({"name":"validate_scene","arguments":{"code":"x"}})", true))
          .as_task);
  // The legacy per-request flag means nothing to a modern request.
  EXPECT_FALSE(
      CallOf(Modern("tools/call", R"({"name":"render_scene","task":{},"arguments":{"code":"x"}})"))
          .as_task);
}

TEST(McpDispatchTest, ModernTaskMethodsAreTheExtensionsAndNeedIt) {
  auto task = [](const Action& a) { return std::get<TaskCall>(a); };
  EXPECT_EQ(task(Modern("tasks/get", R"({"taskId":"t1"})", true)).method, TaskMethod::kGet);
  EXPECT_EQ(task(Modern("tasks/cancel", R"({"taskId":"t1"})", true)).method, TaskMethod::kCancel);
  EXPECT_EQ(task(Modern("tasks/update", R"({"taskId":"t1","inputResponses":{}})", true)).method,
            TaskMethod::kUpdate);
  EXPECT_EQ(ErrorOf(Modern("tasks/get", "{}", true)).code, kInvalidParams);
  RpcError without = ErrorOf(Modern("tasks/get", R"({"taskId":"t1"})"));
  EXPECT_EQ(without.code, -32021);
  EXPECT_TRUE(without.data.at("requiredCapabilities").is_object());
  // Removed by the extension: the blocking result and the list.
  EXPECT_EQ(ErrorOf(Modern("tasks/result", R"({"taskId":"t1"})", true)).code, kMethodNotFound);
  EXPECT_EQ(ErrorOf(Modern("tasks/list", "{}", true)).code, kMethodNotFound);
  // And tasks/update is no legacy method.
  EXPECT_EQ(ErrorOf(Call("tasks/update", R"({"taskId":"t1"})")).code, kMethodNotFound);
}

TEST(McpDispatchTest, ModernListenBecomesWorkAndLegacyHasNone) {
  Action listen =
      Modern("subscriptions/listen", R"({"notifications":{"taskIds":["a","b"]}})", true);
  ASSERT_TRUE(std::holds_alternative<ListenCall>(listen));
  EXPECT_EQ(std::get<ListenCall>(listen).task_ids, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(ErrorOf(Modern("subscriptions/listen", R"({"notifications":{"taskIds":["a"]}})")).code,
            kMissingRequiredClientCapability);
  EXPECT_EQ(ErrorOf(Modern("subscriptions/listen", "{}", true)).code, kInvalidParams);
  // 2025-11-25 had a GET stream instead (not offered): the method does not exist there.
  EXPECT_EQ(ErrorOf(Call("subscriptions/listen", R"({"notifications":{}})")).code, kMethodNotFound);
}

TEST(McpDispatchTest, CancelledNotificationsNameARequestOrNothing) {
  Message n;
  n.kind = Message::Kind::kNotification;
  n.method = "notifications/cancelled";
  n.params = json::parse(R"({"requestId":3,"reason":"user"})").as_object();
  EXPECT_EQ(CancelledRequestId(n), json::value(3));
  n.params = json::parse(R"({"requestId":"r"})").as_object();
  EXPECT_EQ(CancelledRequestId(n), json::value("r"));
  n.params = json::parse(R"({"requestId":null})").as_object();
  EXPECT_TRUE(CancelledRequestId(n).is_null());
  n.method = "notifications/initialized";
  n.params = json::parse(R"({"requestId":3})").as_object();
  EXPECT_TRUE(CancelledRequestId(n).is_null());
}

}  // namespace
}  // namespace manimd::mcp
