// The playground page (GET /) in headless Chromium against the real `manimd serve`: a
// render with moving progress and a playable video, a failing scene with its line marked
// and its hint shown, a cancelled render, the API key field, and PLAYGROUND=off.
// Usage: node playground_test.mjs <manimd binary> <artifact dir>; screenshots go to the
// artifact dir as playground-*.png. Installs its one npm package into web/test itself.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

if (process.argv.length !== 4) throw new Error("usage: playground_test.mjs <manimd> <artifact dir>");
const [manimd, artifacts] = process.argv.slice(2).map((p) => resolve(p));
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const started = Date.now();
const TOTAL_BUDGET_MS = 240_000;
const CHROMIUM_ARGS = [
  "--no-sandbox", // as root
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  // Without these Chromium tries to reach Google's services, which this network refuses.
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
// A scene long enough to still be running when it is cancelled.
const LONG_SCENE = `from manim import *


class Long(Scene):
    def construct(self):
        square = Square()
        for _ in range(200):
            self.play(Rotate(square, PI / 8), run_time=1)
`;

const log = (...a) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s]`, ...a);
function check(cond, message) {
  if (!cond) throw new Error(message);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- playwright-core, installed from web/test/package-lock.json when missing or stale ---
function ensureDeps() {
  const dir = join(root, "web/test");
  const stamp = join(dir, "node_modules/.manimd-lock.sha256");
  const sum = createHash("sha256").update(readFileSync(join(dir, "package-lock.json"))).digest("hex");
  let installed = "";
  try {
    installed = readFileSync(stamp, "utf8").trim();
  } catch {}
  if (installed !== sum) {
    log("installing web/test's npm packages");
    const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: dir,
      stdio: "inherit",
      timeout: 300_000,
    });
    check(r.status === 0, `npm ci in web/test failed (${r.error || r.status})`);
    writeFileSync(stamp, sum + "\n");
  }
  return createRequire(join(dir, "package.json"))("playwright-core");
}

// --- the server: a private directory, uid range and port, killed by pid at the end ---
const dir = mkdtempSync(join(tmpdir(), "manimd-playground-"));
chmodSync(dir, 0o711); // the sandbox's slot uids must reach work/
const servers = new Set();

async function startServer(name, extra = {}) {
  const work = join(dir, "work");
  mkdirSync(work, { recursive: true });
  chmodSync(work, 0o711);
  const logPath = join(dir, `${name}.log`);
  const out = openSync(logPath, "w");
  const child = spawn(manimd, ["serve"], {
    cwd: dir,
    stdio: ["ignore", out, out],
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: join(dir, `${name}-data`),
      MANIMD_WORK_DIR: work,
      MANIMD_RUN_DIR: join(dir, "run"),
      SANDBOX_UID_BASE: String(300000 + (process.pid % 100000) * 10),
      MAX_CONCURRENT_RENDERS: "2",
      SHUTDOWN_GRACE_S: "2",
      CACHE: "off", // each render must render: the page shows its progress
      ...extra,
    },
  });
  const server = { child, logPath, exited: false, port: 0 };
  servers.add(server);
  child.on("exit", () => (server.exited = true));
  child.on("error", () => (server.exited = true)); // could not start: the log says why
  for (let i = 0; i < 200 && !server.port; i++) {
    const m = /server\.listening.*port[=":]+(\d+)/.exec(readFileSync(logPath, "utf8"));
    if (m) server.port = Number(m[1]);
    else if (server.exited) break;
    else await sleep(50);
  }
  check(server.port, `${name} did not start:\n${readFileSync(logPath, "utf8").slice(-3000)}`);
  server.base = `http://127.0.0.1:${server.port}`;
  log(`${name}: pid ${child.pid}, ${server.base}`);
  return server;
}

async function stopServer(server) {
  if (server.exited) return servers.delete(server);
  server.child.kill("SIGTERM");
  for (let i = 0; i < 100 && !server.exited; i++) await sleep(100);
  if (!server.exited) server.child.kill("SIGKILL");
  for (let i = 0; i < 50 && !server.exited; i++) await sleep(100);
  servers.delete(server);
}

