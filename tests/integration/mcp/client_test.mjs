// POST /mcp driven by the official TypeScript SDK (Client + StreamableHTTPClientTransport)
// against a real `manimd serve`: negotiation, the tool list and schemas, a render with
// progress whose URL downloads an mp4, a failing scene's location and hint, argument
// errors, validate_scene, get_job, cancel_job, cancellation by notification and by
// closing the stream, tasks, Origin and GET. Usage: node client_test.mjs <manimd binary>.
// Installs its npm packages into tests/integration/mcp/node_modules itself.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer, stopServer } from "./serve.mjs";
import { check, limitRun, log, LONG_SCENE, RENDER_SCENE, sleep, until } from "./testkit.mjs";

if (process.argv.length !== 3) throw new Error("usage: client_test.mjs <manimd>");
const manimd = resolve(process.argv[2]);
const here = dirname(fileURLToPath(import.meta.url));
limitRun(240_000);

// NameError on line 6, column 13; the hint suggests Circle.
const FAILING_SCENE = `from manim import *


class Typo(Scene):
    def construct(self):
        c = Cirle(radius=1)
        self.play(Create(c))
`;
// --- the SDK, installed from package-lock.json when missing or stale ---
function ensureDeps() {
  const stamp = join(here, "node_modules/.manimd-lock.sha256");
  const sum = createHash("sha256").update(readFileSync(join(here, "package-lock.json"))).digest("hex");
  let installed = "";
  try {
    installed = readFileSync(stamp, "utf8").trim();
  } catch {}
  if (installed === sum) return;
  log("installing tests/integration/mcp's npm packages");
  const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: here,
    stdio: "inherit",
    timeout: 300_000,
  });
  check(r.status === 0, `npm ci in tests/integration/mcp failed (${r.error || r.status})`);
  writeFileSync(stamp, sum + "\n");
}

let server = null;

// --- helpers over the REST API and raw HTTP ---
async function newestJob() {
  const res = await fetch(`${server.base}/api/jobs?limit=1`);
  check(res.status === 200, `GET /api/jobs answered ${res.status}`);
  return (await res.json()).jobs[0];
}

async function rawMcp(body, headers = {}) {
  return fetch(`${server.base}/mcp`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...headers },
    body: JSON.stringify(body),
  });
}

function text(result) {
  return result.content.map((c) => c.text).join("\n");
}

async function expectRpcError(promise, code, pattern, what) {
  let error = null;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  check(error, `${what}: no error`);
  check(error.code === code, `${what}: code ${error.code}, wanted ${code} (${error.message})`);
  check(pattern.test(error.message), `${what}: message "${error.message}" does not match ${pattern}`);
}

// --- the checks ---
async function checkHandshake(client, transport) {
  const info = client.getServerVersion();
  check(info?.name === "manimd" && /^\d+\.\d+/.test(info.version), `serverInfo ${JSON.stringify(info)}`);
  check(transport.protocolVersion === "2025-11-25", `negotiated ${transport.protocolVersion}`);
  check(/^[\x21-\x7e]+$/.test(transport.sessionId || ""), `session id ${transport.sessionId}`);
  const caps = client.getServerCapabilities();
  check(caps?.tools && caps?.tasks?.requests?.tools?.call, `capabilities ${JSON.stringify(caps)}`);
  await client.ping();
}

async function checkToolList(client) {
  const { tools } = await client.listTools();
  const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
  const names = Object.keys(byName).sort().join(",");
  check(names === "cancel_job,get_job,render_scene,validate_scene", `tools ${names}`);
  const render = byName.render_scene.inputSchema;
  check(render.type === "object" && JSON.stringify(render.required) === '["code"]', "render_scene requires code");
  check(render.properties.quality.enum.join() === "-ql,-qm,-qh,-qp,-qk", "quality enum");
  check(render.properties.format.enum.join() === "mp4,webm,gif,mov,png", "format enum");
  for (const p of ["scene", "compat", "wait", "cache"]) check(render.properties[p], `render_scene has ${p}`);
  check(render.additionalProperties === false, "render_scene refuses unknown arguments");
  check(!byName.validate_scene.inputSchema.properties.format, "validate_scene has no format");
  check(byName.render_scene.outputSchema?.required?.includes("url") === false, "url is optional output");
  check(byName.render_scene.execution?.taskSupport === "optional", "render_scene may run as a task");
  for (const n of ["get_job", "cancel_job"]) {
    check(JSON.stringify(byName[n].inputSchema.required) === '["jobId"]', `${n} requires jobId`);
  }
}

