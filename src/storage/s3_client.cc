// libcurl does the HTTP (loaded on first use, curl_loader.h); signing is ours (sigv4.h),
// since curl 7.88's own SigV4 has signing bugs and cannot presign. Bodies from files are streamed
// with pread, so memory stays constant whatever the file size.
#include "storage/s3_client.h"

#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <random>
#include <thread>

#include "storage/curl_loader.h"
#include "storage/s3_xml.h"

namespace manimd::storage {
namespace {

struct Upload {
  int fd;
  std::uint64_t offset;
  std::uint64_t left;
};

size_t ReadBody(char* buffer, size_t size, size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  size_t want = static_cast<size_t>(std::min<std::uint64_t>(size * count, up->left));
  if (want == 0) return 0;
  ssize_t got = pread(up->fd, buffer, want, static_cast<off_t>(up->offset));
  if (got <= 0) return CURL_READFUNC_ABORT;
  up->offset += static_cast<std::uint64_t>(got);
  up->left -= static_cast<std::uint64_t>(got);
  return static_cast<size_t>(got);
}

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  if (body->size() < (1 << 20)) body->append(data, size * count);  // answers are small
  return size * count;
}

// A GET's body streamed to a file (Storage::Get), however large.
struct Download {
  int fd;
  std::uint64_t offset = 0;
};

size_t WriteToFile(char* data, size_t size, size_t count, void* user) {
  auto* down = static_cast<Download*>(user);
  size_t left = size * count;
  while (left > 0) {
    ssize_t put = pwrite(down->fd, data, left, static_cast<off_t>(down->offset));
    if (put <= 0) return 0;  // curl then fails the transfer (CURLE_WRITE_ERROR)
    data += put;
    left -= static_cast<size_t>(put);
    down->offset += static_cast<std::uint64_t>(put);
  }
  return size * count;
}

size_t ReadHeader(char* data, size_t size, size_t count, void* user) {
  std::string_view line(data, size * count);
  constexpr std::string_view kEtag = "etag:";
  if (line.size() > kEtag.size()) {
    std::string lower(line.substr(0, kEtag.size()));
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == kEtag) {
      std::string_view v = line.substr(kEtag.size());
      while (!v.empty() && (v.front() == ' ')) v.remove_prefix(1);
      while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) {
        v.remove_suffix(1);
      }
      *static_cast<std::string*>(user) = std::string(v);
    }
  }
  return size * count;
}

}  // namespace

S3Client::S3Client(S3Options options) : options_(std::move(options)) {
  if (options_.endpoint.empty()) {
    scheme_ = "https";
    host_ = options_.bucket + ".s3." + options_.region + ".amazonaws.com";
  } else {
    std::string e = options_.endpoint;
    size_t sep = e.find("://");
    scheme_ = sep == std::string::npos ? "http" : e.substr(0, sep);
    host_ = sep == std::string::npos ? e : e.substr(sep + 3);
    while (!host_.empty() && host_.back() == '/') host_.pop_back();
    path_prefix_ = "/" + options_.bucket;
  }
}

SignedRequest S3Client::Describe(const S3Call& call) const {
  SignedRequest r;
  r.method = call.method;
  r.host = host_;
  r.path = path_prefix_ + "/" + call.key;
  r.query = call.query;
  r.headers = call.headers;
  return r;
}

core::Result<HeaderList> S3Client::SignedHeaders(const S3Call& call, SignedRequest* request) const {
  if (call.body.fd >= 0) {
    core::Result<std::string> hash =
        Sha256HexOfFileRange(call.body.fd, call.body.offset, call.body.length);
    if (!hash.ok()) return hash.status().WithContext("reading the upload");
    request->payload_sha256 = *hash;
  } else {
    request->payload_sha256 = Sha256Hex(call.body.text);
  }
  HeaderList sent = request->headers;
  for (auto& h : SignHeaders(*request, options_.credentials, options_.region, std::time(nullptr))) {
    sent.push_back(std::move(h));
  }
  return sent;
}

std::string S3Client::UrlOf(const SignedRequest& request) const {
  std::string url = scheme_ + "://" + host_ + UriEncode(request.path, true);
  for (size_t i = 0; i < request.query.size(); ++i) {
    url += (i == 0 ? "?" : "&") + UriEncode(request.query[i].first, false);
    if (!request.query[i].second.empty()) url += "=" + UriEncode(request.query[i].second, false);
  }
  return url;
}

