#include "jobs/job_codec.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "test_util.h"

namespace manimd::jobs {
namespace {

namespace json = boost::json;

using testing::FullJob;

void ExpectSameStoredFields(const Job& a, const Job& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.request->code, b.request->code);
  EXPECT_EQ(a.request->source_name, b.request->source_name);
  EXPECT_EQ(a.request->scene, b.request->scene);
  EXPECT_EQ(a.request->quality, b.request->quality);
  EXPECT_EQ(a.request->format, b.request->format);
  EXPECT_EQ(a.request->fps, b.request->fps);
  EXPECT_EQ(a.request->resolution, b.request->resolution);
  EXPECT_EQ(a.request->transparent, b.request->transparent);
  EXPECT_EQ(a.request->compat, b.request->compat);
  EXPECT_EQ(a.request->split, b.request->split);
  EXPECT_EQ(a.chunks, b.chunks);
  EXPECT_EQ(a.attempts, b.attempts);
  EXPECT_EQ(a.warnings, b.warnings);
  EXPECT_EQ(a.callback_url, b.callback_url);
  EXPECT_EQ(a.sync, b.sync);
  EXPECT_EQ(a.seq, b.seq);
  EXPECT_EQ(a.created_ms, b.created_ms);
  EXPECT_EQ(a.started_ms, b.started_ms);
  EXPECT_EQ(a.finished_ms, b.finished_ms);
  EXPECT_EQ(a.key, b.key);
  EXPECT_EQ(a.url, b.url);
  EXPECT_EQ(a.scene, b.scene);
  EXPECT_EQ(a.bytes, b.bytes);
  EXPECT_EQ(a.cached, b.cached);
  EXPECT_EQ(a.usage, b.usage);
  ASSERT_EQ(a.error.has_value(), b.error.has_value());
  if (a.error) {
    EXPECT_EQ(a.error->kind, b.error->kind);
    EXPECT_EQ(a.error->message, b.error->message);
    EXPECT_EQ(a.error->traceback, b.error->traceback);
    EXPECT_EQ(a.error->log_tail, b.error->log_tail);
    EXPECT_EQ(a.error->location, b.error->location);
    EXPECT_EQ(a.error->hint, b.error->hint);
  }
}

// Re-encodes `job` with one field of the document changed by `edit`.
std::string Edited(const Job& job, void (*edit)(json::object&)) {
  json::parse_options options;
  options.allow_invalid_utf8 = true;
  boost::system::error_code ec;
  json::value v = json::parse(EncodeJob(job), ec, {}, options);
  EXPECT_FALSE(ec) << ec.message();
  edit(v.get_object());
  return json::serialize(v);
}

TEST(JobCodecTest, FullJobRoundTrips) {
  Job job = FullJob();
  core::Result<Job> decoded = DecodeJob(EncodeJob(job));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  ExpectSameStoredFields(job, *decoded);
  EXPECT_EQ(decoded->progress, render::Progress());
  EXPECT_EQ(EncodeJob(*decoded), EncodeJob(job));
}

TEST(JobCodecTest, MinimalJobRoundTripsWithOptionalsUnset) {
  Job job;
  job.id = "x";
  core::Result<Job> decoded = DecodeJob(EncodeJob(job));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  ExpectSameStoredFields(job, *decoded);
  EXPECT_FALSE(decoded->request->scene.has_value());
  EXPECT_FALSE(decoded->request->format.has_value());
  EXPECT_FALSE(decoded->request->fps.has_value());
  EXPECT_FALSE(decoded->request->resolution.has_value());
  EXPECT_FALSE(decoded->error.has_value());
}

TEST(JobCodecTest, EveryStatusAndErrorKindRoundTrips) {
  Job job = FullJob();
  for (JobStatus s : {JobStatus::kQueued, JobStatus::kRunning, JobStatus::kUploading,
                      JobStatus::kSucceeded, JobStatus::kFailed, JobStatus::kCancelled}) {
    job.status = s;
    EXPECT_EQ(DecodeJob(EncodeJob(job))->status, s);
  }
  for (int k = 0; k <= static_cast<int>(render::ErrorKind::kInternal); ++k) {
    job.error->kind = static_cast<render::ErrorKind>(k);
    EXPECT_EQ(DecodeJob(EncodeJob(job))->error->kind, job.error->kind);
  }
}

TEST(JobCodecTest, MalformedJsonIsInvalidArgument) {
  for (std::string_view text : {"", "{", "not json", "[1,2]", "42", "{\"id\":\"x\",}"}) {
    core::Result<Job> r = DecodeJob(text);
    EXPECT_EQ(r.status().code(), core::Code::kInvalidArgument) << text;
  }
}

TEST(JobCodecTest, BadFieldsAreNamed) {
  struct Case {
    void (*edit)(json::object&);
    const char* field;
  };
  const Case cases[] = {
      {[](json::object& o) { o["status"] = "sleeping"; }, "field status: "},
      {[](json::object& o) { o["request"].get_object()["quality"] = "ultra"; },
       "field request.quality: "},
      {[](json::object& o) { o["request"].get_object()["format"] = "avi"; },
       "field request.format: "},
      {[](json::object& o) { o["request"].get_object()["fps"] = 1e100; }, "field request.fps: "},
      {[](json::object& o) {
         o["request"].get_object()["resolution"] = {{"width", 2}};
       },
       "field request.resolution.height: "},
      {[](json::object& o) { o["error"].get_object()["kind"] = "oops"; }, "field error.kind: "},
      {[](json::object& o) { o.erase("created_ms"); }, "field created_ms: missing"},
      {[](json::object& o) { o.erase("request"); }, "field request: missing"},
      {[](json::object& o) { o["seq"] = "7"; }, "field seq: must be"},
      {[](json::object& o) { o["sync"] = 1; }, "field sync: must be"},
  };
  for (const Case& c : cases) {
    core::Result<Job> r = DecodeJob(Edited(FullJob(), c.edit));
    EXPECT_EQ(r.status().code(), core::Code::kInvalidArgument) << c.field;
    EXPECT_NE(r.status().message().find(c.field), std::string::npos) << r.status().message();
  }
}

}  // namespace
}  // namespace manimd::jobs
