// The documents compiled into the binary: GET / (the playground page, a single HTML file
// with its script and style inline: web/README.md; PLAYGROUND=off leaves the route out,
// so / answers 404) and GET /openapi.yaml (this API's description). HEAD too.
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "api/api.h"
#include "api/embedded_docs.h"

namespace manimd::api {
namespace {

namespace beast_http = http::beast_http;

// The page's script and style are inline and fetch nothing else; it talks to the API on
// its own origin; rendered files come from /files/ here or, with S3 storage, from
// presigned https: URLs on a host not known in advance. No framing, no form posts.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "connect-src 'self'; img-src 'self' blob: data: https:; media-src 'self' blob: data: https:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// The page is fixed at build time, so a hash of its bytes is its version: browsers
// revalidate (no-cache) and get 304 until the binary changes.
std::string PageEtag(std::string_view page) {
  std::uint64_t h = 14695981039346656037ULL;  // FNV-1a
  for (unsigned char c : page) h = (h ^ c) * 1099511628211ULL;
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
  return buf;
}

// One document, revalidated by its ETag; `page` must live for the process's life.
http::Response ServeDocument(const http::Exchange& ex, std::string_view page,
                             const std::string& etag, const char* content_type) {
  bool fresh = ex.request[beast_http::field::if_none_match] == etag;
  http::StringResponse res{fresh ? beast_http::status::not_modified : beast_http::status::ok, 11};
  res.set(beast_http::field::etag, etag);
  res.set(beast_http::field::cache_control, "no-cache");
  if (fresh) return res;
  res.set(beast_http::field::content_type, content_type);
  res.set("Content-Security-Policy", kContentSecurityPolicy);
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.body() = page;
  res.prepare_payload();
  return res;
}

http::Response ServePage(const http::Exchange& ex) {
  static const std::string etag = PageEtag(kPlaygroundPage);
  return ServeDocument(ex, kPlaygroundPage, etag, "text/html; charset=utf-8");
}

http::Response ServeOpenApi(const http::Exchange& ex) {
  static const std::string etag = PageEtag(kOpenApiDocument);
  return ServeDocument(ex, kOpenApiDocument, etag, "application/yaml; charset=utf-8");
}

boost::asio::awaitable<http::Response> PageHandler(http::Exchange& ex) { co_return ServePage(ex); }
boost::asio::awaitable<http::Response> OpenApiHandler(http::Exchange& ex) {
  co_return ServeOpenApi(ex);
}

}  // namespace

void AddEmbeddedRoutes(const ApiDeps& deps, http::Router* router) {
  router->Add(beast_http::verb::get, "/openapi.yaml",
              [](http::Exchange& ex) { return OpenApiHandler(ex); });
  if (!deps.config->playground) return;
  router->Add(beast_http::verb::get, "/", [](http::Exchange& ex) { return PageHandler(ex); });
}

}  // namespace manimd::api