// Whatever happens, no server outlives the test (a signal exits through this too).
process.on("exit", () => {
  for (const s of servers) if (!s.exited) s.child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => process.exit(1));

// --- page helpers ---
const FINAL = ["succeeded", "failed", "cancelled", "error"];

async function waitForFinal(page, timeoutMs) {
  await page.waitForFunction(
    (final) => final.includes(document.getElementById("status").dataset.status),
    FINAL,
    { timeout: timeoutMs, polling: 100 },
  );
  return page.$eval("#status", (el) => ({ status: el.dataset.status, jobId: el.dataset.jobId, text: el.textContent }));
}

async function job(server, id) {
  const res = await fetch(`${server.base}/api/jobs/${id}`);
  check(res.status === 200, `GET /api/jobs/${id} answered ${res.status}`);
  return res.json();
}

// Records every state the progress bar and its label go through.
async function recordProgress(page) {
  await page.evaluate(() => {
    const bar = document.getElementById("progress");
    const label = document.getElementById("progress-label");
    const seen = (window.__progressSeen = []);
    const note = () => {
      if (bar.hidden) return;
      const s = {
        percent: Number(bar.getAttribute("aria-valuenow")),
        determinate: !bar.classList.contains("indeterminate"),
        label: label.textContent,
      };
      const last = seen[seen.length - 1];
      if (!last || last.percent !== s.percent || last.label !== s.label || last.determinate !== s.determinate) seen.push(s);
    };
    const observer = new MutationObserver(note);
    observer.observe(bar, { attributes: true });
    observer.observe(label, { attributes: true, childList: true, characterData: true, subtree: true });
  });
}

async function editorLines(page) {
  return page.$$eval(".cm-content .cm-line", (lines) => lines.map((l) => l.textContent));
}

async function checkHttp(server) {
  const page = readFileSync(join(root, "web/dist/playground.html"), "utf8");
  const res = await fetch(`${server.base}/`);
  const body = await res.text();
  check(res.status === 200, `GET / answered ${res.status}`);
  check(res.headers.get("content-type") === "text/html; charset=utf-8", `content-type ${res.headers.get("content-type")}`);
  check(res.headers.get("cache-control") === "no-cache", "Cache-Control is not no-cache");
  const csp = res.headers.get("content-security-policy") || "";
  for (const part of ["script-src 'unsafe-inline'", "connect-src 'self'", "media-src 'self' blob: data: https:"]) {
    check(csp.includes(part), `CSP lacks ${part}: ${csp}`);
  }
  check(body === page, "GET / is not web/dist/playground.html");
  const etag = res.headers.get("etag");
  check(/^"[0-9a-f]+"$/.test(etag || ""), `ETag ${etag}`);
  const again = await fetch(`${server.base}/`, { headers: { "If-None-Match": etag } });
  check(again.status === 304, `If-None-Match answered ${again.status}`);
  const head = await fetch(`${server.base}/`, { method: "HEAD" });
  check(head.status === 200 && Number(head.headers.get("content-length")) === Buffer.byteLength(page), "HEAD /");
}

async function checkEditor(page) {
  await page.waitForSelector(".cm-editor .cm-content .cm-line", { timeout: 10_000 });
  const numbers = await page.$$eval(".cm-lineNumbers .cm-gutterElement", (els) =>
    els.filter((e) => e.offsetHeight > 0).map((e) => e.textContent),
  );
  const lines = await editorLines(page);
  check(numbers.slice(0, lines.length).join() === lines.map((_, i) => i + 1).join(), `line numbers ${numbers}`);
  check(lines.some((l) => l.includes("class Shapes(Scene):")), "the editor does not start with the first example");
  // Highlighting: the keyword `class` is coloured unlike plain text.
  const colours = await page.evaluate(() => {
    const kw = [...document.querySelectorAll(".cm-content span")].find((s) => s.textContent === "class");
    return kw && [getComputedStyle(kw).color, getComputedStyle(document.querySelector(".cm-content")).color];
  });
  check(colours && colours[0] !== colours[1], `no Python highlighting (${colours})`);
}

async function checkApiKey(page) {
  check(!(await page.isVisible("#api-key")), "the API key field starts open");
  await page.click("#key-toggle");
  await page.fill("#api-key", "playground-test-key");
  await page.click("#key-toggle");
  check(!(await page.isVisible("#api-key")), "the API key field does not close");
  let authorization = null;
  // The server has no API keys yet: a 401 is faked to see the page ask for one.
  await page.route("**/api/validate", (route) => {
    authorization = route.request().headers().authorization;
    route.fulfill({ status: 401, contentType: "application/json", body: '{"message":"missing or invalid API key"}' });
  });
  await page.click("#validate");
  await page.waitForSelector("#api-key", { state: "visible", timeout: 5000 });
  await page.unroute("**/api/validate");
  check(authorization === "Bearer playground-test-key", `Authorization sent: ${authorization}`);
  const message = await page.textContent("#key-message");
  check(message.includes("missing or invalid API key"), `key message: ${message}`);
  check((await page.evaluate(() => localStorage.getItem("manimd.apiKey"))) === "playground-test-key", "key not kept");
  await page.fill("#api-key", "");
  check((await page.evaluate(() => localStorage.getItem("manimd.apiKey"))) === null, "key not forgotten");
  await page.click("#key-toggle");
}

async function checkValidate(page) {
  await page.click("#validate");
  await page.waitForFunction(() => ["valid", "invalid", "error"].includes(document.getElementById("status").dataset.status), null, {
    timeout: 60_000,
  });
  const text = await page.textContent("#status");
  check(/^Valid: Shapes, 4 animations/.test(text), `validation: ${text}`);
}

async function checkRender(page, server) {
  await page.selectOption("#quality", "-ql");
  await page.selectOption("#format", "mp4");
  await recordProgress(page);
  await page.click("#render");
  const final = await waitForFinal(page, 120_000);
  const seen = await page.evaluate(() => window.__progressSeen);
  log(`render: ${final.status}; progress seen: ${seen.map((s) => (s.determinate ? s.percent : "?")).join(" ")}`);
  check(final.status === "succeeded", `render ended ${final.status}: ${final.text} ${await page.textContent("#error")}`);
  const percents = seen.filter((s) => s.determinate).map((s) => s.percent);
  check(percents.every((p, i) => i === 0 || p >= percents[i - 1]), `progress went back: ${percents}`);
  check(percents.some((p) => p > 0 && p < 100), `progress never moved between 0 and 100: ${percents}`);
  check(percents[percents.length - 1] === 100, `progress did not end at 100: ${percents}`);
  check(seen.some((s) => /^animation [1-4] of 4 · \d+%$/.test(s.label)), `no "animation i of 4" label: ${seen.map((s) => s.label)}`);
  const j = await job(server, final.jobId);
  check(j.status === "succeeded" && j.url, `job ${final.jobId} is ${j.status}`);
  // Playable: the browser has decoded enough to show a frame and knows the length.
  await page.waitForFunction(
    () => {
      const v = document.getElementById("media");
      return v instanceof HTMLVideoElement && v.readyState >= 2 && v.duration > 0;
    },
    null,
    { timeout: 30_000 },
  );
  const video = await page.$eval("#media", (v) => ({ src: v.src, duration: v.duration, error: v.error && v.error.code }));
  check(video.src === j.url, `video src ${video.src}, job url ${j.url}`);
  // Decoded, not just loaded: the middle of the video (the transform) is not a black frame.
  const lit = await page.evaluate(async () => {
    const v = document.getElementById("media");
    v.pause();
    await new Promise((done) => {
      v.addEventListener("seeked", done, { once: true });
      v.currentTime = v.duration / 2;
    });
    const c = document.createElement("canvas");
    [c.width, c.height] = [v.videoWidth, v.videoHeight];
    const g = c.getContext("2d");
    g.drawImage(v, 0, 0);
    const px = g.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < px.length; i += 4) if (px[i] + px[i + 1] + px[i + 2] > 60) n++;
    return n / (px.length / 4);
  });
  log(`video: ${video.duration.toFixed(2)} s, ${(lit * 100).toFixed(1)}% of its middle frame lit`);
  check(lit > 0.01, `the middle frame is black (${lit})`);
  await page.screenshot({ path: join(artifacts, "playground-success.png") });
}