async function checkRenderWithProgress(client) {
  const seen = [];
  const result = await client.callTool(
    { name: "render_scene", arguments: { code: RENDER_SCENE, quality: "-ql" } },
    undefined,
    { onprogress: (p) => seen.push(p), resetTimeoutOnProgress: true, timeout: 120_000 },
  );
  log(`render: ${seen.length} progress notifications: ${seen.map((p) => p.progress).join(" ")}`);
  check(!result.isError, `render failed: ${text(result)}`);
  check(seen.length >= 2, `only ${seen.length} progress notifications`);
  for (let i = 1; i < seen.length; i++) {
    check(seen[i].progress > seen[i - 1].progress, `progress went ${seen[i - 1].progress} -> ${seen[i].progress}`);
  }
  check(seen.every((p) => p.total === 100 && p.progress <= 100), "progress is a percent of 100");
  check(seen.some((p) => /^animation \d+ of 5$/.test(p.message || "")), "no 'animation i of 5' message");
  const s = result.structuredContent;
  check(s.status === "succeeded" && s.scene === "Steps" && /^[0-9a-f]{32}$/.test(s.jobId), JSON.stringify(s));
  check(typeof s.durationS === "number" && s.durationS > 0, `durationS ${s.durationS}`);
  check(result.content.every((c) => c.type === "text") && text(result).includes(s.url), "text has the link only");
  const video = await fetch(s.url);
  const bytes = Buffer.from(await video.arrayBuffer());
  check(video.status === 200 && video.headers.get("content-type") === "video/mp4", `GET ${s.url}: ${video.status}`);
  check(bytes.length > 1000 && bytes.subarray(4, 8).toString() === "ftyp", `not an mp4 (${bytes.length} bytes)`);
  return s;
}

async function checkFailingScene(client) {
  const result = await client.callTool({ name: "render_scene", arguments: { code: FAILING_SCENE, quality: "-ql" } });
  check(result.isError === true, "a failing scene is not isError");
  const e = result.structuredContent.error;
  check(result.structuredContent.status === "failed" && e.kind === "python_error", JSON.stringify(e));
  check(e.location?.line === 6 && e.location.code.includes("Cirle"), `location ${JSON.stringify(e.location)}`);
  check(/Circle/.test(e.hint || ""), `hint ${e.hint}`);
  check(/line 6/.test(text(result)) && /Hint: /.test(text(result)), `text: ${text(result)}`);
}

async function checkArgumentErrors(client) {
  await expectRpcError(
    client.callTool({ name: "render_scene", arguments: { code: RENDER_SCENE, quality: "ultra" } }),
    -32602, /quality/, "bad quality");
  await expectRpcError(client.callTool({ name: "render_scene", arguments: {} }), -32602, /code is required/, "no code");
  await expectRpcError(client.callTool({ name: "get_job", arguments: { jobId: "nope" } }), -32602, /jobId/, "no job");
  await expectRpcError(client.callTool({ name: "render_video", arguments: {} }), -32602, /Unknown tool/, "unknown tool");
}

async function checkValidate(client) {
  const ok = await client.callTool({ name: "validate_scene", arguments: { code: RENDER_SCENE } });
  const s = ok.structuredContent;
  check(!ok.isError && s.ok === true && s.scene === "Steps" && s.animations === 5, `validate: ${JSON.stringify(s)}`);
  const bad = await client.callTool({ name: "validate_scene", arguments: { code: FAILING_SCENE } });
  check(bad.isError && bad.structuredContent.error.location.line === 6, `validate failing: ${text(bad)}`);
}

