// Job <-> JSON with Boost.JSON's non-throwing API. Optional fields are left out when unset,
// so an old document stays readable when a new optional field is added.
#include "jobs/job_codec.h"

#include <boost/json.hpp>
#include <limits>

namespace manimd::jobs {
namespace {

namespace json = boost::json;

json::object EncodeRequest(const render::RenderRequest& r) {
  json::object o;
  o.emplace("code", r.code);
  o.emplace("source_name", r.source_name);
  if (r.scene) o.emplace("scene", *r.scene);
  o.emplace("quality", std::string(1, render::QualityLetter(r.quality)));
  if (r.format) o.emplace("format", render::FormatName(*r.format));
  if (r.fps) o.emplace("fps", *r.fps);
  if (r.resolution) {
    o.emplace("resolution",
              json::object{{"width", r.resolution->width}, {"height", r.resolution->height}});
  }
  o.emplace("transparent", r.transparent);
  o.emplace("compat", render::CompatName(r.compat));
  o.emplace("poster", render::PosterName(r.poster));
  if (r.split) o.emplace("split", *r.split);
  return o;
}

json::object EncodeError(const render::RenderError& e) {
  json::object o{{"kind", render::ErrorKindName(e.kind)},
                 {"message", e.message},
                 {"traceback", e.traceback},
                 {"log_tail", e.log_tail}};
  if (e.location) {
    o.emplace("location", json::object{{"line", e.location->line},
                                       {"column", e.location->column},
                                       {"code", e.location->code}});
  }
  if (!e.hint.empty()) o.emplace("hint", e.hint);
  return o;
}

json::array EncodeWarnings(const std::vector<render::Warning>& warnings) {
  json::array a;
  for (const render::Warning& w : warnings) {
    a.push_back(json::object{{"line", w.line}, {"code", w.code}, {"message", w.message}});
  }
  return a;
}

// Reads the fields of one JSON object. Keeps only the first problem, with its dotted path,
// so that DecodeJob checks once at the end rather than after every field.
class FieldReader {
 public:
  FieldReader(const json::object& object, std::string prefix, core::Status* status)
      : object_(object), prefix_(std::move(prefix)), status_(status) {}

  template <typename T>
  bool Get(std::string_view key, T* out) {
    const json::value* v = object_.if_contains(key);
    if (v == nullptr) {
      Fail(key, "missing");
      return false;
    }
    return Read(key, *v, out);
  }
  // Absent or null: unset.
  template <typename T>
  void GetOptional(std::string_view key, std::optional<T>* out) {
    const json::value* v = object_.if_contains(key);
    out->reset();
    if (v == nullptr || v->is_null()) return;
    T value{};
    if (Read(key, *v, &value)) *out = std::move(value);
  }
  // The nested object under `key`; null when absent (and `required`: a problem) or null.
  const json::object* GetObject(std::string_view key, bool required) {
    const json::value* v = object_.if_contains(key);
    if (v == nullptr || v->is_null()) {
      if (required) Fail(key, "missing");
      return nullptr;
    }
    if (!v->is_object()) Fail(key, "must be an object");
    return v->if_object();
  }
  void Fail(std::string_view key, std::string_view problem) {
    if (!status_->ok()) return;
    *status_ = core::InvalidArgument("job document: field " + prefix_ + std::string(key) + ": " +
                                     std::string(problem));
  }

 private:
  bool Read(std::string_view key, const json::value& v, std::string* out) {
    if (!v.is_string()) return Wrong(key, "a string");
    *out = std::string(v.get_string());
    return true;
  }
  bool Read(std::string_view key, const json::value& v, bool* out) {
    if (!v.is_bool()) return Wrong(key, "true or false");
    *out = v.get_bool();
    return true;
  }
  bool Read(std::string_view key, const json::value& v, std::int64_t* out) {
    if (!v.is_int64()) return Wrong(key, "a 64-bit integer");
    *out = v.get_int64();
    return true;
  }
  bool Read(std::string_view key, const json::value& v, int* out) {
    if (!v.is_int64() || v.get_int64() < std::numeric_limits<int>::min() ||
        v.get_int64() > std::numeric_limits<int>::max()) {
      return Wrong(key, "a 32-bit integer");
    }
    *out = static_cast<int>(v.get_int64());
    return true;
  }
  bool Wrong(std::string_view key, std::string_view what) {
    Fail(key, "must be " + std::string(what));
    return false;
  }

