// The JSON body of POST /api/render and POST /api/jobs: parsing and validation into a
// RenderRequest, with every problem reported per field (the seed answered with zod's
// field errors; we keep {path, message} items).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "jobs/job.h"
#include "render/render_request.h"

namespace manimd::api {

struct RenderBody {
  render::RenderRequest request;
  std::string callback_url;                                           // "" when absent
  std::vector<std::pair<std::string, std::string>> callback_headers;  // callbackHeaders
  bool callback_progress = false;  // callbackEvents includes "progress"
  std::string metadata;            // the metadata object, serialised; "" when absent
  bool cache = true;               // "cache": false renders even when a cached video exists
};

// The largest metadata object accepted, serialised.
inline constexpr size_t kMaxMetadataBytes = 16 << 10;

// What the body parser needs from the configuration.
struct BodyOptions {
  size_t max_code_bytes = 256 * 1024;                     // MAX_CODE_BYTES
  render::Compat default_compat = render::Compat::kV019;  // COMPAT_DEFAULT
};

struct BodyError {
  int status = 400;  // 400, or 415 for a body that is not JSON
  std::string message;
  std::vector<render::FieldError> errors;  // field-level problems, may be empty
};

// A new job (fresh id, status queued) for a parsed body.
jobs::Job NewJob(RenderBody body);

// `content_type` is the request's header value. Unknown fields are ignored; null counts
// as absent for optional fields.
std::variant<RenderBody, BodyError> ParseRenderBody(std::string_view content_type,
                                                    std::string_view body,
                                                    const BodyOptions& options);

}  // namespace manimd::api