async function checkGetJob(client, rendered) {
  const r = await client.callTool({ name: "get_job", arguments: { jobId: rendered.jobId } });
  const s = r.structuredContent;
  check(!r.isError && s.status === "succeeded" && s.url === rendered.url, `get_job: ${JSON.stringify(s)}`);
}

async function checkCancelJob(client) {
  const queued = await client.callTool({
    name: "render_scene",
    arguments: { code: LONG_SCENE, quality: "-ql", wait: false },
  });
  const jobId = queued.structuredContent.jobId;
  check(["queued", "running"].includes(queued.structuredContent.status), `wait=false: ${text(queued)}`);
  await until("the long job to run", 60_000, async () => {
    const r = await client.callTool({ name: "get_job", arguments: { jobId } });
    return r.structuredContent.status === "running" && r.structuredContent.progress.animation > 0;
  });
  const cancelled = await client.callTool({ name: "cancel_job", arguments: { jobId } });
  check(cancelled.structuredContent.status === "cancelled", `cancel_job: ${text(cancelled)}`);
  const after = await client.callTool({ name: "get_job", arguments: { jobId } });
  check(after.structuredContent.error?.kind === "cancelled", `after cancel: ${text(after)}`);
  const again = await client.callTool({ name: "cancel_job", arguments: { jobId } });
  check(again.isError && /nothing to cancel/.test(text(again)), `second cancel: ${text(again)}`);
}

// The SDK's AbortSignal sends notifications/cancelled for the request (same session).
async function checkCancelByNotification(client) {
  const abort = new AbortController();
  const call = client.callTool({ name: "render_scene", arguments: { code: LONG_SCENE, quality: "-ql" } }, undefined, {
    signal: abort.signal,
    onprogress: (p) => p.progress > 0 && abort.abort("enough"),
    timeout: 120_000,
  });
  let failed = false;
  await call.catch(() => (failed = true));
  check(failed, "an aborted call resolved");
  const job = await until("the job to be cancelled by notifications/cancelled", 20_000, async () => {
    const j = await newestJob();
    return j.status === "cancelled" ? j : null;
  });
  check(job.error.kind === "cancelled", JSON.stringify(job.error));
}

// Closing the response stream cancels the render (the client has gone; nothing could
// deliver the result).
async function checkCancelByClosingTheStream() {
  const abort = new AbortController();
  const res = await fetch(`${server.base}/mcp`, {
    method: "POST",
    signal: abort.signal,
    headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "render_scene", arguments: { code: LONG_SCENE, quality: "-ql" }, _meta: { progressToken: "p" } },
    }),
  });
  check(res.headers.get("content-type") === "text/event-stream", `content-type ${res.headers.get("content-type")}`);
  const reader = res.body.getReader();
  let buffered = "";
  await until("a progress event above 0", 60_000, async () => {
    const { value, done } = await reader.read();
    check(!done, "the stream ended early");
    buffered += Buffer.from(value).toString();
    return /"progress":[1-9]/.test(buffered);
  });
  check(/event: message\ndata: \{"jsonrpc":"2.0","method":"notifications\/progress"/.test(buffered), buffered);
  abort.abort();
  await until("the job to be cancelled by the closed stream", 20_000, async () => (await newestJob()).status === "cancelled");
}

