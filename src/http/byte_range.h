// The Range request header (RFC 9110 §14) for one byte range; anything fancier (several
// ranges) is answered with the whole file, which the RFC allows.
#pragma once

#include <cstdint>
#include <string_view>

namespace manimd::http {

struct ByteRange {
  enum class Kind {
    kWhole,          // no usable Range header: send everything, 200
    kPartial,        // send [first, last], 206
    kUnsatisfiable,  // 416 with "Content-Range: bytes */size"
  };
  Kind kind = Kind::kWhole;
  std::uint64_t first = 0;
  std::uint64_t last = 0;  // inclusive
};

// Interprets `header` ("bytes=0-99", "bytes=100-", "bytes=-500") against a file of `size`
// bytes. A malformed header or another unit is ignored (kWhole), as RFC 9110 says.
ByteRange ParseByteRange(std::string_view header, std::uint64_t size);

}  // namespace manimd::http
