// A real `manimd serve` for the MCP tests: private directories, uid range and port, and
// a stop that kills it by pid whatever happens (also when the test process exits).
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Starts `manimd` serve on 127.0.0.1 and a free port. `uidSalt` keeps the sandbox uid
// ranges of tests running at once apart.
export async function startServer(manimd, uidSalt = 0) {
  const dir = mkdtempSync(join(tmpdir(), "manimd-mcp-"));
  chmodSync(dir, 0o711); // the sandbox's slot uids must reach work/
  const work = join(dir, "work");
  mkdirSync(work, { recursive: true });
  chmodSync(work, 0o711);
  const logPath = join(dir, "serve.log");
  const out = openSync(logPath, "w");
  const child = spawn(manimd, ["serve"], {
    cwd: dir,
    stdio: ["ignore", out, out],
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: join(dir, "data"),
      MANIMD_WORK_DIR: work,
      MANIMD_RUN_DIR: join(dir, "run"),
      SANDBOX_UID_BASE: String(300000 + ((process.pid + uidSalt) % 100000) * 10),
      SANDBOX_UIDS: "8",
      CACHE: "off",  // every render here must really run (tasks are seen working)
      MAX_CONCURRENT_RENDERS: "2",
      SHUTDOWN_GRACE_S: "2",
      PUBLIC_URL: "",
      MOTION_HOST_ORIGIN: "",
    },
  });
  const s = { child, dir, logPath, exited: false, port: 0 };
  child.on("exit", () => (s.exited = true));
  child.on("error", () => (s.exited = true));
  process.on("exit", () => {
    if (!s.exited) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });
  for (let i = 0; i < 200 && !s.port; i++) {
    const m = /server\.listening.*port[=":]+(\d+)/.exec(readFileSync(logPath, "utf8"));
    if (m) s.port = Number(m[1]);
    else if (s.exited) break;
    else await sleep(50);
  }
  if (!s.port) throw new Error(`manimd serve did not start:\n${readFileSync(logPath, "utf8").slice(-3000)}`);
  s.base = `http://127.0.0.1:${s.port}`;
  s.log = () => readFileSync(logPath, "utf8");
  return s;
}

export async function stopServer(s) {
  if (!s || s.exited) return;
  s.child.kill("SIGTERM");
  for (let i = 0; i < 50 && !s.exited; i++) await sleep(100);
  if (!s.exited) s.child.kill("SIGKILL");
  for (let i = 0; i < 50 && !s.exited; i++) await sleep(100);
}