S3Reply S3Client::SendOnce(const S3Call& call) const {
  SignedRequest request = Describe(call);
  S3Reply reply;
  core::Result<HeaderList> sent = SignedHeaders(call, &request);
  if (!sent.ok()) {
    reply.transport_error = sent.status().message();
    return reply;
  }
  core::Result<const CurlApi*> api = LoadCurl();
  if (!api.ok()) {
    reply.transport_error = api.status().message();
    return reply;
  }
  const CurlApi& c = **api;
  CURL* curl = c.easy_init();
  if (curl == nullptr) {
    reply.transport_error = "curl_easy_init failed";
    return reply;
  }
  std::string url = UrlOf(request);
  curl_slist* headers = nullptr;
  headers = c.slist_append(headers, ("Host: " + host_).c_str());
  headers = c.slist_append(headers, "Expect:");  // no 100-continue round trip
  for (const auto& [name, value] : *sent) {
    headers = c.slist_append(headers, (name + ": " + value).c_str());
  }
  Upload upload{call.body.fd, call.body.offset, call.body.length};
  c.easy_setopt(curl, CURLOPT_URL, url.c_str());
  c.easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  c.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  c.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
  c.easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count() * 1000));
  Download download{call.download_fd};
  if (call.download_fd >= 0) {
    // Every attempt starts the file afresh.
    if (ftruncate(call.download_fd, 0) != 0) reply.transport_error = "truncating the download";
    c.easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteToFile);
    c.easy_setopt(curl, CURLOPT_WRITEDATA, &download);
  } else {
    c.easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteBody);
    c.easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
  }
  c.easy_setopt(curl, CURLOPT_HEADERFUNCTION, ReadHeader);
  c.easy_setopt(curl, CURLOPT_HEADERDATA, &reply.etag);
  if (call.body.fd >= 0) {
    c.easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    c.easy_setopt(curl, CURLOPT_READFUNCTION, ReadBody);
    c.easy_setopt(curl, CURLOPT_READDATA, &upload);
    c.easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(call.body.length));
    c.easy_setopt(curl, CURLOPT_UPLOAD_BUFFERSIZE, 512L * 1024);
  } else if (call.method == "POST" || call.method == "PUT") {
    c.easy_setopt(curl, CURLOPT_POSTFIELDS, call.body.text.c_str());
    c.easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                  static_cast<curl_off_t>(call.body.text.size()));
  }
  if (call.method == "HEAD") c.easy_setopt(curl, CURLOPT_NOBODY, 1L);
  if (call.method != "GET" && call.method != "HEAD" && call.method != "POST") {
    c.easy_setopt(curl, CURLOPT_CUSTOMREQUEST, call.method.c_str());
  }
  CURLcode rc = c.easy_perform(curl);
  if (rc == CURLE_OK) {
    long status = 0;
    c.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    reply.http_status = static_cast<int>(status);
  } else {
    reply.transport_error = c.easy_strerror(rc);
  }
  c.slist_free_all(headers);
  c.easy_cleanup(curl);
  if (!reply.ok() && reply.http_status != 0 && call.download_fd >= 0) {
    // An error's body (S3's XML) went to the file: read it back for its code.
    std::string text(std::min<std::uint64_t>(download.offset, 1 << 16), '\0');
    ssize_t got = pread(call.download_fd, text.data(), text.size(), 0);
    reply.body = text.substr(0, got > 0 ? static_cast<size_t>(got) : 0);
  }
  if (!reply.ok() && reply.http_status != 0) {
    reply.code = XmlText(reply.body, "Code").value_or("");
    reply.message = XmlText(reply.body, "Message").value_or("");
  }
  return reply;
}

bool S3Client::IsTransient(const S3Reply& reply) {
  if (reply.http_status == 0) return true;  // no answer: refused, reset, timed out
  if (reply.http_status >= 500 || reply.http_status == 429) return true;
  return reply.code == "SlowDown" || reply.code == "RequestTimeout" ||
         reply.code == "InternalError" || reply.code == "ServiceUnavailable";
}

core::Result<S3Reply> S3Client::Send(const S3Call& call, const std::string& what) const {
  thread_local std::mt19937 rng{std::random_device{}()};
  S3Reply reply;
  for (int attempt = 1;; ++attempt) {
    reply = SendOnce(call);
    if (reply.ok()) return reply;
    if (!IsTransient(reply) || attempt >= options_.max_attempts) break;
    // Full jitter (AWS's advice): sleep a random time up to the doubled ceiling.
    auto ceiling = std::min(options_.max_backoff, options_.base_backoff * (1 << (attempt - 1)));
    std::uniform_int_distribution<long> pick(0, ceiling.count());
    std::this_thread::sleep_for(std::chrono::milliseconds(pick(rng)));
  }
  std::string detail = reply.http_status == 0
                           ? reply.transport_error
                           : "HTTP " + std::to_string(reply.http_status) +
                                 (reply.code.empty() ? "" : " " + reply.code) +
                                 (reply.message.empty() ? "" : ": " + reply.message);
  std::string message = what + ": " + detail;
  if (reply.code == "NoSuchBucket" || reply.code == "NoSuchKey") return core::NotFound(message);
  if (IsTransient(reply)) {
    return core::Unavailable(message + " (after " + std::to_string(options_.max_attempts) +
                             " attempts)");
  }
  return core::Internal(message);
}

std::string S3Client::PresignGet(const std::string& key, int expires_s) const {
  S3Call call{"GET", key, {}, {}, {}};
  return PresignUrl(scheme_, Describe(call), options_.credentials, options_.region,
                    std::time(nullptr), expires_s);
}

}  // namespace manimd::storage