  const json::object& object_;
  std::string prefix_;  // "" or "request." ...
  core::Status* status_;
};

void DecodeRequest(const json::object& o, core::Status* status, render::RenderRequest* r) {
  FieldReader f(o, "request.", status);
  f.Get("code", &r->code);
  f.Get("source_name", &r->source_name);
  f.GetOptional("scene", &r->scene);
  std::string quality;
  if (f.Get("quality", &quality)) {
    core::Result<render::Quality> q = render::ParseQuality(quality);
    if (q.ok()) {
      r->quality = *q;
    } else {
      f.Fail("quality", "unknown quality \"" + quality + "\"");
    }
  }
  std::optional<std::string> format;
  f.GetOptional("format", &format);
  if (format) {
    core::Result<render::Format> parsed = render::ParseFormat(*format);
    if (parsed.ok()) {
      r->format = *parsed;
    } else {
      f.Fail("format", "unknown format \"" + *format + "\"");
    }
  }
  f.GetOptional("fps", &r->fps);
  if (const json::object* res = f.GetObject("resolution", false)) {
    FieldReader rf(*res, "request.resolution.", status);
    render::Resolution resolution;
    if (rf.Get("width", &resolution.width) && rf.Get("height", &resolution.height)) {
      r->resolution = resolution;
    }
  }
  f.Get("transparent", &r->transparent);
  f.GetOptional("split", &r->split);
  std::optional<std::string> compat;  // absent in documents older than the field
  f.GetOptional("compat", &compat);
  if (compat) {
    core::Result<render::Compat> parsed = render::ParseCompat(*compat);
    if (parsed.ok()) {
      r->compat = *parsed;
    } else {
      f.Fail("compat", "unknown compat \"" + *compat + "\"");
    }
  }
  std::optional<std::string> poster;  // absent in documents older than the field
  f.GetOptional("poster", &poster);
  if (poster) {
    core::Result<render::Poster> parsed = render::ParsePoster(*poster);
    if (parsed.ok()) {
      r->poster = *parsed;
    } else {
      f.Fail("poster", "unknown poster \"" + *poster + "\"");
    }
  }
}

void DecodeError(const json::object& o, core::Status* status, render::RenderError* e) {
  FieldReader f(o, "error.", status);
  std::string kind;
  if (f.Get("kind", &kind)) {
    std::optional<render::ErrorKind> parsed = render::ParseErrorKind(kind);
    if (parsed) {
      e->kind = *parsed;
    } else {
      f.Fail("kind", "unknown error kind \"" + kind + "\"");
    }
  }
  f.Get("message", &e->message);
  f.Get("traceback", &e->traceback);
  f.Get("log_tail", &e->log_tail);
  if (const json::object* where = f.GetObject("location", false)) {
    FieldReader lf(*where, "error.location.", status);
    render::SourceLocation loc;
    if (lf.Get("line", &loc.line) && lf.Get("column", &loc.column) && lf.Get("code", &loc.code)) {
      e->location = std::move(loc);
    }
  }
  std::optional<std::string> hint;
  f.GetOptional("hint", &hint);
  e->hint = hint.value_or("");
}

void DecodeWarnings(const json::array& a, core::Status* status, std::vector<render::Warning>* out) {
  for (const json::value& v : a) {
    if (!v.is_object()) continue;
    FieldReader f(v.get_object(), "warnings[].", status);
    render::Warning w;
    if (f.Get("line", &w.line) && f.Get("code", &w.code) && f.Get("message", &w.message)) {
      out->push_back(std::move(w));
    }
  }
}

// The optional fields webhooks added; absent in older documents.
void DecodeCallback(const json::object& o, core::Status* status, Job* job) {
  FieldReader f(o, "", status);
  if (const json::object* headers = f.GetObject("callback_headers", false)) {
    for (const auto& [name, value] : *headers) {
      if (!value.is_string()) {
        f.Fail("callback_headers", "values must be strings");
        return;
      }
      job->callback_headers.emplace_back(std::string(name), std::string(value.get_string()));
    }
  }
  std::optional<bool> progress;
  f.GetOptional("callback_progress", &progress);
  job->callback_progress = progress.value_or(false);
  std::optional<std::string> metadata;
  f.GetOptional("metadata", &metadata);
  job->metadata = metadata.value_or("");
  if (const json::object* webhook = f.GetObject("webhook", false)) {
    FieldReader wf(*webhook, "webhook.", status);
    wf.Get("attempts", &job->webhook.attempts);
    wf.Get("last_status", &job->webhook.last_status);
    wf.Get("delivered_ms", &job->webhook.delivered_ms);
    wf.Get("last_error", &job->webhook.last_error);
  }
}

}  // namespace

json::object EncodeRenderError(const render::RenderError& error) { return EncodeError(error); }

core::Result<render::RenderError> DecodeRenderError(const json::object& o) {
  core::Status status;
  render::RenderError e;
  DecodeError(o, &status, &e);
  if (!status.ok()) return status;
  return e;
}

json::array EncodeRenderWarnings(const std::vector<render::Warning>& warnings) {
  return EncodeWarnings(warnings);
}

std::vector<render::Warning> DecodeRenderWarnings(const json::array& a) {
  core::Status status;
  std::vector<render::Warning> out;
  DecodeWarnings(a, &status, &out);
  return out;
}

std::string EncodeProgress(const render::Progress& p) {
  json::object o{{"animation", p.animation},
                 {"animation_percent", p.animation_percent},
                 {"percent", p.percent}};
  if (p.animations) o.emplace("animations", *p.animations);
  return json::serialize(o);
}

render::Progress DecodeProgress(std::string_view text) {
  render::Progress p;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return p;
  core::Status ignored;
  FieldReader f(v.get_object(), "progress.", &ignored);
  f.Get("animation", &p.animation);
  f.GetOptional("animations", &p.animations);
  const json::value* ap = v.get_object().if_contains("animation_percent");
  const json::value* pc = v.get_object().if_contains("percent");
  if (ap && ap->is_number()) p.animation_percent = ap->to_number<double>(ec);
  if (pc && pc->is_number()) p.percent = pc->to_number<double>(ec);
  return p;
}

std::string EncodeJob(const Job& job) {
  json::object o;
  o.emplace("id", job.id);
  o.emplace("status", JobStatusName(job.status));
  o.emplace("request", EncodeRequest(*job.request));
  o.emplace("callback_url", job.callback_url);
  if (!job.callback_headers.empty()) {
    json::object headers;
    for (const auto& [name, value] : job.callback_headers) headers[name] = value;
    o.emplace("callback_headers", std::move(headers));
  }
  if (job.callback_progress) o.emplace("callback_progress", true);
  if (!job.metadata.empty()) o.emplace("metadata", job.metadata);
  if (job.webhook != WebhookState{}) {
    o.emplace("webhook", json::object{{"attempts", job.webhook.attempts},
                                      {"last_status", job.webhook.last_status},
                                      {"delivered_ms", job.webhook.delivered_ms},
                                      {"last_error", job.webhook.last_error}});
  }
  o.emplace("sync", job.sync);
  if (!job.tenant.empty()) o.emplace("tenant", job.tenant);
  if (job.tenant_concurrency > 0) o.emplace("tenant_concurrency", job.tenant_concurrency);
  o.emplace("seq", job.seq);
  o.emplace("attempts", job.attempts);
  o.emplace("created_ms", job.created_ms);
  o.emplace("started_ms", job.started_ms);
  o.emplace("finished_ms", job.finished_ms);
  o.emplace("key", job.key);
  o.emplace("url", job.url);
  o.emplace("scene", job.scene);
  o.emplace("bytes", job.bytes);
  if (!job.poster_key.empty()) {
    o.emplace("poster_key", job.poster_key);
    o.emplace("poster_url", job.poster_url);
  }
  o.emplace("cached", job.cached);
  if (job.chunks > 0) o.emplace("chunks", job.chunks);
  if (!job.use_cache) o.emplace("use_cache", false);
  if (!job.warnings.empty()) o.emplace("warnings", EncodeWarnings(job.warnings));
  if (job.usage != render::Usage{}) {
    o.emplace("usage", json::object{{"wall_ms", job.usage.wall_ms},
                                    {"cpu_ms", job.usage.cpu_ms},
                                    {"peak_memory_bytes", job.usage.peak_memory_bytes}});
  }
  if (job.error) o.emplace("error", EncodeError(*job.error));
  return json::serialize(o);
}

core::Result<Job> DecodeJob(std::string_view text) {
  json::parse_options options;
  options.allow_invalid_utf8 = true;  // the encoder writes strings byte for byte
  boost::system::error_code ec;
  json::value v = json::parse(text, ec, {}, options);
  if (ec) return core::InvalidArgument("job document is not JSON: " + ec.message());
  if (!v.is_object()) return core::InvalidArgument("job document is not a JSON object");
  core::Status status;
  FieldReader f(v.get_object(), "", &status);
  Job job;
  f.Get("id", &job.id);
  std::string name;
  if (f.Get("status", &name)) {
    std::optional<JobStatus> parsed = ParseJobStatus(name);
    if (parsed) {
      job.status = *parsed;
    } else {
      f.Fail("status", "unknown status \"" + name + "\"");
    }
  }
  if (const json::object* request = f.GetObject("request", true)) {
    auto decoded = std::make_shared<render::RenderRequest>();
    DecodeRequest(*request, &status, decoded.get());
    job.request = std::move(decoded);
  }
  f.Get("callback_url", &job.callback_url);
  DecodeCallback(v.get_object(), &status, &job);
  f.Get("sync", &job.sync);
  std::optional<std::string> tenant;  // absent for anonymous jobs and older documents
  f.GetOptional("tenant", &tenant);
  job.tenant = tenant.value_or("");
  std::optional<int> tenant_concurrency;
  f.GetOptional("tenant_concurrency", &tenant_concurrency);
  job.tenant_concurrency = tenant_concurrency.value_or(0);
  f.Get("seq", &job.seq);
  std::optional<int> attempts;  // absent in documents older than the field
  f.GetOptional("attempts", &attempts);
  job.attempts = attempts.value_or(0);
  f.Get("created_ms", &job.created_ms);
  f.Get("started_ms", &job.started_ms);
  f.Get("finished_ms", &job.finished_ms);
  f.Get("key", &job.key);
  f.Get("url", &job.url);
  f.Get("scene", &job.scene);
  f.Get("bytes", &job.bytes);
  std::optional<std::string> poster_key, poster_url;  // only jobs with a poster have them
  f.GetOptional("poster_key", &poster_key);
  f.GetOptional("poster_url", &poster_url);
  job.poster_key = poster_key.value_or("");
  job.poster_url = poster_url.value_or("");
  f.Get("cached", &job.cached);
  std::optional<int> chunks;  // absent when the job was not rendered, or before the field
  f.GetOptional("chunks", &chunks);
  job.chunks = chunks.value_or(0);
  std::optional<bool> use_cache;  // written only when false
  f.GetOptional("use_cache", &use_cache);
  job.use_cache = use_cache.value_or(true);
  if (const json::value* w = v.get_object().if_contains("warnings"); w && w->is_array()) {
    DecodeWarnings(w->get_array(), &status, &job.warnings);
  }
  if (const json::object* usage = f.GetObject("usage", false)) {
    FieldReader uf(*usage, "usage.", &status);
    uf.Get("wall_ms", &job.usage.wall_ms);
    uf.Get("cpu_ms", &job.usage.cpu_ms);
    uf.Get("peak_memory_bytes", &job.usage.peak_memory_bytes);
  }
  if (const json::object* error = f.GetObject("error", false)) {
    render::RenderError e;
    DecodeError(*error, &status, &e);
    job.error = std::move(e);
  }
  if (!status.ok()) return status;
  return job;
}

}  // namespace manimd::jobs
