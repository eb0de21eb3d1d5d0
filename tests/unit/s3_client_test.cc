#include "storage/s3_client.h"

#include <gtest/gtest.h>

#include "storage/s3_xml.h"

namespace manimd::storage {
namespace {

TEST(S3XmlTest, ReadsTheFirstElementAndDecodesEntities) {
  std::string xml =
      "<?xml version=\"1.0\"?><Error><Code>NoSuchBucket</Code><Message>a &lt;b&gt; &amp; "
      "&quot;c&quot;</Message></Error>";
  EXPECT_EQ(XmlText(xml, "Code"), "NoSuchBucket");
  EXPECT_EQ(XmlText(xml, "Message"), "a <b> & \"c\"");
  EXPECT_EQ(XmlText(xml, "UploadId"), std::nullopt);
  EXPECT_EQ(XmlText("<Code>open", "Code"), std::nullopt);
  EXPECT_EQ(XmlEscape("\"e\"&<x>'"), "&quot;e&quot;&amp;&lt;x&gt;&apos;");
}

TEST(S3ClientTest, OnlyTransientFailuresAreRetried) {
  auto reply = [](int status, const char* code) {
    S3Reply r;
    r.http_status = status;
    r.code = code;
    return r;
  };
  EXPECT_TRUE(S3Client::IsTransient(reply(0, "")));  // no answer at all
  EXPECT_TRUE(S3Client::IsTransient(reply(500, "InternalError")));
  EXPECT_TRUE(S3Client::IsTransient(reply(503, "SlowDown")));
  EXPECT_TRUE(S3Client::IsTransient(reply(429, "")));
  EXPECT_TRUE(S3Client::IsTransient(reply(400, "RequestTimeout")));
  EXPECT_FALSE(S3Client::IsTransient(reply(403, "AccessDenied")));
  EXPECT_FALSE(S3Client::IsTransient(reply(403, "SignatureDoesNotMatch")));
  EXPECT_FALSE(S3Client::IsTransient(reply(404, "NoSuchBucket")));
}

TEST(S3ClientTest, PermanentFailuresAreNotRetriedAndNameS3sCode) {
  S3Options o;
  o.bucket = "b";
  o.endpoint = "http://127.0.0.1:1";  // nothing listens: transient, retried to the end
  o.max_attempts = 3;
  o.base_backoff = std::chrono::milliseconds(1);
  S3Client client(o);
  core::Result<S3Reply> r = client.Send({"HEAD", "k", {}, {}, {}}, "checking k");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), core::Code::kUnavailable);
  EXPECT_NE(r.status().message().find("after 3 attempts"), std::string::npos)
      << r.status().message();
  EXPECT_EQ(r.status().message().rfind("checking k: ", 0), 0u);
}

TEST(S3ClientTest, AddressingFollowsTheEndpoint) {
  S3Options aws;
  aws.bucket = "my-bucket";
  aws.region = "eu-west-1";
  aws.credentials = {"AKID", "SECRET", ""};
  std::string url = S3Client(aws).PresignGet("videos/u/A.mp4", 60);
  EXPECT_EQ(url.rfind("https://my-bucket.s3.eu-west-1.amazonaws.com/videos/u/A.mp4?", 0), 0u)
      << url;
  S3Options local = aws;
  local.endpoint = "http://127.0.0.1:9000/";
  url = S3Client(local).PresignGet("videos/u/A.mp4", 60);
  EXPECT_EQ(url.rfind("http://127.0.0.1:9000/my-bucket/videos/u/A.mp4?", 0), 0u) << url;
  EXPECT_NE(url.find("X-Amz-Expires=60&"), std::string::npos);
}

}  // namespace
}  // namespace manimd::storage
