// The cache key: equal for equal requests, different when anything that changes the
// output changes, and what may be cached at all.
#include "cache/cache_key.h"

#include <gtest/gtest.h>

#include <functional>
#include <set>

namespace manimd::cache {
namespace {

render::RenderRequest Base() {
  render::RenderRequest r;
  r.code = "from manim import *\nclass A(Scene):\n    def construct(self): pass\n";
  r.quality = render::Quality::kLow;
  return r;
}

TEST(CacheKeyTest, SameInputsSameKey) {
  EXPECT_EQ(CacheKey(Base(), "rt", "key_a"), CacheKey(Base(), "rt", "key_a"));
  EXPECT_EQ(CacheKey(Base(), "rt", "").size(), 64u);
}

TEST(CacheKeyTest, EveryOutputFieldChangesTheKey) {
  std::vector<std::function<void(render::RenderRequest&)>> edits = {
      [](auto& r) { r.code += " "; },
      [](auto& r) { r.scene = "A"; },
      [](auto& r) { r.quality = render::Quality::kMedium; },
      [](auto& r) { r.format = render::Format::kGif; },
      [](auto& r) { r.fps = 24; },
      [](auto& r) {
        r.resolution = render::Resolution{640, 360};
      },
      [](auto& r) { r.transparent = true; },
      [](auto& r) { r.compat = render::Compat::kNone; },
  };
  std::set<std::string> keys = {CacheKey(Base(), "rt", "t")};
  for (const auto& edit : edits) {
    render::RenderRequest r = Base();
    edit(r);
    keys.insert(CacheKey(r, "rt", "t"));
  }
  keys.insert(CacheKey(Base(), "another runtime", "t"));
  keys.insert(CacheKey(Base(), "rt", "another tenant"));
  keys.insert(CacheKey(Base(), "rt", ""));
  EXPECT_EQ(keys.size(), edits.size() + 4);
}

TEST(CacheKeyTest, FieldsCannotBleedIntoEachOther) {
  // Without length prefixes "ab"+"c" and "a"+"bc" would hash alike.
  EXPECT_NE(CacheKey(Base(), "ab", "c"), CacheKey(Base(), "a", "bc"));
}

TEST(CacheKeyTest, TheDefaultFormatIsTheSameAsNamingIt) {
  render::RenderRequest named = Base();
  named.format = render::Format::kMp4;
  EXPECT_EQ(CacheKey(Base(), "rt", ""), CacheKey(named, "rt", ""));
}

TEST(CacheKeyTest, UnseededRandomnessAndDryRunsAreNotCached) {
  EXPECT_TRUE(Cacheable(Base()));
  render::RenderRequest r = Base();
  r.code = "import random\n" + r.code;
  EXPECT_FALSE(Cacheable(r));
  r = Base();
  r.code += "x = np.random.rand()\n";
  EXPECT_FALSE(Cacheable(r));
  r = Base();
  r.code += "c = random_color()\n";
  EXPECT_FALSE(Cacheable(r));
  r = Base();
  r.dry_run = true;
  EXPECT_FALSE(Cacheable(r));
}

}  // namespace
}  // namespace manimd::cache
