// The storage format of a Job: one JSON document per job, as JobStores keep it. Not the
// API's JSON view (that is api/job_json.h); field names here are the struct's own.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "jobs/job.h"

namespace manimd::jobs {

// Every field of `job` except `progress`, which is not stored. Strings are kept byte for
// byte, also when they are not valid UTF-8 (a log tail cut inside a character).
std::string EncodeJob(const Job& job);

// The inverse of EncodeJob; `progress` is left default and unknown fields are ignored.
// Errors: kInvalidArgument when `text` is not JSON, or a field is missing or bad; the
// message names the field ("request.quality: ...").
core::Result<Job> DecodeJob(std::string_view text);

// A render error and warnings as EncodeJob writes them, for other documents that carry
// one (a remote chunk's result, jobs/redis_chunk_pool.h). Decoding: kInvalidArgument
// naming the field.
boost::json::object EncodeRenderError(const render::RenderError& error);
core::Result<render::RenderError> DecodeRenderError(const boost::json::object& o);
boost::json::array EncodeRenderWarnings(const std::vector<render::Warning>& warnings);
std::vector<render::Warning> DecodeRenderWarnings(const boost::json::array& a);

// Live progress, for stores that keep it beside the job (RedisJobStore). Decoding a bad
// document gives default progress: it is only ever a display.
std::string EncodeProgress(const render::Progress& progress);
render::Progress DecodeProgress(std::string_view text);

}  // namespace manimd::jobs
