#include "http/byte_range.h"

#include <gtest/gtest.h>

namespace manimd::http {
namespace {

using Kind = ByteRange::Kind;

TEST(ByteRangeTest, OneRangeInItsThreeSpellings) {
  ByteRange r = ParseByteRange("bytes=10-19", 100);
  EXPECT_EQ(r.kind, Kind::kPartial);
  EXPECT_EQ(r.first, 10u);
  EXPECT_EQ(r.last, 19u);
  r = ParseByteRange("bytes=90-", 100);
  EXPECT_EQ(r.first, 90u);
  EXPECT_EQ(r.last, 99u);
  r = ParseByteRange("bytes=-30", 100);
  EXPECT_EQ(r.first, 70u);
  EXPECT_EQ(r.last, 99u);
}

TEST(ByteRangeTest, EndsPastTheFileAreClamped) {
  ByteRange r = ParseByteRange("bytes=50-1000", 100);
  EXPECT_EQ(r.kind, Kind::kPartial);
  EXPECT_EQ(r.last, 99u);
  r = ParseByteRange("bytes=-1000", 100);
  EXPECT_EQ(r.first, 0u);
}

TEST(ByteRangeTest, StartsPastTheFileAreUnsatisfiable) {
  EXPECT_EQ(ParseByteRange("bytes=100-", 100).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(ParseByteRange("bytes=-0", 100).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(ParseByteRange("bytes=0-", 0).kind, Kind::kUnsatisfiable);
}

TEST(ByteRangeTest, AnythingElseMeansTheWholeFile) {
  for (const char* h : {"", "items=0-1", "bytes=", "bytes=a-b", "bytes=5-2", "bytes=0-1,5-6",
                        "bytes=1", "bytes=--1"}) {
    EXPECT_EQ(ParseByteRange(h, 100).kind, Kind::kWhole) << h;
  }
}

}  // namespace
}  // namespace manimd::http
