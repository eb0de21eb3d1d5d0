// The playground's behaviour: render (POST /api/jobs, then the job's event stream),
// cancel (DELETE), validate (POST /api/validate), examples and the API key field.
import { createEditor, markLines, revealLine, setCode } from "./editor.js";
import { apiKey, followJob, request, setApiKey, setAuthHandler } from "./api.js";
import { EXAMPLES } from "./examples.js";
import { clearOutput, setProgress, setStatus, showError, showResult, showWarnings } from "./output.js";

const $ = (id) => document.getElementById(id);
const CODE_STORAGE = "manimd.code";
const SETTINGS_STORAGE = "manimd.settings";

function load(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function save(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {}
}

// --- editor and examples ---
const exampleSelect = $("example");
exampleSelect.append(new Option("Examples…", ""));
for (const ex of EXAMPLES) exampleSelect.append(new Option(ex.title, ex.id));

let saveTimer = 0;
const view = createEditor(
  $("editor"),
  load(CODE_STORAGE) || EXAMPLES[0].code,
  (code) => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => save(CODE_STORAGE, code), 300);
  },
  () => render(),
);
const jumpTo = (line) => revealLine(view, line);

exampleSelect.addEventListener("change", () => {
  const ex = EXAMPLES.find((e) => e.id === exampleSelect.value);
  if (!ex) return;
  setCode(view, ex.code);
  save(CODE_STORAGE, ex.code);
  exampleSelect.value = "";
  view.focus();
});

// --- settings ---
const quality = $("quality");
const format = $("format");
try {
  const s = JSON.parse(load(SETTINGS_STORAGE) || "{}");
  if (s.quality) quality.value = s.quality;
  if (s.format) format.value = s.format;
} catch {}
for (const el of [quality, format]) {
  el.addEventListener("change", () =>
    save(SETTINGS_STORAGE, JSON.stringify({ quality: quality.value, format: format.value })),
  );
}

// --- API key: collapsed until wanted; a 401 opens it ---
const keyToggle = $("key-toggle");
const keyBar = $("key-bar");
const keyInput = $("api-key");
const keyMessage = $("key-message");
function showKeyBar(open) {
  keyBar.hidden = !open;
  keyToggle.setAttribute("aria-expanded", String(open));
}
function labelKeyToggle() {
  keyToggle.textContent = apiKey() ? "API key (set)" : "API key";
}
keyInput.value = apiKey();
labelKeyToggle();
keyToggle.addEventListener("click", () => showKeyBar(keyBar.hidden));
keyInput.addEventListener("input", () => {
  setApiKey(keyInput.value.trim());
  labelKeyToggle();
  keyMessage.hidden = true;
});
keyInput.addEventListener("keydown", (e) => {
  if (e.key === "Enter" || e.key === "Escape") showKeyBar(false);
});
setAuthHandler((status, message) => {
  if (status !== 401) {
    keyMessage.hidden = true;
    return;
  }
  showKeyBar(true);
  keyMessage.textContent = `${message}${apiKey() ? " (the key was refused)" : ""}`;
  keyMessage.hidden = false;
  keyInput.focus();
});

// --- one run at a time: a render or a validation ---
let run = null; // {abort: AbortController, jobId, started, timer}

function setBusy(busy, { cancellable = false } = {}) {
  $("render").disabled = busy;
  $("validate").disabled = busy;
  $("cancel").hidden = !cancellable;
  $("cancel").disabled = false;
}

function elapsed() {
  return `${((performance.now() - run.started) / 1000).toFixed(1)} s`;
}

const STATUS_TEXT = {
  queued: "Queued, waiting for a render slot",
  running: "Rendering",
  uploading: "Storing the file",
  cancelling: "Cancelling",
};

function startRun(cancellable) {
  clearOutput();
  markLines(view, []);
  run = { abort: new AbortController(), jobId: "", started: performance.now(), status: "", timer: 0 };
  setBusy(true, { cancellable });
  return run;
}

function endRun() {
  if (run) clearInterval(run.timer);
  run = null;
  setBusy(false);
}

// An answer that is not the expected one (400 fields, 401, 413, 503, no server ...).
function showRequestFailure(what, { status, body, retryAfter }) {
  let text = `${what} failed: ${body.message || `HTTP ${status}`}`;
  if (status === 503 && retryAfter) text += ` (retry in ${retryAfter} s)`;
  setStatus("error", text);
  showError(
    {
      kind: status ? `HTTP ${status}` : "network",
      message: body.message || "",
      fields: body.errors,
      ...(body.error || {}),
    },
    jumpTo,
  );
}

function errorMarks(error, warnings) {
  const marks = (warnings || [])
    .filter((w) => w.line)
    .map((w) => ({ line: w.line, kind: "warning", title: w.message }));
  if (error && error.location && error.location.line) {
    marks.push({ line: error.location.line, kind: "error", title: error.message });
  }
  return marks;
}

