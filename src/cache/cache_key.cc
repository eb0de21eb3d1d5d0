// Length-prefixed fields into one SHA-256: "5:hello" cannot be confused with a field
// boundary elsewhere, whatever bytes the code holds.
#include "cache/cache_key.h"

#include <openssl/sha.h>

namespace manimd::cache {
namespace {

void Add(std::string* out, std::string_view field) {
  out->append(std::to_string(field.size()));
  out->push_back(':');
  out->append(field);
}

}  // namespace

bool Cacheable(const render::RenderRequest& request) {
  return !request.dry_run && request.code.find("random") == std::string::npos;
}

std::string CacheKey(const render::RenderRequest& r, std::string_view runtime_key,
                     std::string_view scope) {
  std::string text;
  Add(&text, "manimd-render-" + std::to_string(kRenderVersion));
  Add(&text, runtime_key);
  Add(&text, scope);
  Add(&text, r.code);
  Add(&text, r.scene ? "scene=" + *r.scene : "first");
  Add(&text, std::string(1, render::QualityLetter(r.quality)));
  Add(&text, render::FormatName(render::EffectiveFormat(r)));
  Add(&text, r.fps ? std::to_string(*r.fps) : "");
  Add(&text, r.resolution
                 ? std::to_string(r.resolution->width) + "," + std::to_string(r.resolution->height)
                 : "");
  Add(&text, r.transparent ? "transparent" : "opaque");
  Add(&text, render::CompatName(r.compat));
  Add(&text, render::WantsPoster(r) ? std::string("poster=") + render::PosterName(r.poster) : "");
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char b : digest) {
    hex += kHex[b >> 4];
    hex += kHex[b & 15];
  }
  return hex;
}

}  // namespace manimd::cache
