// POST /mcp under MCP 2026-07-28 (no initialize: version and capabilities in every
// request's _meta, MCP-Protocol-Version / Mcp-Method / Mcp-Name headers checked against
// the body) against a real `manimd serve`, with fetch: no SDK speaks this revision yet.
// server/discover, tools/list, the header rules and their errors, render_scene with
// progress on its own stream, closing that stream cancels, a render as a task of the
// tasks extension polled with tasks/get to completion, tasks/cancel; subscriptions/listen
// carrying notifications/tasks (no polling), bounded per client, freed when closed, ended
// gracefully at a stop, and blind to another API key's tasks. Usage:
// node modern_test.mjs <manimd binary>.
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { startServer, stopServer } from "./serve.mjs";
import { check, limitRun, log, LONG_SCENE, RENDER_SCENE, sleep, until } from "./testkit.mjs";

if (process.argv.length !== 3) throw new Error("usage: modern_test.mjs <manimd>");
const manimd = resolve(process.argv[2]);
const V = "2026-07-28";
const TASKS = "io.modelcontextprotocol/tasks";
limitRun(400_000);

let server = null;
let nextId = 1;

// A modern request: _meta and headers as the spec writes them, unless `override` says
// otherwise (headers set to null are left out).
function modern(method, params = {}, { tasks = false, headers = {}, meta = {}, signal, id } = {}) {
  const capabilities = tasks ? { extensions: { [TASKS]: {} } } : {};
  const body = {
    jsonrpc: "2.0",
    id: id ?? nextId++,
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

// A subscriptions/listen stream read message by message: next() waits (bounded) for the
// next JSON-RPC message, skipping keep-alive comments; close() drops the connection.
async function listen(notifications, { tasks = true, headers = {} } = {}) {
  const abort = new AbortController();
  const id = `listen-${nextId++}`;
  const res = await modern("subscriptions/listen", { notifications }, { tasks, headers, signal: abort.signal, id });
  const stream = { res, id, messages: [], closed: false };
  stream.close = () => abort.abort();
  if (!(res.headers.get("content-type") || "").startsWith("text/event-stream")) return stream;
  const reader = res.body.getReader();
  let buffered = "";
  stream.next = async (ms = 60_000) => {
    const end = Date.now() + ms;
    for (;;) {
      const cut = buffered.indexOf("\n\n");
      if (cut >= 0) {
        const event = buffered.slice(0, cut);
        buffered = buffered.slice(cut + 2);
        const data = event.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
        if (!data) continue; // a comment
        const m = JSON.parse(data);
        stream.messages.push(m);
        return m;
      }
      check(Date.now() < end, `${id}: no message within ${ms} ms (so far ${JSON.stringify(stream.messages)})`);
      const timer = new Promise((r) => setTimeout(() => r({ timeout: true }), Math.max(10, end - Date.now())));
      const got = await Promise.race([reader.read(), timer]);
      if (got.timeout) continue;
      check(!got.done, `${id}: the stream ended after ${JSON.stringify(stream.messages)}`);
      buffered += Buffer.from(got.value).toString();
    }
  };
  // Reads to the graceful end: the listen's own result, which must be the last message.
  stream.untilClosed = async (ms) => {
    const notes = [];
    for (;;) {
      const m = await stream.next(ms);
      if (m.method) {
        notes.push(m);
        continue;
      }
      check(m.id === id && m.result?.resultType === "complete", `${id} ended with ${JSON.stringify(m)}`);
      check(m.result._meta?.["io.modelcontextprotocol/subscriptionId"] === id, `closing result: ${JSON.stringify(m)}`);
      return notes;
    }
  };
  return stream;
}

async function acknowledged(stream, wantIds) {
  check(stream.res.status === 200, `listen: HTTP ${stream.res.status}`);
  const ack = await stream.next(10_000);
  check(ack.method === "notifications/subscriptions/acknowledged", `first message ${JSON.stringify(ack)}`);
  check(ack.params._meta?.["io.modelcontextprotocol/subscriptionId"] === stream.id, `ack: ${JSON.stringify(ack)}`);
  check(JSON.stringify(ack.params.notifications.taskIds) === JSON.stringify(wantIds),
    `acknowledged ${JSON.stringify(ack.params.notifications)}, wanted taskIds ${JSON.stringify(wantIds)}`);
}

function checkTaskNote(note, stream, taskId) {
  check(note.method === "notifications/tasks", `a foreign message on a listen stream: ${JSON.stringify(note)}`);
  check(note.params.taskId === taskId, `a note for ${note.params.taskId}, not ${taskId}`);
  check(note.params._meta?.["io.modelcontextprotocol/subscriptionId"] === stream.id, JSON.stringify(note));
  check(note.params.createdAt && note.params.lastUpdatedAt && note.params.ttlMs > 0, JSON.stringify(note));
}

async function createTask(code, headers = {}) {
  const { result: created } = await result(
    await modern("tools/call", { name: "render_scene", arguments: { code, quality: "-ql" } }, { tasks: true, headers }), "task");
  check(created.resultType === "task", JSON.stringify(created));
  return created.taskId;
}

async function checkListenRefusals() {
  await refused(await modern("subscriptions/listen", { notifications: { taskIds: ["x"] } }),
    400, -32021, /tasks/, "taskIds without the tasks extension");
  const bad = await (await modern("subscriptions/listen", { notifications: { taskIds: "x" } }, { tasks: true })).json();
  check(bad.error?.code === -32602 && /params\.notifications\.taskIds/.test(bad.error.message), JSON.stringify(bad));
  await refused(await modern("subscriptions/listen", { notifications: {} }, { headers: { Accept: "application/json" } }),
    406, -32600, /text\/event-stream/, "listen without an event stream");
  // Nothing asked that manimd can send: acknowledged empty, then closed gracefully.
  const empty = await listen({ toolsListChanged: true }, { tasks: false });
  check(empty.res.status === 200, `empty listen: HTTP ${empty.res.status}`);
  const ack = await empty.next(10_000);
  check(JSON.stringify(ack.params.notifications) === "{}", `honoured ${JSON.stringify(ack.params)}`);
  check((await empty.untilClosed(10_000)).length === 0, "notes on an empty subscription");
  // Legacy requests are unchanged: no such method, and no GET stream.
  const legacy = await fetch(`${server.base}/mcp`, { method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", "MCP-Protocol-Version": "2025-11-25" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "subscriptions/listen", params: { notifications: {} } }) });
  check((await legacy.json()).error?.code === -32601, "legacy subscriptions/listen");
  check((await fetch(`${server.base}/mcp`)).status === 405, "GET /mcp is not 405");
}

// The point of it: a render task's end arrives on the stream, result included, with no
// tasks/get. An unknown id is left out of the acknowledgement.
async function checkListenSeesTaskComplete() {
  const taskId = await createTask(RENDER_SCENE);
  const stream = await listen({ taskIds: [taskId, "0".repeat(32)] });
  await acknowledged(stream, [taskId]);
  const notes = await stream.untilClosed(120_000);
  for (const n of notes) checkTaskNote(n, stream, taskId);
  const statuses = notes.map((n) => n.params.status);
  log(`listen: ${statuses.join(" -> ")}`);
  check(statuses.at(-1) === "completed" && new Set(statuses).size === statuses.length, `statuses ${statuses}`);
  const done = notes.at(-1).params;
  check(done.result && !done.result.isError && done.result.structuredContent.jobId === taskId, JSON.stringify(done));
  await checkMp4(done.result.structuredContent.url);
}

// MCP_MAX_LISTENS (8) streams per client; a closed one gives its place back, many times
// over; cancelling the task ends the last one with a cancelled note.
async function checkListenLimitAndFreeing() {
  const taskId = await createTask(LONG_SCENE);
  for (let round = 0; round < 5; round++) {
    const open = [];
    for (let i = 0; i < 8; i++) {
      const s = await listen({ taskIds: [taskId] });
      await acknowledged(s, [taskId]);
      open.push(s);
    }
    const over = await listen({ taskIds: [taskId] });
    check(over.res.status === 429 && over.res.headers.get("retry-after"), `a 9th stream: HTTP ${over.res.status}`);
    const body = await over.res.json();
    check(body.error?.code === -32600 && /MCP_MAX_LISTENS/.test(body.error.message), JSON.stringify(body));
    for (const s of open) s.close();
    // The server sees each close and frees its place (bounded wait, no fixed sleep).
    await until("closed streams to be freed", 10_000, async () => {
      const s = await listen({ taskIds: [taskId] });
      s.close();
      return s.res.status === 200;
    });
  }
  await result(await modern("server/discover"), "server/discover after many streams");
  await until("every place to be free again", 10_000, async () => {
    const s = [];
    for (let i = 0; i < 8; i++) s.push(await listen({ taskIds: [taskId] }));
    for (const x of s) x.close();
    return s.every((x) => x.res.status === 200);
  });
  const last = await listen({ taskIds: [taskId] });
  await acknowledged(last, [taskId]);
  const working = await last.next(60_000);
  checkTaskNote(working, last, taskId);
  check(working.params.status === "working" && working.params.pollIntervalMs > 0, JSON.stringify(working));
  await result(await modern("tasks/cancel", { taskId }, { tasks: true }), "tasks/cancel");
  const notes = await last.untilClosed(30_000);
  check(notes.length === 1 && notes[0].params.status === "cancelled", `after cancel: ${JSON.stringify(notes)}`);
}

function createKey(name) {
  const r = spawnSync(manimd, ["keys", "create", "--name", name], {
    cwd: server.dir, env: { ...process.env, DATA_DIR: join(server.dir, "data") }, encoding: "utf8", timeout: 30_000 });
  const secret = /secret: +(mdk_\S+)/.exec(r.stdout || "");
  check(r.status === 0 && secret, `keys create ${name}: ${r.status} ${r.stdout} ${r.stderr}`);
  return { Authorization: `Bearer ${secret[1]}` };
}

// Last but one: a key turns authentication on for every later request. Bob names
// Alice's task and gets nothing of it; Alice's stream sees it end.
async function checkListenIsPerTenant() {
  const alice = createKey("alice");
  const bob = createKey("bob");
  const taskId = await createTask(RENDER_SCENE, alice);
  const spy = await listen({ taskIds: [taskId] }, { headers: bob });
  await acknowledged(spy, []);
  check((await spy.untilClosed(10_000)).length === 0, "bob saw alice's task");
  const own = await listen({ taskIds: [taskId] }, { headers: alice });
  await acknowledged(own, [taskId]);
  const notes = await own.untilClosed(120_000);
  check(notes.at(-1)?.params.status === "completed", `alice's stream: ${JSON.stringify(notes.map((n) => n.params.status))}`);
  return alice;
}

// Stopping the server ends an open subscription with its closing result.
async function checkStopClosesListens(alice) {
  const taskId = await createTask(LONG_SCENE, alice);
  const stream = await listen({ taskIds: [taskId] }, { headers: alice });
  await acknowledged(stream, [taskId]);
  await stream.next(60_000); // working
  server.child.kill("SIGTERM");
  const notes = await stream.untilClosed(20_000);
  check(notes.every((n) => n.params.status !== "completed"), `at stop: ${JSON.stringify(notes)}`);
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
    ["subscriptions/listen refusals", checkListenRefusals],
    ["subscriptions/listen sees a task complete", checkListenSeesTaskComplete],
    ["subscriptions/listen limit and freeing", checkListenLimitAndFreeing],
  ];
  for (const [name, step] of steps) {
    await step();
    log(`ok: ${name}`);
  }
  const alice = await checkListenIsPerTenant();
  log("ok: subscriptions/listen per tenant");
  await checkStopClosesListens(alice);
  log("ok: stopping closes subscriptions");
} catch (e) {
  failed = true;
  console.error(`FAIL: ${e.stack || e}`);
  if (server) console.error(`--- server log ---\n${server.log().slice(-4000)}`);
}
await stopServer(server);
log(failed ? "failed" : "passed");
process.exit(failed ? 1 : 0);
