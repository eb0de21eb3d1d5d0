// Talking to manimd: JSON requests with the optional API key, and the job's event stream.
// The stream is read with fetch(), not EventSource, because EventSource cannot send an
// Authorization header.

const KEY_STORAGE = "manimd.apiKey";

export function apiKey() {
  try {
    return localStorage.getItem(KEY_STORAGE) || "";
  } catch {
    return ""; // storage disabled: the key lives in the field only
  }
}

export function setApiKey(key) {
  try {
    if (key) localStorage.setItem(KEY_STORAGE, key);
    else localStorage.removeItem(KEY_STORAGE);
  } catch {}
}

let onAuth = () => {};
// `handler(status, message)` runs on every answer, so the page can ask for a key on a 401
// and stop asking once one is accepted.
export function setAuthHandler(handler) {
  onAuth = handler;
}

function headers(extra = {}) {
  const h = { ...extra };
  const key = apiKey();
  if (key) h.Authorization = `Bearer ${key}`;
  return h;
}

// {status, body}: body is the parsed JSON, or {message} with the text of a non-JSON answer.
// A network failure is status 0.
export async function request(method, path, body, signal) {
  let res;
  try {
    res = await fetch(path, {
      method,
      headers: headers(body === undefined ? {} : { "Content-Type": "application/json" }),
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if (e.name === "AbortError") throw e;
    return { status: 0, body: { message: `cannot reach the server (${e.message})` } };
  }
  const text = await res.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { message: text.slice(0, 500) || `${res.status} ${res.statusText}` };
  }
  onAuth(res.status, parsed.message || "this server needs an API key");
  return { status: res.status, body: parsed, retryAfter: res.headers.get("Retry-After") };
}

// Reads one connection of /api/jobs/{id}/events, calling onEvent(name, data, id) per
// event. Resolves with the last event id seen when the server closes the stream.
async function readStream(jobId, lastId, onEvent, signal) {
  const h = headers({ Accept: "text/event-stream" });
  if (lastId) h["Last-Event-ID"] = lastId;
  const res = await fetch(`/api/jobs/${encodeURIComponent(jobId)}/events`, { headers: h, signal });
  onAuth(res.status, "this server needs an API key");
  if (!res.ok || !res.body) throw new Error(`event stream answered ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let event = { name: "message", data: [], id: "" };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return lastId;
    buffer += value;
    let newline;
    while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith("\r\n", newline) ? 2 : 1));
      if (line === "") {
        if (event.data.length) {
          if (event.id) lastId = event.id;
          let data;
          try {
            data = JSON.parse(event.data.join("\n"));
          } catch {
            data = event.data.join("\n");
          }
          onEvent(event.name, data);
        }
        event = { name: "message", data: [], id: "" };
        continue;
      }
      if (line.startsWith(":")) continue; // keep-alive comment
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const val = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event.name = val;
      else if (field === "data") event.data.push(val);
      else if (field === "id") event.id = val;
    }
  }
}

// Follows a job until its `done` event and resolves with the final job object. A dropped
// stream is resumed with Last-Event-ID (the server replays the current state first), after
// asking for the job directly in case it finished meanwhile.
export async function followJob(jobId, onEvent, signal) {
  let lastId = "";
  let final = null;
  const handle = (name, data) => {
    if (name === "done") final = data;
    else onEvent(name, data);
  };
  for (let attempt = 0; ; attempt++) {
    try {
      lastId = await readStream(jobId, lastId, handle, signal);
    } catch (e) {
      if (e.name === "AbortError") throw e;
    }
    if (final) return final;
    const { status, body } = await request("GET", `/api/jobs/${encodeURIComponent(jobId)}`, undefined, signal);
    if (status === 200 && ["succeeded", "failed", "cancelled"].includes(body.status)) return body;
    if (status === 404 || status === 401) throw new Error(body.message || `job lookup answered ${status}`);
    await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** attempt, 5000)));
  }
}
