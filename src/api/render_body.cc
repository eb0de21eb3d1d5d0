// Body parsing with Boost.JSON's stream parser, which reports how far it got, so a
// syntax error can name its line and column.
#include "api/render_body.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <cmath>

#include "core/json_kind.h"
#include "core/utf8.h"
#include "webhooks/callback_headers.h"

namespace manimd::api {
namespace {

namespace json = boost::json;
using render::FieldError;

using core::JsonKindName;

bool IsJsonType(std::string_view content_type) {
  std::string_view mime = content_type.substr(0, content_type.find(';'));
  while (!mime.empty() && mime.back() == ' ') mime.remove_suffix(1);
  std::string lower;
  for (char c : mime) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "application/json" || lower.ends_with("+json");
}

// "line 3, column 7" of byte offset `at` in `text`.
std::string Position(std::string_view text, size_t at) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < at && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// Reads optional string field `name`; records a type error. Null is absent.
const json::string* OptionalString(const json::object& o, const char* name,
                                   std::vector<FieldError>* errors) {
  const json::value* v = o.if_contains(name);
  if (v == nullptr || v->is_null()) return nullptr;
  if (!v->is_string()) {
    errors->push_back(
        {name, std::string(name) + " must be a string (got " + JsonKindName(*v) + ")"});
    return nullptr;
  }
  return &v->get_string();
}

// Applies a render::Parse* function to a string field, recording its message on failure.
template <typename T, typename Parse>
void ParseField(const json::object& o, const char* name, Parse parse, std::optional<T>* out,
                std::vector<FieldError>* errors) {
  const json::string* s = OptionalString(o, name, errors);
  if (s == nullptr) return;
  core::Result<T> r = parse(std::string_view(*s));
  if (r.ok()) {
    *out = *r;
  } else {
    errors->push_back({name, r.status().message()});
  }
}

// metadata, callbackHeaders and callbackEvents: what webhooks carry besides the job.
void ReadCallbackFields(const json::object& o, RenderBody* body, std::vector<FieldError>* errors) {
  if (const json::value* m = o.if_contains("metadata"); m != nullptr && !m->is_null()) {
    std::string text = m->is_object() ? json::serialize(*m) : "";
    if (!m->is_object()) {
      errors->push_back(
          {"metadata", std::string("metadata must be an object (got ") + JsonKindName(*m) + ")"});
    } else if (text.size() > kMaxMetadataBytes) {
      errors->push_back({"metadata", "metadata must be at most 16384 bytes as JSON (got " +
                                         std::to_string(text.size()) + ")"});
    } else {
      body->metadata = std::move(text);
    }
  }
  if (const json::value* h = o.if_contains("callbackHeaders"); h != nullptr && !h->is_null()) {
    if (!h->is_object() || h->get_object().size() > webhooks::kMaxCallbackHeaders) {
      errors->push_back(
          {"callbackHeaders", "callbackHeaders must be an object of at most 20 string values"});
      return;
    }
    for (const auto& [name, value] : h->get_object()) {
      std::string shown(name.substr(0, 100));
      std::string problem = value.is_string() ? webhooks::CallbackHeaderProblem(
                                                    name, std::string_view(value.get_string()))
                                              : "value must be a string";
      if (!problem.empty()) {
        errors->push_back({"callbackHeaders",
                           "callbackHeaders: \"" + core::RepairUtf8(shown, 100) + "\" " + problem});
        return;
      }
      body->callback_headers.emplace_back(std::string(name), std::string(value.get_string()));
    }
  }
  if (const json::value* e = o.if_contains("callbackEvents"); e != nullptr && !e->is_null()) {
    const char* kUsage = "callbackEvents must be an array of \"progress\" and \"done\"";
    if (!e->is_array() || e->get_array().size() > 2) {
      errors->push_back({"callbackEvents", kUsage});
      return;
    }
    for (const json::value& item : e->get_array()) {
      if (item == "progress") {
        body->callback_progress = true;
      } else if (item != "done") {
        errors->push_back({"callbackEvents", kUsage});
        return;
      }
    }
  }
}

void ReadFields(const json::object& o, RenderBody* body, std::vector<FieldError>* errors) {
  render::RenderRequest& req = body->request;
  const json::value* code = o.if_contains("codeContent");
  if (code == nullptr || code->is_null()) {
    errors->push_back({"codeContent", "codeContent is required"});
  } else if (!code->is_string()) {
    errors->push_back({"codeContent", std::string("codeContent must be a string (got ") +
                                          JsonKindName(*code) + ")"});
  } else {
    req.code = std::string(code->get_string());
  }
  std::optional<render::Quality> quality;
  ParseField(o, "quality", render::ParseQuality, &quality, errors);
  if (quality) req.quality = *quality;
  if (const json::string* scene = OptionalString(o, "scene", errors))
    req.scene = std::string(*scene);
  ParseField(o, "format", render::ParseFormat, &req.format, errors);
  ParseField(o, "resolution", render::ParseResolution, &req.resolution, errors);
  std::optional<render::Compat> compat;
  ParseField(o, "compat", render::ParseCompat, &compat, errors);
  if (compat) req.compat = *compat;
  std::optional<render::Poster> poster;
  ParseField(o, "poster", render::ParsePoster, &poster, errors);
  if (poster) req.poster = *poster;
  if (const json::value* fps = o.if_contains("fps"); fps != nullptr && !fps->is_null()) {
    std::optional<double> n;
    if (fps->is_int64()) n = static_cast<double>(fps->get_int64());
    if (fps->is_uint64()) n = static_cast<double>(fps->get_uint64());
    if (fps->is_double()) n = fps->get_double();
    if (!n || std::floor(*n) != *n || std::fabs(*n) > 1e6) {
      errors->push_back({"fps", std::string("fps must be a whole number (got ") +
                                    (n ? fmt::format("{}", *n) : std::string(JsonKindName(*fps))) +
                                    ")"});
    } else {
      req.fps = static_cast<int>(*n);
    }
  }
  if (const json::value* t = o.if_contains("transparent"); t != nullptr && !t->is_null()) {
    if (t->is_bool()) {
      req.transparent = t->get_bool();
    } else {
      errors->push_back({"transparent", std::string("transparent must be true or false (got ") +
                                            JsonKindName(*t) + ")"});
    }
  }
  ReadCallbackFields(o, body, errors);
  if (const json::value* s = o.if_contains("split"); s != nullptr && !s->is_null()) {
    if (s->is_bool()) {
      req.split = s->get_bool();
    } else {
      errors->push_back(
          {"split", std::string("split must be true or false (got ") + JsonKindName(*s) + ")"});
    }
  }
  if (const json::value* c = o.if_contains("cache"); c != nullptr && !c->is_null()) {
    if (c->is_bool()) {
      body->cache = c->get_bool();
    } else {
      errors->push_back(
          {"cache", std::string("cache must be true or false (got ") + JsonKindName(*c) + ")"});
    }
  }
  if (const json::string* cb = OptionalString(o, "callbackUrl", errors)) {
    std::string_view url = *cb;
    if (!url.starts_with("http://") && !url.starts_with("https://")) {
      errors->push_back({"callbackUrl", "callbackUrl must be an http:// or https:// URL"});
    } else {
      body->callback_url = std::string(url);
    }
  }
}

}  // namespace

std::variant<RenderBody, BodyError> ParseRenderBody(std::string_view content_type,
                                                    std::string_view text,
                                                    const BodyOptions& options) {
  if (!IsJsonType(content_type)) {
    return BodyError{415,
                     "Content-Type must be application/json (got \"" +
                         std::string(content_type.empty() ? "nothing" : content_type) + "\")",
                     {}};
  }
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return BodyError{400, "the request body is empty; send a JSON object with codeContent", {}};
  }
  json::stream_parser parser;
  boost::system::error_code ec;
  size_t used = parser.write(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    return BodyError{400, "malformed JSON at " + Position(text, used) + ": " + ec.message(), {}};
  }
  json::value value = parser.release();
  if (!value.is_object()) {
    return BodyError{
        400,
        std::string("the request body must be a JSON object (got ") + JsonKindName(value) + ")",
        {}};
  }
  RenderBody body;
  body.request.compat = options.default_compat;
  std::vector<FieldError> errors;
  ReadFields(value.get_object(), &body, &errors);
  // Semantic checks, for the fields whose type was right.
  for (render::FieldError& e : render::CheckFields(body.request, options.max_code_bytes)) {
    bool reported = false;
    for (const render::FieldError& seen : errors) reported = reported || seen.field == e.field;
    if (!reported) errors.push_back(std::move(e));
  }
  if (!errors.empty()) {
    std::string message = "invalid request: " + errors.front().message;
    if (errors.size() > 1) message += " (and " + std::to_string(errors.size() - 1) + " more)";
    return BodyError{400, message, std::move(errors)};
  }
  return body;
}

jobs::Job NewJob(RenderBody body) {
  jobs::Job job;
  job.id = jobs::NewJobId();
  job.request = std::make_shared<const render::RenderRequest>(std::move(body.request));
  job.callback_url = std::move(body.callback_url);
  job.callback_headers = std::move(body.callback_headers);
  job.callback_progress = body.callback_progress;
  job.metadata = std::move(body.metadata);
  job.use_cache = body.cache;
  return job;
}

}  // namespace manimd::api
