// libFuzzer target: POST /api/render's body parser (JSON, per-field validation, error
// positions). The first byte picks the Content-Type, the rest is the body.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/render_body.h"
#include "core/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr std::string_view kTypes[] = {"application/json", "application/json; charset=x",
                                                "text/plain", "application/problem+json"};
  std::string_view type = kTypes[data[0] % 4];
  std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  manimd::api::BodyOptions options;
  options.max_code_bytes = 4096;
  auto parsed = manimd::api::ParseRenderBody(type, body, options);
  if (const auto* e = std::get_if<manimd::api::BodyError>(&parsed)) {
    // Error messages quote the client's input: they must stay printable JSON strings.
    if (!manimd::core::IsValidUtf8(e->message)) {
      // Boost.JSON rejected invalid UTF-8 before any field was read, so a message can only
      // hold what the parser accepted.
      __builtin_trap();
    }
  }
  return 0;
}
