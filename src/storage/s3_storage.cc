// Uploads: one PUT for small files; for large ones initiate, PUT each part (every part is
// retried on its own), complete, or abort so no orphaned parts are billed.
#include "storage/s3_storage.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "core/unique_fd.h"
#include "storage/s3_xml.h"

namespace manimd::storage {

core::Status S3Storage::Put(const std::string& local_path, const std::string& key,
                            const std::string& content_type) {
  core::UniqueFd fd(open(local_path.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat st {};
  if (!fd.valid() || fstat(fd.get(), &st) != 0) {
    return core::Internal("reading " + local_path + ": " + std::strerror(errno));
  }
  auto size = static_cast<std::uint64_t>(st.st_size);
  core::Status s;
  if (size < options_.multipart_threshold) {
    S3Call call{"PUT", key, {}, {{"content-type", content_type}}, {"", fd.get(), 0, size}};
    core::Result<S3Reply> r = client_.Send(call, "uploading " + key);
    s = r.status();
  } else {
    s = PutMultipart(fd.get(), size, key, content_type);
  }
  if (s.ok()) unlink(local_path.c_str());
  return s;
}

core::Status S3Storage::PutMultipart(int fd, std::uint64_t size, const std::string& key,
                                     const std::string& content_type) {
  core::Result<S3Reply> init =
      client_.Send({"POST", key, {{"uploads", ""}}, {{"content-type", content_type}}, {}},
                   "starting the multipart upload of " + key);
  if (!init.ok()) return init.status();
  std::optional<std::string> upload_id = XmlText(init->body, "UploadId");
  if (!upload_id)
    return core::Internal("starting the multipart upload of " + key + ": no UploadId");
  // S3 allows 10,000 parts: big files get bigger parts.
  std::uint64_t part = std::max(options_.part_size, (size + 9999) / 10000);
  std::string complete = "<CompleteMultipartUpload>";
  core::Status failed;
  int number = 1;
  for (std::uint64_t offset = 0; offset < size; offset += part, ++number) {
    std::uint64_t length = std::min(part, size - offset);
    std::string n = std::to_string(number);
    core::Result<S3Reply> r = client_.Send(
        {"PUT", key, {{"partNumber", n}, {"uploadId", *upload_id}}, {}, {"", fd, offset, length}},
        "uploading part " + n + " of " + key);
    if (!r.ok()) {
      failed = r.status();
      break;
    }
    complete +=
        "<Part><PartNumber>" + n + "</PartNumber><ETag>" + XmlEscape(r->etag) + "</ETag></Part>";
  }
  if (failed.ok()) {
    complete += "</CompleteMultipartUpload>";
    S3Call call{"POST", key, {{"uploadId", *upload_id}}, {{"content-type", "application/xml"}}, {}};
    call.body.text = complete;
    core::Result<S3Reply> r = client_.Send(call, "completing the upload of " + key);
    // S3 may answer 200 and still have failed: the error is then in the body.
    if (r.ok() && XmlText(r->body, "Code")) {
      failed = core::Internal("completing the upload of " + key + ": " +
                              XmlText(r->body, "Code").value_or("") + ": " +
                              XmlText(r->body, "Message").value_or(""));
    } else if (!r.ok()) {
      failed = r.status();
    }
  }
  if (!failed.ok()) {
    // Best effort: parts left behind are invisible but billed.
    (void)client_.Send({"DELETE", key, {{"uploadId", *upload_id}}, {}, {}},
                       "aborting the upload of " + key);
  }
  return failed;
}

core::Result<std::string> S3Storage::Url(const std::string& key) {
  return client_.PresignGet(key, options_.url_expires_s);
}

core::Result<bool> S3Storage::Exists(const std::string& key) {
  // A HEAD answer has no body, so no S3 error code: the status says it.
  S3Reply r = client_.SendOnce({"HEAD", key, {}, {}, {}});
  if (r.ok()) return true;
  if (r.http_status == 404) return false;
  return core::Unavailable(
      "looking for " + key + " in S3: " +
      (r.http_status == 0 ? std::string("no answer") : "HTTP " + std::to_string(r.http_status)));
}

core::Status S3Storage::Get(const std::string& key, const std::string& local_path) {
  core::UniqueFd fd(open(local_path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (!fd.valid()) return core::Internal("creating " + local_path + ": " + std::strerror(errno));
  S3Call call{"GET", key, {}, {}, {}};
  call.download_fd = fd.get();
  core::Result<S3Reply> r = client_.Send(call, "fetching " + key);
  if (!r.ok()) unlink(local_path.c_str());
  return r.status();
}

core::Status S3Storage::Delete(const std::string& key) {
  core::Result<S3Reply> r = client_.Send({"DELETE", key, {}, {}, {}}, "deleting " + key);
  if (!r.ok() && r.status().code() == core::Code::kNotFound) return core::Status::Ok();
  return r.status();
}

core::Status S3Storage::Check() {
  S3Reply r = client_.SendOnce({"HEAD", "", {}, {}, {}});
  const std::string& bucket = options_.s3.bucket;
  std::string where =
      options_.s3.endpoint.empty() ? "AWS S3 (" + options_.s3.region + ")" : options_.s3.endpoint;
  if (r.ok()) return core::Status::Ok();
  if (r.http_status == 0)
    return core::Unavailable("cannot reach " + where + ": " + r.transport_error);
  if (r.http_status == 404)
    return core::Unavailable("bucket " + bucket + " does not exist at " + where);
  if (r.http_status == 403 || r.http_status == 401) {
    return core::Unavailable("access to bucket " + bucket + " at " + where + " is refused (HTTP " +
                             std::to_string(r.http_status) +
                             "): check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_REGION");
  }
  if (r.http_status == 301 || r.http_status == 400) {
    return core::Unavailable("bucket " + bucket + " answered HTTP " +
                             std::to_string(r.http_status) + ": check AWS_REGION (" +
                             options_.s3.region + ")");
  }
  return core::Unavailable("bucket " + bucket + " at " + where + " answered HTTP " +
                           std::to_string(r.http_status));
}

}  // namespace manimd::storage
