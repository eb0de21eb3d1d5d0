// The right-hand pane's display: status line, progress bar, the rendered file, the error
// and the warnings. Only writes to the DOM; main.js decides what to show when. Text from
// the server always goes in through textContent, never as HTML.
const $ = (id) => document.getElementById(id);

const VIDEO_FORMATS = new Set(["mp4", "webm", "mov"]);
const KIND_LABELS = {
  invalid_code: "invalid code",
  scene_not_found: "scene not found",
  python_error: "Python error",
  latex_error: "LaTeX error",
  timeout: "timeout",
  memory_limit: "memory limit",
  process_limit: "process limit",
  output_limit: "output limit",
  cancelled: "cancelled",
  storage_error: "storage error",
  internal: "internal error",
};

// `status` goes to data-status (the page's state, which the test reads too).
export function setStatus(status, text, jobId) {
  const el = $("status");
  el.dataset.status = status;
  el.textContent = text;
  if (jobId) {
    el.dataset.jobId = jobId;
    const job = document.createElement("span");
    job.className = "job";
    job.textContent = `job ${jobId}`;
    el.append(job);
  } else {
    delete el.dataset.jobId;
  }
}

// progress: {animation, animations, percent} as the events carry it, or null to hide.
// `ended` ("failed", "cancelled") colours the bar where the render stopped.
export function setProgress(progress, { indeterminate = false, ended = "" } = {}) {
  const bar = $("progress");
  const label = $("progress-label");
  bar.hidden = label.hidden = !progress;
  if (!progress) return;
  bar.dataset.ended = ended;
  const percent = Math.max(0, Math.min(100, Number(progress.percent) || 0));
  bar.classList.toggle("indeterminate", indeterminate);
  bar.setAttribute("aria-valuenow", String(Math.round(percent * 10) / 10));
  bar.firstElementChild.style.width = indeterminate ? "" : `${percent}%`;
  const { animation, animations } = progress;
  let text = "starting";
  if (animations && animation) text = `animation ${animation} of ${animations}`;
  else if (animation) text = `animation ${animation}`;
  // A percent is only known once manim counted the animations.
  label.textContent = indeterminate || !animations ? text : `${text} · ${Math.floor(percent)}%`;
}

export function clearOutput() {
  $("placeholder").hidden = true;
  $("result").hidden = true;
  $("result").replaceChildren();
  $("error").hidden = true;
  $("warnings").hidden = true;
  setProgress(null);
}

function formatOf(job) {
  const fromRequest = job.request && job.request.format;
  if (fromRequest) return fromRequest;
  const m = /\.(\w+)(?:$|\?)/.exec(job.url || "");
  return m ? m[1].toLowerCase() : "mp4";
}

export function showResult(job) {
  const box = $("result");
  const format = formatOf(job);
  let media;
  if (VIDEO_FORMATS.has(format)) {
    media = document.createElement("video");
    Object.assign(media, { controls: true, autoplay: true, muted: true, loop: true, playsInline: true });
  } else {
    media = document.createElement("img");
    media.alt = "rendered scene";
  }
  media.id = "media";
  media.src = job.url;
  const links = document.createElement("div");
  links.className = "links";
  const open = Object.assign(document.createElement("a"), { href: job.url, target: "_blank", rel: "noopener", textContent: "Open file" });
  const download = Object.assign(document.createElement("a"), { href: job.url, textContent: "Download" });
  download.download = (job.s3Key || "").split("/").pop() || `scene.${format}`;
  links.append(open, download);
  if (format === "mov") {
    const note = document.createElement("span");
    note.textContent = "(browsers may not play .mov: download it)";
    links.append(note);
  }
  box.replaceChildren(media, links);
  box.hidden = false;
}

// error: the job's (or validation's) error object. onLine(line) jumps the editor there.
export function showError(error, onLine) {
  $("error-kind").textContent = KIND_LABELS[error.kind] || error.kind || "error";
  $("error-message").textContent = error.message || "";
  const loc = error.location;
  const where = $("error-location");
  if (loc && loc.line) {
    where.textContent = `line ${loc.line}${loc.column ? `, column ${loc.column}` : ""}${loc.code ? `: ${loc.code.trim()}` : ""}`;
    where.dataset.line = String(loc.line);
    where.onclick = () => onLine(loc.line);
  } else {
    where.textContent = "";
    delete where.dataset.line;
    where.onclick = null;
  }
  const hint = $("error-hint");
  hint.hidden = !error.hint;
  hint.textContent = error.hint || "";
  const fields = $("error-fields");
  fields.hidden = !(error.fields && error.fields.length);
  fields.replaceChildren(
    ...(error.fields || []).map((f) => {
      const li = document.createElement("li");
      li.textContent = `${(f.path || []).join(".") || "body"}: ${f.message}`;
      return li;
    }),
  );
  const tb = $("error-traceback");
  const trace = error.traceback || error.logTail || "";
  tb.hidden = !trace;
  tb.querySelector("summary").textContent = error.traceback ? "Traceback" : "Last output";
  tb.querySelector("pre").textContent = trace;
  tb.open = false;
  $("error").hidden = false;
}

export function showWarnings(warnings, onLine) {
  const box = $("warnings");
  const list = box.querySelector("ul");
  list.replaceChildren(
    ...(warnings || []).map((w) => {
      const li = document.createElement("li");
      if (w.line) {
        const line = document.createElement("span");
        line.className = "line";
        line.dataset.line = String(w.line);
        line.textContent = `line ${w.line}`;
        line.onclick = () => onLine(w.line);
        li.append(line);
      }
      li.append(document.createTextNode(w.message || ""));
      if (w.code) {
        const code = document.createElement("span");
        code.className = "code";
        code.textContent = w.code;
        li.append(code);
      }
      return li;
    }),
  );
  box.hidden = !(warnings && warnings.length);
}