async function checkFailure(page, server) {
  await page.selectOption("#example", "broken");
  const lines = await editorLines(page);
  const expected = lines.findIndex((l) => l.includes("colour=RED")) + 1;
  check(expected > 0, "the failing example is not in the editor");
  await page.click("#render");
  const final = await waitForFinal(page, 120_000);
  check(final.status === "failed", `failing scene ended ${final.status}: ${final.text}`);
  const j = await job(server, final.jobId);
  const loc = j.error && j.error.location;
  check(loc && loc.line === expected, `server located the error at ${JSON.stringify(loc)}, expected line ${expected}`);
  // The mark is on that line: one error line, naming it, holding its text, level with
  // the gutter's number for it.
  const marked = await page.$$eval(".cm-content .cm-error-line", (els) =>
    els.map((e) => ({ line: e.dataset.line, text: e.textContent, top: e.getBoundingClientRect().top })),
  );
  check(marked.length === 1, `${marked.length} lines marked as the error`);
  check(marked[0].line === String(expected) && marked[0].text === lines[expected - 1], `marked: ${JSON.stringify(marked[0])}`);
  const gutterTop = await page.$$eval(
    ".cm-lineNumbers .cm-gutterElement",
    (els, n) => {
      const el = els.find((e) => e.textContent === String(n));
      return el ? el.getBoundingClientRect().top : null;
    },
    expected,
  );
  check(gutterTop !== null && Math.abs(gutterTop - marked[0].top) < 3, `mark at ${marked[0].top}, line number at ${gutterTop}`);
  const hint = await page.$eval("#error-hint", (e) => (e.hidden ? "" : e.textContent));
  check(j.error.hint && hint === j.error.hint, `hint shown "${hint}", job's "${j.error.hint}"`);
  const message = await page.textContent("#error-message");
  check(message === j.error.message, "error message not shown");
  check((await page.textContent("#error-location")).startsWith(`line ${expected}`), "location not shown");
  // The old name on the line before is adapted with a warning, listed and marked.
  check(j.warnings && j.warnings.length > 0, "the failing example gave no warnings");
  const listed = await page.$$eval("#warnings li .line", (els) => els.map((e) => e.dataset.line));
  check(JSON.stringify(listed) === JSON.stringify(j.warnings.map((w) => String(w.line))), `warnings listed: ${listed}`);
  for (const w of j.warnings) {
    check(await page.$(`.cm-warning-line[data-line="${w.line}"]`), `warning line ${w.line} not marked`);
  }
  await page.screenshot({ path: join(artifacts, "playground-error.png") });
  log(`failure: line ${expected} marked, hint "${hint}"`);
}