async function checkTasks(client) {
  let taskId = null;
  let result = null;
  const statuses = [];
  for await (const m of client.experimental.tasks.callToolStream({
    name: "render_scene",
    arguments: { code: RENDER_SCENE, quality: "-ql" },
  })) {
    if (m.type === "taskCreated") taskId = m.task.taskId;
    if (m.type === "taskStatus") statuses.push(m.task.status);
    if (m.type === "result") result = m.result;
    if (m.type === "error") throw m.error;
  }
  check(taskId && result, "no task or no result");
  check(statuses.at(-1) === "completed", `task statuses ${statuses}`);
  check(result.structuredContent.jobId === taskId && /\/files\//.test(result.structuredContent.url), text(result));
  const listed = await client.experimental.tasks.listTasks();
  check(listed.tasks.some((t) => t.taskId === taskId && t.status === "completed"), "tasks/list lacks the task");
  await expectRpcError(client.experimental.tasks.cancelTask(taskId), -32602, /terminal status 'completed'/, "cancel a completed task");

  let longId = null;
  for await (const m of client.experimental.tasks.callToolStream({
    name: "render_scene",
    arguments: { code: LONG_SCENE, quality: "-ql" },
  })) {
    if (m.type === "taskCreated") {
      longId = m.task.taskId;
      check(m.task.status === "working" && m.task.pollInterval > 0, JSON.stringify(m.task));
      break;
    }
  }
  const cancelled = await client.experimental.tasks.cancelTask(longId);
  check(cancelled.status === "cancelled", `tasks/cancel: ${JSON.stringify(cancelled)}`);
  const got = await client.experimental.tasks.getTask(longId);
  check(got.status === "cancelled", `tasks/get after cancel: ${got.status}`);
}

async function checkTransportRules() {
  const old = await rawMcp({
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
  });
  const oldBody = await old.json();
  check(oldBody.result.protocolVersion === "2025-06-18" && !oldBody.result.capabilities.tasks, JSON.stringify(oldBody));
  check(old.headers.get("mcp-session-id"), "no Mcp-Session-Id on initialize");
  const ancient = await (await rawMcp({
    jsonrpc: "2.0",
    id: 2,
    method: "initialize",
    params: { protocolVersion: "2024-11-05", capabilities: {}, clientInfo: { name: "t", version: "1" } },
  })).json();
  check(ancient.result.protocolVersion === "2025-11-25", `2024-11-05 answered ${ancient.result.protocolVersion}`);
  const ping = { jsonrpc: "2.0", id: 3, method: "ping" };
  check((await rawMcp(ping, { "MCP-Protocol-Version": "2099-01-01" })).status === 400, "unsupported version header");
  check((await rawMcp(ping, { Origin: "http://evil.example" })).status === 403, "foreign Origin");
  check((await rawMcp(ping, { Origin: "http://localhost:6274" })).status === 200, "localhost Origin");
  check((await rawMcp([ping])).status === 400, "a batch");
  check((await rawMcp({ jsonrpc: "2.0", method: "notifications/initialized" })).status === 202, "notification");
  const get = await fetch(`${server.base}/mcp`, { headers: { Accept: "text/event-stream" } });
  check(get.status === 405, `GET /mcp answered ${get.status}`);
}

async function main() {
  ensureDeps();
  const { Client } = await import("@modelcontextprotocol/sdk/client/index.js");
  const { StreamableHTTPClientTransport } = await import("@modelcontextprotocol/sdk/client/streamableHttp.js");
  server = await startServer(manimd);
  log(`server: pid ${server.child.pid}, ${server.base}`);
  const transport = new StreamableHTTPClientTransport(new URL(`${server.base}/mcp`));
  const client = new Client({ name: "manimd-integration-test", version: "1.0.0" });
  await client.connect(transport);
  const state = {};
  const steps = [
    ["handshake", () => checkHandshake(client, transport)],
    ["tools/list", () => checkToolList(client)],
    ["render_scene with progress", async () => (state.rendered = await checkRenderWithProgress(client))],
    ["get_job", () => checkGetJob(client, state.rendered)],
    ["failing scene", () => checkFailingScene(client)],
    ["argument errors", () => checkArgumentErrors(client)],
    ["validate_scene", () => checkValidate(client)],
    ["cancel_job", () => checkCancelJob(client)],
    ["cancel by notification", () => checkCancelByNotification(client)],
    ["cancel by closing the stream", () => checkCancelByClosingTheStream()],
    ["tasks", () => checkTasks(client)],
    ["transport rules", () => checkTransportRules()],
  ];
  for (const [name, step] of steps) {
    await step();
    log(`ok: ${name}`);
  }
  await client.close();
}

let failed = false;
try {
  await main();
} catch (e) {
  failed = true;
  console.error(`FAIL: ${e.stack || e}`);
  if (server) console.error(`--- server log ---\n${server.log().slice(-4000)}`);
}
await stopServer(server);
log(failed ? "failed" : "passed");
process.exit(failed ? 1 : 0);
