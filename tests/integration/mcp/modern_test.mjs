// POST /mcp under MCP 2026-07-28 (no initialize: version and capabilities in every
// request's _meta, MCP-Protocol-Version / Mcp-Method / Mcp-Name headers checked against
// the body) against a real `manimd serve`, with fetch: no SDK speaks this revision yet.
// server/discover, tools/list, the header rules and their errors, render_scene with
// progress on its own stream, closing that stream cancels, a render as a task of the
// tasks extension polled with tasks/get to completion, tasks/cancel. Usage:
// node modern_test.mjs <manimd binary>.
import { resolve } from "node:path";
import { startServer, stopServer } from "./serve.mjs";
import { check, limitRun, log, LONG_SCENE, RENDER_SCENE, sleep, until } from "./testkit.mjs";

if (process.argv.length !== 3) throw new Error("usage: modern_test.mjs <manimd>");
const manimd = resolve(process.argv[2]);
const V = "2026-07-28";
const TASKS = "io.modelcontextprotocol/tasks";
limitRun(240_000);

let server = null;
let nextId = 1;

// A modern request: _meta and headers as the spec writes them, unless `override` says
// otherwise (headers set to null are left out).
function modern(method, params = {}, { tasks = false, headers = {}, meta = {}, signal } = {}) {
  const capabilities = tasks ? { extensions: { [TASKS]: {} } } : {};
  const body = {
    jsonrpc: "2.0",
    id: nextId++,
    method,
    params: {
      ...params,
      _meta: {
        "io.modelcontextprotocol/protocolVersion": V,
        "io.modelcontextprotocol/clientInfo": { name: "modern_test", version: "1" },
        "io.modelcontextprotocol/clientCapabilities": capabilities,
        ...(params._meta || {}),
        ...meta,
      },
    },
  };
  const name = method === "tools/call" ? params.name : method.startsWith("tasks/") ? params.taskId : undefined;
  const all = {
    "Content-Type": "application/json",
    Accept: "application/json, text/event-stream",
    "MCP-Protocol-Version": V,
    "Mcp-Method": method,
    ...(name !== undefined ? { "Mcp-Name": name } : {}),
    ...headers,
  };
  for (const [k, v] of Object.entries(all)) if (v === null) delete all[k];
  return fetch(`${server.base}/mcp`, { method: "POST", headers: all, body: JSON.stringify(body), signal });
}