async function checkCancel(page, server) {
  await page.click(".cm-content");
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(LONG_SCENE);
  const typed = (await editorLines(page)).join("\n");
  check(typed === LONG_SCENE, `the long scene did not go into the editor:\n${typed}`);
  await page.keyboard.press("Control+Enter"); // renders, and inserts no blank line
  await page.waitForFunction(
    () =>
      document.getElementById("status").dataset.status === "running" &&
      /^animation \d+/.test(document.getElementById("progress-label").textContent),
    null,
    { timeout: 60_000, polling: 100 },
  );
  check((await editorLines(page)).join("\n") === LONG_SCENE, "Ctrl+Enter changed the code");
  const asked = Date.now();
  await page.click("#cancel");
  const final = await waitForFinal(page, 20_000);
  check(final.status === "cancelled", `cancel ended ${final.status}: ${final.text}`);
  check((await page.textContent("#status")).startsWith("Cancelled"), "cancelled not shown");
  check((await job(server, final.jobId)).status === "cancelled", "the server's job is not cancelled");
  check(!(await page.isVisible("#cancel")), "Cancel still offered");
  await page.screenshot({ path: join(artifacts, "playground-cancelled.png") });
  log(`cancelled in ${Date.now() - asked} ms`);
}

async function checkOff() {
  const off = await startServer("serve-off", { PLAYGROUND: "off" });
  try {
    check((await fetch(`${off.base}/`)).status === 404, "PLAYGROUND=off still serves /");
    check((await fetch(`${off.base}/health`)).status === 200, "PLAYGROUND=off broke /health");
  } finally {
    await stopServer(off);
  }
}

async function main() {
  rmSync(join(artifacts, "playground-failure.png"), { force: true }); // a past run's
  const { chromium } = ensureDeps();
  const server = await startServer("serve");
  let context;
  try {
    await checkHttp(server);
    context = await chromium.launchPersistentContext(join(dir, "chromium-profile"), {
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1440, height: 900 },
      timeout: 30_000,
    });
    const page = context.pages()[0] || (await context.newPage());
    const problems = [];
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("console", (m) => {
      // Answers the test provokes (401, 409) are logged by Chromium; anything else,
      // a CSP refusal above all, is a fault of the page.
      if (m.type() === "error" && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) {
        problems.push(`console: ${m.text()}`);
      }
    });
    page.on("request", (r) => {
      if (!r.url().startsWith(server.base) && !/^(data|blob):/.test(r.url())) problems.push(`fetched ${r.url()}`);
    });
    await page.goto(`${server.base}/`, { waitUntil: "load" });
    await checkEditor(page);
    await checkApiKey(page);
    await checkValidate(page);
    await checkRender(page, server);
    await checkFailure(page, server);
    await checkCancel(page, server);
    check(problems.length === 0, problems.join("\n"));
  } catch (e) {
    try {
      const page = context && context.pages()[0];
      if (page) await page.screenshot({ path: join(artifacts, "playground-failure.png") });
    } catch {}
    console.error(`server log tail:\n${readFileSync(server.logPath, "utf8").slice(-4000)}`);
    throw e;
  } finally {
    if (context) await context.close().catch(() => {});
    await stopServer(server);
  }
  await checkOff();
}

const deadline = setTimeout(() => {
  console.error(`FAIL: over ${TOTAL_BUDGET_MS / 1000} s`);
  process.exit(1); // the exit handler kills the servers
}, TOTAL_BUDGET_MS);
try {
  await main();
  log("PASS");
} catch (e) {
  console.error(`FAIL: ${e.stack || e}`);
  process.exitCode = 1;
} finally {
  clearTimeout(deadline);
  for (const s of servers) await stopServer(s);
}
