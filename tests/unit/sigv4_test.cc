// SigV4 byte for byte against AWS's published S3 examples and against URLs and headers that
// botocore produced at fixed times, plus the encoding and hashing helpers.
#include "storage/sigv4.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace manimd::storage {
namespace {

// The credentials and time of AWS's examples (docs.aws.amazon.com/AmazonS3/latest/API/
// sig-v4-header-based-auth.html and sigv4-query-string-auth.html).
const AwsCredentials kAwsExample = {"AKIAIOSFODNN7EXAMPLE",
                                    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
constexpr std::time_t kAwsExampleTime = 1369353600;  // 20130524T000000Z
constexpr char kExampleHost[] = "examplebucket.s3.amazonaws.com";
constexpr char kExampleScope[] = "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request";

std::string ExpectedAuthorization(const std::string& signed_headers, const std::string& signature) {
  return std::string("AWS4-HMAC-SHA256 Credential=") + kExampleScope +
         ", SignedHeaders=" + signed_headers + ", Signature=" + signature;
}

// The request as CanonicalRequest sees it once SignHeaders has added its headers.
SignedRequest WithSigningHeaders(SignedRequest request) {
  request.headers.emplace_back("x-amz-content-sha256", request.payload_sha256.empty()
                                                           ? kEmptySha256
                                                           : request.payload_sha256);
  request.headers.emplace_back("x-amz-date", "20130524T000000Z");
  return request;
}

TEST(SigV4AwsExampleTest, GetObjectWithRange) {
  SignedRequest request{"GET", kExampleHost, "/test.txt", {}, {{"Range", "bytes=0-9"}}, ""};
  std::string canonical = CanonicalRequest(WithSigningHeaders(request));
  EXPECT_EQ(
      canonical,
      "GET\n/test.txt\n\n"
      "host:examplebucket.s3.amazonaws.com\n"
      "range:bytes=0-9\n"
      "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
      "x-amz-date:20130524T000000Z\n\n"
      "host;range;x-amz-content-sha256;x-amz-date\n"
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(StringToSign(canonical, "us-east-1", kAwsExampleTime),
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  HeaderList expected = {
      {"x-amz-date", "20130524T000000Z"},
      {"x-amz-content-sha256", kEmptySha256},
      {"authorization",
       ExpectedAuthorization("host;range;x-amz-content-sha256;x-amz-date",
                             "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")}};
  EXPECT_EQ(SignHeaders(request, kAwsExample, "us-east-1", kAwsExampleTime), expected);
}

TEST(SigV4AwsExampleTest, PutObjectWithStorageClass) {
  std::string payload = Sha256Hex("Welcome to Amazon S3.");
  ASSERT_EQ(payload, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  SignedRequest request{
      "PUT",
      kExampleHost,
      "/test$file.text",
      {},
      {{"Date", "Fri, 24 May 2013 00:00:00 GMT"}, {"x-amz-storage-class", "REDUCED_REDUNDANCY"}},
      payload};
  std::string canonical = CanonicalRequest(WithSigningHeaders(request));
  EXPECT_EQ(canonical,
            "PUT\n/test%24file.text\n\n"
            "date:Fri, 24 May 2013 00:00:00 GMT\n"
            "host:examplebucket.s3.amazonaws.com\n"
            "x-amz-content-sha256:" +
                payload +
                "\n"
                "x-amz-date:20130524T000000Z\n"
                "x-amz-storage-class:REDUCED_REDUNDANCY\n\n"
                "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class\n" +
                payload);
  EXPECT_EQ(StringToSign(canonical, "us-east-1", kAwsExampleTime),
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d");
  HeaderList headers = SignHeaders(request, kAwsExample, "us-east-1", kAwsExampleTime);
  ASSERT_EQ(headers.size(), 3u);
  EXPECT_EQ(headers[1].second, payload);
  EXPECT_EQ(
      headers[2].second,
      ExpectedAuthorization("date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
                            "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"));
}

TEST(SigV4AwsExampleTest, GetBucketLifecycle) {
  SignedRequest request{"GET", kExampleHost, "/", {{"lifecycle", ""}}, {}, ""};
  std::string canonical = CanonicalRequest(WithSigningHeaders(request));
  EXPECT_EQ(
      canonical,
      "GET\n/\nlifecycle=\n"
      "host:examplebucket.s3.amazonaws.com\n"
      "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
      "x-amz-date:20130524T000000Z\n\n"
      "host;x-amz-content-sha256;x-amz-date\n"
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(StringToSign(canonical, "us-east-1", kAwsExampleTime),
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca");
  EXPECT_EQ(
      SignHeaders(request, kAwsExample, "us-east-1", kAwsExampleTime)[2].second,
      ExpectedAuthorization("host;x-amz-content-sha256;x-amz-date",
                            "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"));
}

TEST(SigV4AwsExampleTest, ListObjectsSortsTheQuery) {
  // Given out of order; the canonical query is sorted by name.
  SignedRequest request{"GET", kExampleHost, "/", {{"prefix", "J"}, {"max-keys", "2"}}, {}, ""};
  std::string canonical = CanonicalRequest(WithSigningHeaders(request));
  EXPECT_EQ(
      canonical,
      "GET\n/\nmax-keys=2&prefix=J\n"
      "host:examplebucket.s3.amazonaws.com\n"
      "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
      "x-amz-date:20130524T000000Z\n\n"
      "host;x-amz-content-sha256;x-amz-date\n"
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(StringToSign(canonical, "us-east-1", kAwsExampleTime),
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "df57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7");
  EXPECT_EQ(
      SignHeaders(request, kAwsExample, "us-east-1", kAwsExampleTime)[2].second,
      ExpectedAuthorization("host;x-amz-content-sha256;x-amz-date",
                            "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"));
}

TEST(SigV4AwsExampleTest, PresignedGetObject) {
  SignedRequest request{"GET", kExampleHost, "/test.txt", {}, {}, ""};
  std::string query =
      "X-Amz-Algorithm=AWS4-HMAC-SHA256"
      "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
      "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host";
  SignedRequest as_signed = request;
  as_signed.query = {{"X-Amz-Algorithm", "AWS4-HMAC-SHA256"},
                     {"X-Amz-Credential", kExampleScope},
                     {"X-Amz-Date", "20130524T000000Z"},
                     {"X-Amz-Expires", "86400"},
                     {"X-Amz-SignedHeaders", "host"}};
  as_signed.payload_sha256 = kUnsignedPayload;
  std::string canonical = CanonicalRequest(as_signed);
  EXPECT_EQ(canonical, "GET\n/test.txt\n" + query +
                           "\nhost:examplebucket.s3.amazonaws.com\n\nhost\nUNSIGNED-PAYLOAD");
  EXPECT_EQ(StringToSign(canonical, "us-east-1", kAwsExampleTime),
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04");
  EXPECT_EQ(
      PresignUrl("https", request, kAwsExample, "us-east-1", kAwsExampleTime, 86400),
      "https://examplebucket.s3.amazonaws.com/test.txt?" + query +
          "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

// Expected values below were produced by botocore 1.43.11 at a frozen time:
//   T = datetime.datetime(2024, 3, 1, 12, 34, 56)
//   c = botocore.session.get_session().create_client("s3", region_name=R,
//       aws_access_key_id=AK, aws_secret_access_key=SK, aws_session_token=TOKEN,
//       endpoint_url=E, config=Config(signature_version="s3v4",
//                                     s3={"addressing_style": STYLE}))
//   with mock.patch("botocore.auth.get_current_datetime", return_value=T):
//     c.generate_presigned_url("get_object", ExpiresIn=X, Params={"Bucket": B, "Key": K})
// and for headers, under the same patch:
//   req = AWSRequest(method="PUT", url="http://127.0.0.1:9000/bucket/videos/x/A%20B.mp4",
//                    data=b"hello video", headers={"Content-Type": "video/mp4"})
//   S3SigV4Auth(Credentials(AK, SK, "tok/en+1="), "s3", "us-east-1").add_auth(req)
constexpr std::time_t kBotocoreTime = 1709296496;  // 20240301T123456Z

TEST(SigV4BotocoreTest, PresignVirtualHostedWithSessionTokenAndUnicodeKey) {
  AwsCredentials credentials = kAwsExample;
  credentials.session_token = "FwoGZXIvYXdzEJr//////////wEaDK+tok=n/a";
  SignedRequest request{
      "GET", "my-bucket.s3.eu-west-1.amazonaws.com", "/videos/ä b/Scène 1.mp4", {}, {}, ""};
  EXPECT_EQ(PresignUrl("https", request, credentials, "eu-west-1", kBotocoreTime, 900),
            "https://my-bucket.s3.eu-west-1.amazonaws.com/videos/%C3%A4%20b/Sc%C3%A8ne%201.mp4"
            "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240301%2Feu-west-1%2Fs3%2Faws4_request"
            "&X-Amz-Date=20240301T123456Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host"
            "&X-Amz-Security-Token=FwoGZXIvYXdzEJr%2F%2F%2F%2F%2F%2F%2F%2F%2F%2FwEaDK%2Btok%3Dn%2Fa"
            "&X-Amz-Signature=6a8fe7dac9b335a09ed023b5f3a08439f6f9ff3cc44ee73d277ee1b715ca2d9e");
}

TEST(SigV4BotocoreTest, PresignPathStyleLocalServer) {
  SignedRequest request{"GET", "127.0.0.1:9000", "/bucket/videos/x/A.mp4", {}, {}, ""};
  EXPECT_EQ(PresignUrl("http", request, kAwsExample, "us-east-1", kBotocoreTime, 3600),
            "http://127.0.0.1:9000/bucket/videos/x/A.mp4"
            "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240301%2Fus-east-1%2Fs3%2Faws4_request"
            "&X-Amz-Date=20240301T123456Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host"
            "&X-Amz-Signature=e9323e33e29a830068c7cd34cdbed8608da6d614a866cde5fb58d3708393935d");
}

TEST(SigV4BotocoreTest, PresignWithResponseContentDisposition) {
  // Params also had ResponseContentDisposition='attachment; filename="Scène 1.mp4"'.
  SignedRequest request{"GET",
                        "127.0.0.1:9000",
                        "/bucket/videos/x/A.mp4",
                        {{"response-content-disposition", "attachment; filename=\"Scène 1.mp4\""}},
                        {},
                        ""};
  EXPECT_EQ(PresignUrl("http", request, kAwsExample, "us-east-1", kBotocoreTime, 60),
            "http://127.0.0.1:9000/bucket/videos/x/A.mp4"
            "?response-content-disposition=attachment%3B%20filename%3D%22Sc%C3%A8ne%201.mp4%22"
            "&X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240301%2Fus-east-1%2Fs3%2Faws4_request"
            "&X-Amz-Date=20240301T123456Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host"
            "&X-Amz-Signature=ff87e9cd44ad034b2513069c77c4ca95fadac782ca68fc7daa678228de691a6b");
}

TEST(SigV4BotocoreTest, SignHeadersForPutWithSessionToken) {
  AwsCredentials credentials = kAwsExample;
  credentials.session_token = "tok/en+1=";
  std::string payload = Sha256Hex("hello video");
  ASSERT_EQ(payload, "ac8abc587fd48b3bb8d48c5b4e6d2650d231276d97c1d25054b3e8a8859817e1");
  SignedRequest request{
      "PUT",  "127.0.0.1:9000", "/bucket/videos/x/A B.mp4", {}, {{"Content-Type", "video/mp4"}},
      payload};
  HeaderList expected = {
      {"x-amz-date", "20240301T123456Z"},
      {"x-amz-content-sha256", payload},
      {"x-amz-security-token", "tok/en+1="},
      {"authorization",
       "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240301/us-east-1/s3/aws4_request, "
       "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, "
       "Signature=8002fe0b40d84f07fb1c85d4a3dd6113dcafb40b7feb44d106a2de40336247f4"}};
  EXPECT_EQ(SignHeaders(request, credentials, "us-east-1", kBotocoreTime), expected);
}

TEST(SigV4Test, PresignClampsTheExpiry) {
  SignedRequest request{"GET", kExampleHost, "/k", {}, {}, ""};
  EXPECT_NE(PresignUrl("https", request, kAwsExample, "us-east-1", 0, 0).find("X-Amz-Expires=1&"),
            std::string::npos);
  EXPECT_NE(PresignUrl("https", request, kAwsExample, "us-east-1", 0, 10'000'000)
                .find("X-Amz-Expires=604800&"),
            std::string::npos);
}

TEST(SigV4Test, CanonicalHeadersAreTrimmedMergedAndSorted) {
  SignedRequest request{"DELETE",
                        "h:9000",
                        "",
                        {{"a", "x/y"}, {"a", "+"}},
                        {{"X-B", "  two   words\there  "}, {"x-a", "1"}, {"X-A", "2"}},
                        kUnsignedPayload};
  EXPECT_EQ(CanonicalRequest(request),
            "DELETE\n/\na=%2B&a=x%2Fy\n"
            "host:h:9000\nx-a:1,2\nx-b:two words here\n\n"
            "host;x-a;x-b\nUNSIGNED-PAYLOAD");
}

TEST(SigV4Test, PathsAreEncodedOnceAndNotNormalized) {
  SignedRequest request{"GET", "h", "/b//./a%2F+b=c", {}, {}, ""};
  EXPECT_EQ(CanonicalRequest(request).substr(0, 25), "GET\n/b//./a%252F%2Bb%3Dc\n");
}

TEST(SigV4Test, UriEncode) {
  EXPECT_EQ(UriEncode("", false), "");
  EXPECT_EQ(UriEncode("AZaz09-._~", false), "AZaz09-._~");
  EXPECT_EQ(UriEncode("a b+c", false), "a%20b%2Bc");
  EXPECT_EQ(UriEncode("a/b", true), "a/b");
  EXPECT_EQ(UriEncode("a/b", false), "a%2Fb");
  EXPECT_EQ(UriEncode("100%", true), "100%25");
  EXPECT_EQ(UriEncode("=&?#*!'()$,;:@", true), "%3D%26%3F%23%2A%21%27%28%29%24%2C%3B%3A%40");
  EXPECT_EQ(UriEncode("ä", true), "%C3%A4");
  EXPECT_EQ(UriEncode(std::string("\0\x7f\xff", 3), true), "%00%7F%FF");
}

TEST(SigV4Test, Sha256Hex) {
  EXPECT_EQ(Sha256Hex(""), kEmptySha256);
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

class SigV4FileRangeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string path = (std::filesystem::temp_directory_path() / "manimd-sigv4-XXXXXX").string();
    fd_ = mkstemp(path.data());
    ASSERT_GE(fd_, 0);
    unlink(path.c_str());
    // Over two 1 MiB chunks of varied bytes, so chunk boundaries are crossed.
    for (size_t i = 0; i < (5u << 19) + 123; ++i) {
      data_ += static_cast<char>((i * 2654435761u) >> 13);
    }
    ASSERT_EQ(write(fd_, data_.data(), data_.size()), static_cast<ssize_t>(data_.size()));
  }
  void TearDown() override { close(fd_); }
  int fd_ = -1;
  std::string data_;
};

TEST_F(SigV4FileRangeTest, MatchesSha256HexOfTheSameBytes) {
  for (auto [offset, length] : {std::pair<uint64_t, uint64_t>{0, data_.size()},
                                {1000, (2u << 20) + 7},
                                {(1u << 20) - 1, 2},
                                {data_.size(), 0},
                                {17, 0}}) {
    core::Result<std::string> hash = Sha256HexOfFileRange(fd_, offset, length);
    ASSERT_TRUE(hash.ok()) << hash.status().ToString();
    EXPECT_EQ(*hash, Sha256Hex(std::string_view(data_).substr(offset, length)))
        << offset << "+" << length;
  }
}

TEST_F(SigV4FileRangeTest, FailsPastTheEndAndOnABadFd) {
  EXPECT_EQ(Sha256HexOfFileRange(fd_, data_.size() - 1, 2).status().code(),
            core::Code::kInvalidArgument);
  EXPECT_EQ(Sha256HexOfFileRange(-1, 0, 1).status().code(), core::Code::kInternal);
}

}  // namespace
}  // namespace manimd::storage
