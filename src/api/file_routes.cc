// GET /files/{key}: local storage's objects, with single byte ranges (video players seek
// with them), validators for caching, and no way out of the storage directory.
#include <sys/stat.h>

#include <ctime>

#include "api/api.h"
#include "api/error_reply.h"
#include "http/byte_range.h"
#include "storage/object_key.h"

namespace manimd::api {
namespace {

namespace beast_http = http::beast_http;
using beast_http::status;

std::string HttpDate(std::time_t t) {
  char buf[64];
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

std::string_view Extension(std::string_view key) {
  size_t dot = key.rfind('.');
  size_t slash = key.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return "";
  return key.substr(dot + 1);
}

http::Response ServeFile(const ApiDeps& deps, const http::Exchange& ex) {
  const std::string& key = ex.params.at("key");
  core::Result<core::UniqueFd> fd = deps.local_files->OpenObject(key);
  if (!fd.ok()) {
    return StatusReply(fd.status().code() == core::Code::kNotFound
                           ? core::NotFound("no file " + key)
                           : fd.status());
  }
  struct stat st {};
  fstat(fd->get(), &st);
  auto size = static_cast<std::uint64_t>(st.st_size);
  std::string etag = "\"" + std::to_string(st.st_size) + "-" + std::to_string(st.st_mtime) + "\"";
  if (ex.request[beast_http::field::if_none_match] == etag) {
    http::StringResponse res{status::not_modified, 11};
    res.set(beast_http::field::etag, etag);
    return res;
  }
  http::ByteRange range = http::ParseByteRange(ex.request[beast_http::field::range], size);
  // If-Range: only honour the range when the client's copy is this version.
  std::string_view if_range = ex.request[beast_http::field::if_range];
  if (!if_range.empty() && if_range != etag) range = {};
  if (range.kind == http::ByteRange::Kind::kUnsatisfiable) {
    return RangeNotSatisfiableReply(ex.request[beast_http::field::range], size);
  }
  std::uint64_t first = range.kind == http::ByteRange::Kind::kPartial ? range.first : 0;
  std::uint64_t length =
      range.kind == http::ByteRange::Kind::kPartial ? range.last - first + 1 : size;
  http::FileResponse res{
      range.kind == http::ByteRange::Kind::kPartial ? status::partial_content : status::ok, 11};
  boost::beast::error_code ec;
  res.body().reset(http::FileRange(std::move(*fd), first, length), ec);
  res.set(beast_http::field::content_type, storage::ContentTypeFor(Extension(key)));
  res.set(beast_http::field::accept_ranges, "bytes");
  // Browsers must take the Content-Type as given, never sniff a page out of a video.
  res.set("X-Content-Type-Options", "nosniff");
  res.set(beast_http::field::etag, etag);
  res.set(beast_http::field::last_modified, HttpDate(st.st_mtime));
  // Keys are unique per render, so an object never changes.
  res.set(beast_http::field::cache_control, "public, max-age=31536000, immutable");
  if (range.kind == http::ByteRange::Kind::kPartial) {
    res.set(beast_http::field::content_range, "bytes " + std::to_string(first) + "-" +
                                                  std::to_string(range.last) + "/" +
                                                  std::to_string(size));
  }
  res.content_length(length);
  return res;
}

boost::asio::awaitable<http::Response> FileHandler(const ApiDeps& deps, http::Exchange& ex) {
  co_return ServeFile(deps, ex);
}

}  // namespace

void AddFileRoutes(const ApiDeps& deps, http::Router* router) {
  if (deps.local_files == nullptr) return;  // S3 serves its own objects
  router->Add(beast_http::verb::get, "/files/{key...}",
              [&deps](http::Exchange& ex) { return FileHandler(deps, ex); });
}

}  // namespace manimd::api