// Where a render stopped stays visible (which animation failed), unless it never began.
// The last progress event says it: a finished job's own progress may be reset.
function stopProgress(p, ended) {
  if (p && p.animation > 0) setProgress(p, { ended });
  else setProgress(null);
}

function showFinalJob(job, lastProgress) {
  const seconds = elapsed();
  showWarnings(job.warnings, jumpTo);
  if (job.status === "succeeded") {
    setProgress({ ...(job.progress || {}), percent: 100 });
    setStatus("succeeded", `Rendered in ${seconds}${job.cached ? " (cached)" : ""}`, job.jobId);
    showResult(job);
  } else if (job.status === "cancelled") {
    setStatus("cancelled", `Cancelled after ${seconds}`, job.jobId);
    stopProgress(lastProgress, "cancelled");
  } else {
    setStatus("failed", `Failed after ${seconds}`, job.jobId);
    stopProgress(lastProgress, "failed");
    if (job.error) showError(job.error, jumpTo);
  }
  markLines(view, errorMarks(job.error, job.warnings));
}

async function render() {
  if (run) return;
  const r = startRun(false);
  setStatus("submitting", "Submitting");
  setProgress({ animation: 0, percent: 0 }, { indeterminate: true });
  try {
    const answer = await request(
      "POST",
      "/api/jobs",
      { codeContent: view.state.doc.toString(), quality: quality.value, format: format.value },
      r.abort.signal,
    );
    if (answer.status !== 202) {
      setProgress(null);
      showRequestFailure("Render", answer);
      return;
    }
    r.jobId = answer.body.jobId;
    setBusy(true, { cancellable: true });
    const tick = () => {
      if (r.status) setStatus(r.status, `${STATUS_TEXT[r.status] || r.status} · ${elapsed()}`, r.jobId);
    };
    r.status = "queued";
    tick();
    r.timer = setInterval(tick, 200);
    const job = await followJob(
      r.jobId,
      (name, data) => {
        if (name === "status" && data.status) {
          r.status = data.status;
          tick();
        } else if (name === "progress") {
          // Before manim counted the animations there is no percent to show yet.
          r.lastProgress = data;
          setProgress(data, { indeterminate: !data.animations });
        }
      },
      r.abort.signal,
    );
    clearInterval(r.timer);
    showFinalJob(job, r.lastProgress);
  } catch (e) {
    if (e.name !== "AbortError") {
      setProgress(null);
      setStatus("error", `Lost track of the render: ${e.message}`, r.jobId);
    }
  } finally {
    endRun();
  }
}

async function cancel() {
  if (!run || !run.jobId) return;
  const r = run;
  $("cancel").disabled = true;
  r.status = "cancelling";
  const answer = await request("DELETE", `/api/jobs/${encodeURIComponent(r.jobId)}`);
  // 200: the event stream ends with `done` (cancelled) and render() shows it; 409: the job
  // finished first, which the stream shows too.
  if (answer.status !== 200 && answer.status !== 409 && run === r) {
    r.status = "";
    $("cancel").disabled = false;
    setStatus("error", `Cancel failed: ${answer.body.message || `HTTP ${answer.status}`}`, r.jobId);
  }
}

async function validate() {
  if (run) return;
  const r = startRun(false);
  setStatus("validating", "Validating");
  setProgress({ animation: 0, percent: 0 }, { indeterminate: true });
  try {
    const answer = await request(
      "POST",
      "/api/validate",
      { codeContent: view.state.doc.toString(), quality: quality.value, format: format.value },
      r.abort.signal,
    );
    setProgress(null);
    const body = answer.body;
    if (answer.status === 200) {
      const seconds = typeof body.duration_s === "number" ? `, ${body.duration_s.toFixed(1)} s of animation` : "";
      setStatus("valid", `Valid: ${body.scene}, ${body.animations} animation${body.animations === 1 ? "" : "s"}${seconds}`);
    } else if (answer.status === 422 && body.error) {
      setStatus("invalid", "Would fail");
      showError(body.error, jumpTo);
    } else {
      showRequestFailure("Validation", answer);
    }
    showWarnings(body.warnings, jumpTo);
    markLines(view, errorMarks(answer.status === 422 ? body.error : null, body.warnings));
  } finally {
    endRun();
  }
}

$("render").addEventListener("click", render);
$("validate").addEventListener("click", validate);
$("cancel").addEventListener("click", cancel);
document.addEventListener("keydown", (e) => {
  if ((e.ctrlKey || e.metaKey) && e.key === "Enter" && !e.defaultPrevented) {
    e.preventDefault();
    render();
  }
});
