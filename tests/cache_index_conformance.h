// The CacheIndex conformance suite: what every implementation promises (cache_index.h),
// both directions (key -> entry, object -> job) kept in step, as typed tests parameterized
// by a factory with `static std::unique_ptr<cache::CacheIndex> Open(const std::string&
// scratch_dir)`. Unit tests instantiate it for SqliteCacheIndex; the integration tests for
// RedisCacheIndex against a real redis-server.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "cache/cache_index.h"

namespace manimd::cache::conformance {

template <typename Factory>
class CacheIndexConformance : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string t = (std::filesystem::temp_directory_path() / "manimd-cacheindex-XXXXXX").string();
    ASSERT_NE(mkdtemp(t.data()), nullptr);
    dir_ = t;
    index_ = Factory::Open(dir_);
    ASSERT_NE(index_, nullptr);
  }
  void TearDown() override {
    index_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::optional<CacheEntry> Find(const std::string& key) {
    core::Result<std::optional<CacheEntry>> e = index_->Find(key);
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    return e.ok() ? *e : std::nullopt;
  }
  std::optional<std::string> JobFor(const std::string& object) {
    core::Result<std::optional<std::string>> j = index_->JobForObject(object);
    EXPECT_TRUE(j.ok()) << j.status().ToString();
    return j.ok() ? *j : std::nullopt;
  }
  void Put(const std::string& key, const std::string& job, const std::string& object) {
    core::Status s = index_->Put(key, {job, object});
    EXPECT_TRUE(s.ok()) << s.ToString();
  }

  std::string dir_;
  std::unique_ptr<CacheIndex> index_;
};

TYPED_TEST_SUITE_P(CacheIndexConformance);

TYPED_TEST_P(CacheIndexConformance, PutFindAndReplace) {
  EXPECT_EQ(this->Find("k1"), std::nullopt);
  EXPECT_EQ(this->JobFor("videos/a/A.mp4"), std::nullopt);
  this->Put("k1", "job-1", "videos/a/A.mp4");
  std::optional<CacheEntry> e = this->Find("k1");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->job_id, "job-1");
  EXPECT_EQ(e->object_key, "videos/a/A.mp4");
  EXPECT_EQ(this->JobFor("videos/a/A.mp4"), "job-1");

  // A hit moves the entry to the newer job of the same object.
  this->Put("k1", "job-2", "videos/a/A.mp4");
  EXPECT_EQ(this->Find("k1")->job_id, "job-2");
  EXPECT_EQ(this->JobFor("videos/a/A.mp4"), "job-2");

  // A render again (the object was gone): the old object no longer names the entry.
  this->Put("k1", "job-3", "videos/b/A.mp4");
  EXPECT_EQ(this->Find("k1")->object_key, "videos/b/A.mp4");
  EXPECT_EQ(this->JobFor("videos/a/A.mp4"), std::nullopt);
  EXPECT_EQ(this->JobFor("videos/b/A.mp4"), "job-3");
}

TYPED_TEST_P(CacheIndexConformance, RemoveDropsBothDirections) {
  this->Put("k1", "job-1", "videos/a/A.mp4");
  this->Put("k2", "job-2", "videos/b/B.mp4");
  EXPECT_TRUE(this->index_->Remove("k1").ok());
  EXPECT_TRUE(this->index_->Remove("never-there").ok());
  EXPECT_EQ(this->Find("k1"), std::nullopt);
  EXPECT_EQ(this->JobFor("videos/a/A.mp4"), std::nullopt);
  EXPECT_EQ(this->JobFor("videos/b/B.mp4"), "job-2");
}

TYPED_TEST_P(CacheIndexConformance, RemoveObjectDropsEveryEntryForItAndNoOther) {
  // Two keys (two tenants, say) hand out the same video; a third another one.
  this->Put("k1", "job-1", "videos/a/A.mp4");
  this->Put("k2", "job-2", "videos/a/A.mp4");
  this->Put("k3", "job-3", "videos/c/C.mp4");
  std::optional<std::string> holder = this->JobFor("videos/a/A.mp4");
  ASSERT_TRUE(holder);
  EXPECT_TRUE(*holder == "job-1" || *holder == "job-2") << *holder;
  EXPECT_TRUE(this->index_->RemoveObject("videos/a/A.mp4").ok());
  EXPECT_TRUE(this->index_->RemoveObject("videos/none").ok());
  EXPECT_EQ(this->Find("k1"), std::nullopt);
  EXPECT_EQ(this->Find("k2"), std::nullopt);
  EXPECT_EQ(this->JobFor("videos/a/A.mp4"), std::nullopt);
  EXPECT_EQ(this->Find("k3")->job_id, "job-3");
  EXPECT_EQ(this->JobFor("videos/c/C.mp4"), "job-3");
}

REGISTER_TYPED_TEST_SUITE_P(CacheIndexConformance, PutFindAndReplace, RemoveDropsBothDirections,
                            RemoveObjectDropsEveryEntryForItAndNoOther);

}  // namespace manimd::cache::conformance
