// Documents compiled into the binary (cmake/embed_text.cmake), so it serves them without
// files beside it: the playground page (web/dist/playground.html, built from web/src) and
// the API's description (docs/openapi.yaml).
#pragma once

namespace manimd::api {
extern const char* const kPlaygroundPage;   // one self-contained HTML document
extern const char* const kOpenApiDocument;  // OpenAPI 3.0, YAML
}  // namespace manimd::api
