#include "api/error_reply.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace manimd::api {
namespace {

using render::ErrorKind;

TEST(ErrorReplyTest, EveryStatusCodeHasItsHttpStatus) {
  struct Case {
    core::Status status;
    int http;
    bool retry_after;
  };
  for (const Case& c : {Case{core::NotFound("no job x"), 404, false},
                        Case{core::InvalidArgument("bad"), 400, false},
                        Case{core::Status(core::Code::kConflict, "done"), 409, false},
                        Case{core::Unavailable("queue full"), 503, true},
                        Case{core::Status(core::Code::kDeadlineExceeded, "slow"), 504, false},
                        Case{core::Status(core::Code::kUnauthenticated, "no key"), 401, false},
                        Case{core::Status(core::Code::kResourceExhausted, "slow down"), 429, true},
                        Case{core::Internal("ours"), 500, false}}) {
    http::StringResponse r = StatusReply(c.status, 7);
    EXPECT_EQ(r.result_int(), c.http) << c.status.ToString();
    EXPECT_EQ(r[http::beast_http::field::retry_after] == "7", c.retry_after);
    EXPECT_EQ(boost::json::parse(r.body()).at("message").as_string(), c.status.message());
  }
}

TEST(ErrorReplyTest, UnauthenticatedNamesTheScheme) {
  http::StringResponse r = StatusReply(core::Status(core::Code::kUnauthenticated, "no key"));
  EXPECT_EQ(r[http::beast_http::field::www_authenticate], "Bearer realm=\"manimd\"");
}

TEST(ErrorReplyTest, RateLimitedCarriesRetryAfterAndRateLimitHeaders) {
  auth::RateDecision d{false, 30, 0, 42};
  http::StringResponse r = RateLimitedReply(d);
  EXPECT_EQ(r.result_int(), 429);
  EXPECT_EQ(r[http::beast_http::field::retry_after], "42");
  EXPECT_EQ(r["RateLimit-Limit"], "30");
  EXPECT_EQ(r["RateLimit-Remaining"], "0");
  EXPECT_EQ(r["RateLimit-Reset"], "42");
  EXPECT_NE(boost::json::parse(r.body()).at("message").as_string().find("30 requests a minute"),
            std::string::npos);
}

TEST(ErrorReplyTest, TheScenesFailuresAre422AndOursAreNot) {
  for (ErrorKind kind :
       {ErrorKind::kInvalidCode, ErrorKind::kSceneNotFound, ErrorKind::kPythonError,
        ErrorKind::kLatexError, ErrorKind::kTimeout, ErrorKind::kMemoryLimit,
        ErrorKind::kProcessLimit, ErrorKind::kOutputLimit}) {
    EXPECT_EQ(RenderFailureReply(render::RenderError::Of(kind, "m"), {}).result_int(), 422)
        << render::ErrorKindName(kind);
  }
  http::StringResponse stopped =
      RenderFailureReply(render::RenderError::Of(ErrorKind::kCancelled, "stop"), {});
  EXPECT_EQ(stopped.result_int(), 503);
  EXPECT_FALSE(stopped[http::beast_http::field::retry_after].empty());
  EXPECT_EQ(
      RenderFailureReply(render::RenderError::Of(ErrorKind::kStorageError, "s3"), {}).result_int(),
      502);
  http::StringResponse ours =
      RenderFailureReply(render::RenderError::Of(ErrorKind::kInternal, "bug"), {{"jobId", "j"}});
  EXPECT_EQ(ours.result_int(), 500);
  boost::json::value body = boost::json::parse(ours.body());
  EXPECT_EQ(body.at("jobId").as_string(), "j");
  EXPECT_EQ(body.at("message").as_string(), "the render failed (internal): bug");
}

TEST(ErrorReplyTest, FieldErrorsNameTheirField) {
  boost::json::value body =
      boost::json::parse(FieldErrorReply("limit", "limit must be 1..100").body());
  EXPECT_EQ(body.at("errors").at(0).at("path").at(0).as_string(), "limit");
  http::StringResponse range = RangeNotSatisfiableReply("bytes=99-", 10);
  EXPECT_EQ(range.result_int(), 416);
  EXPECT_EQ(range[http::beast_http::field::content_range], "bytes */10");
}

}  // namespace
}  // namespace manimd::api