// The JSON-RPC messages of an answer: one JSON body, or every event of a stream.
async function messages(res) {
  const text = await res.text();
  if (!(res.headers.get("content-type") || "").startsWith("text/event-stream")) return [JSON.parse(text)];
  return text
    .split("\n\n")
    .map((e) => e.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n"))
    .filter((d) => d)
    .map((d) => JSON.parse(d));
}

async function result(res, what) {
  check(res.status === 200, `${what}: HTTP ${res.status}`);
  const all = await messages(res);
  const last = all.at(-1);
  check(last.result, `${what}: ${JSON.stringify(last)}`);
  check(last.result._meta?.["io.modelcontextprotocol/serverInfo"]?.name === "manimd", `${what}: no serverInfo`);
  return { result: last.result, notes: all.slice(0, -1) };
}

async function refused(res, status, code, pattern, what) {
  check(res.status === status, `${what}: HTTP ${res.status}, wanted ${status}`);
  const body = await res.json();
  check(body.error?.code === code, `${what}: ${JSON.stringify(body)}`);
  check(pattern.test(body.error.message), `${what}: message "${body.error.message}" does not match ${pattern}`);
  return body;
}

async function checkDiscover() {
  const res = await modern("server/discover");
  check(!res.headers.get("mcp-session-id"), "a modern answer minted a session");
  const { result: d } = await result(res, "server/discover");
  check(d.resultType === "complete", `resultType ${d.resultType}`);
  check(d.supportedVersions[0] === V && d.supportedVersions.includes("2025-11-25"), `versions ${d.supportedVersions}`);
  check(d.capabilities.tools && d.capabilities.extensions?.[TASKS], `capabilities ${JSON.stringify(d.capabilities)}`);
  check(d.ttlMs > 0 && d.cacheScope === "public" && d.instructions, JSON.stringify(d));
}

async function checkToolsList() {
  const { result: r } = await result(await modern("tools/list"), "tools/list");
  const names = r.tools.map((t) => t.name).sort().join(",");
  check(names === "cancel_job,get_job,render_scene,validate_scene", `tools ${names}`);
  check(r.tools.every((t) => !t.execution), "legacy taskSupport in a modern tools/list");
  check(r.resultType === "complete" && r.ttlMs > 0 && r.cacheScope === "public", JSON.stringify(r));
}

async function checkHeaderRules() {
  const call = { name: "get_job", arguments: { jobId: "nope" } };
  await refused(await modern("tools/call", call, { headers: { "MCP-Protocol-Version": null } }),
    400, -32020, /MCP-Protocol-Version header is required/, "no version header");
  const mismatch = await refused(await modern("tools/list", {}, { headers: { "Mcp-Method": "tools/call" } }),
    400, -32020, /Mcp-Method header value 'tools\/call' does not match body value 'tools\/list'/, "Mcp-Method mismatch");
  check(typeof mismatch.id === "number", "a header refusal without the request's id");
  await refused(await modern("tools/list", {}, { headers: { "Mcp-Method": null } }),
    400, -32020, /Mcp-Method header is required/, "no Mcp-Method");
  await refused(await modern("tools/call", call, { headers: { "Mcp-Name": null } }),
    400, -32020, /Mcp-Name header is required/, "no Mcp-Name");
  await refused(await modern("tools/call", call, { headers: { "Mcp-Name": "cancel_job" } }),
    400, -32020, /'cancel_job' does not match body value 'get_job'/, "Mcp-Name mismatch");
  await refused(await modern("tools/list", {}, { meta: { "io.modelcontextprotocol/protocolVersion": "2025-11-25" } }),
    400, -32020, /does not match body value '2025-11-25'/, "version header and body differ");
  const old = await refused(
    await modern("tools/list", {}, { headers: { "MCP-Protocol-Version": "2099-01-01" }, meta: { "io.modelcontextprotocol/protocolVersion": "2099-01-01" } }),
    400, -32022, /Unsupported protocol version/, "unsupported version");
  check(old.error.data.requested === "2099-01-01" && old.error.data.supported.includes(V), JSON.stringify(old));
  await refused(await modern("ping"), 404, -32601, /Method not found: ping/, "ping");
  await refused(await modern("initialize", { protocolVersion: V }), 404, -32601, /initialize/, "initialize");
  await refused(await modern("tasks/get", { taskId: "x" }), 400, -32021, /tasks/, "tasks/get without the extension");
  await refused(await modern("tasks/result", { taskId: "x" }, { tasks: true }), 404, -32601, /tasks\/result/, "tasks/result");
  // Base64-encoded Mcp-Name passes the checks; the unknown job is then the tool's -32602.
  const b64 = await modern("tools/call", call, { headers: { "Mcp-Name": `=?base64?${Buffer.from("get_job").toString("base64")}?=` } });
  check(b64.status === 200, `Base64 Mcp-Name: HTTP ${b64.status}`);
  const err = (await b64.json()).error;
  check(err?.code === -32602 && /jobId: no job nope/.test(err.message), JSON.stringify(err));
  const caps = await modern("tools/list", {}, { meta: { "io.modelcontextprotocol/clientCapabilities": undefined } });
  const capsErr = (await caps.json()).error;
  check(capsErr?.code === -32602 && /clientCapabilities/.test(capsErr.message), `no capabilities: ${JSON.stringify(capsErr)}`);
}

async function checkMp4(url) {
  const video = await fetch(url);
  const bytes = Buffer.from(await video.arrayBuffer());
  check(video.status === 200 && video.headers.get("content-type") === "video/mp4", `GET ${url}: ${video.status}`);
  check(bytes.length > 1000 && bytes.subarray(4, 8).toString() === "ftyp", `not an mp4 (${bytes.length} bytes)`);
}

async function checkRenderWithProgress() {
  const res = await modern("tools/call", {
    name: "render_scene",
    arguments: { code: RENDER_SCENE, quality: "-ql" },
    _meta: { progressToken: "r1" },
  });
  check(res.headers.get("content-type") === "text/event-stream", `content-type ${res.headers.get("content-type")}`);
  const { result: r, notes } = await result(res, "render_scene");
  const progress = notes.filter((n) => n.method === "notifications/progress").map((n) => n.params);
  log(`render: ${progress.length} progress notifications: ${progress.map((p) => p.progress).join(" ")}`);
  check(notes.every((n) => n.method === "notifications/progress"), "a foreign message on the request's stream");
  check(progress.length >= 2 && progress.every((p) => p.progressToken === "r1" && p.total === 100), "progress");
  for (let i = 1; i < progress.length; i++) check(progress[i].progress > progress[i - 1].progress, "progress fell");
  check(r.resultType === "complete" && !r.isError, `render: ${JSON.stringify(r)}`);
  check(r.structuredContent.status === "succeeded" && r.structuredContent.scene === "Steps", JSON.stringify(r.structuredContent));
  await checkMp4(r.structuredContent.url);
}

async function newestJob() {
  return (await (await fetch(`${server.base}/api/jobs?limit=1`)).json()).jobs[0];
}

// 2026-07-28 has no notifications/cancelled on HTTP: closing the stream is the signal.
async function checkClosingTheStreamCancels() {
  const abort = new AbortController();
  const res = await modern("tools/call", {
    name: "render_scene", arguments: { code: LONG_SCENE, quality: "-ql" }, _meta: { progressToken: 9 },
  }, { signal: abort.signal });
  const reader = res.body.getReader();
  let buffered = "";
  await until("a progress event above 0", 60_000, async () => {
    const { value, done } = await reader.read();
    check(!done, "the stream ended early");
    buffered += Buffer.from(value).toString();
    return /"progress":[1-9]/.test(buffered);
  });
  abort.abort();
  await until("the job to be cancelled by the closed stream", 20_000, async () => (await newestJob()).status === "cancelled");
}

async function pollTask(taskId, want, ms) {
  const seen = [];
  const task = await until(`task ${taskId} to be ${want}`, ms, async () => {
    const { result: t } = await result(await modern("tasks/get", { taskId }, { tasks: true }), "tasks/get");
    check(t.resultType === "complete" && t.taskId === taskId, JSON.stringify(t));
    if (seen.at(-1) !== t.status) seen.push(t.status);
    if (t.status === "working") check(t.pollIntervalMs > 0, "no pollIntervalMs while working");
    return t.status === want ? t : null;
  });
  log(`task ${taskId}: ${seen.join(" -> ")}`);
  return task;
}

async function checkTask() {
  const res = await modern("tools/call", { name: "render_scene", arguments: { code: RENDER_SCENE, quality: "-ql" } }, { tasks: true });
  check(res.headers.get("content-type").startsWith("application/json"), "a task answer is not one JSON body");
  const { result: created } = await result(res, "task-creating tools/call");
  check(created.resultType === "task" && created.status === "working", JSON.stringify(created));
  check(/^[0-9a-f]{32}$/.test(created.taskId) && created.ttlMs > 0 && created.pollIntervalMs > 0, JSON.stringify(created));
  const done = await pollTask(created.taskId, "completed", 120_000);
  const r = done.result;
  check(r && !r.isError && r.structuredContent.jobId === created.taskId, JSON.stringify(done));
  await checkMp4(r.structuredContent.url);
  const { result: ack } = await result(await modern("tasks/update", { taskId: created.taskId, inputResponses: {} }, { tasks: true }), "tasks/update");
  check(ack.resultType === "complete" && Object.keys(ack).sort().join() === "_meta,resultType", JSON.stringify(ack));
  const unknown = await (await modern("tasks/get", { taskId: "0".repeat(32) }, { tasks: true })).json();
  check(unknown.error?.code === -32602, `unknown task: ${JSON.stringify(unknown)}`);
}

async function checkTaskCancel() {
  const { result: created } = await result(
    await modern("tools/call", { name: "render_scene", arguments: { code: LONG_SCENE, quality: "-ql" } }, { tasks: true }), "long task");
  const { result: ack } = await result(await modern("tasks/cancel", { taskId: created.taskId }, { tasks: true }), "tasks/cancel");
  check(ack.resultType === "complete", JSON.stringify(ack));
  await pollTask(created.taskId, "cancelled", 20_000);
}

// A legacy request beside the modern ones still negotiates as before.
async function checkLegacyBeside() {
  const res = await fetch(`${server.base}/mcp`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } } }),
  });
  const body = await res.json();
  check(body.result.protocolVersion === "2025-11-25" && !body.result.resultType, JSON.stringify(body));
  check(res.headers.get("mcp-session-id"), "no Mcp-Session-Id for a legacy client");
}

let failed = false;
try {
  server = await startServer(manimd, 7);
  log(`server: pid ${server.child.pid}, ${server.base}`);
  const steps = [
    ["server/discover", checkDiscover],
    ["tools/list", checkToolsList],
    ["header rules", checkHeaderRules],
    ["render_scene with progress", checkRenderWithProgress],
    ["closing the stream cancels", checkClosingTheStreamCancels],
    ["a task polled to completion", checkTask],
    ["tasks/cancel", checkTaskCancel],
    ["legacy beside modern", checkLegacyBeside],
  ];
  for (const [name, step] of steps) {
    await step();
    log(`ok: ${name}`);
  }
} catch (e) {
  failed = true;
  console.error(`FAIL: ${e.stack || e}`);
  if (server) console.error(`--- server log ---\n${server.log().slice(-4000)}`);
}
await stopServer(server);
log(failed ? "failed" : "passed");
process.exit(failed ? 1 : 0);
