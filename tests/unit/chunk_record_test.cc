// The record a taker reports a remote chunk with: what survives the trip, and what a
// record must not carry (a file name from a scene, an unknown error kind).
#include "jobs/chunk_record.h"

#include <gtest/gtest.h>

namespace manimd::jobs {
namespace {

TEST(ChunkRecordTest, ASucceededChunkSurvivesTheTrip) {
  RemoteChunk c;
  c.index = 3;
  c.taker = "host-12";
  c.object_key = "chunks/j/3.mp4";
  c.poster_key = "chunks/j/3.png";
  c.result.output = render::RenderOutput{"/tmp/x/A.mp4", "A", "mp4", 1234, {"A", "B"}, "/p.png"};
  c.result.warnings = {{4, "compat.x", "adapted"}};
  c.result.usage = {900, 450, 1 << 20};
  core::Result<RemoteChunk> back = DecodeChunkRecord(EncodeChunkRecord(c));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->index, 3u);
  EXPECT_EQ(back->taker, "host-12");
  EXPECT_EQ(back->object_key, "chunks/j/3.mp4");
  EXPECT_EQ(back->poster_key, "chunks/j/3.png");
  ASSERT_TRUE(back->result.output);
  EXPECT_EQ(back->result.output->path, "");  // the taker's own path means nothing here
  EXPECT_EQ(back->result.output->scene, "A");
  EXPECT_EQ(back->result.output->extension, "mp4");
  EXPECT_EQ(back->result.output->bytes, 1234);
  EXPECT_EQ(back->result.output->scenes_in_file, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(back->result.warnings, c.result.warnings);
  EXPECT_EQ(back->result.usage, c.result.usage);
  EXPECT_FALSE(back->result.error);
}

TEST(ChunkRecordTest, AFailedChunkKeepsItsErrorAndUserLine) {
  RemoteChunk c;
  c.index = 1;
  c.result.error = render::RenderError::Of(render::ErrorKind::kPythonError, "exploded", "tb");
  c.result.error->location = render::SourceLocation{9, 5, "raise X"};
  c.result.usage.cpu_ms = 77;
  core::Result<RemoteChunk> back = DecodeChunkRecord(EncodeChunkRecord(c));
  ASSERT_TRUE(back.ok()) << back.status().message();
  ASSERT_TRUE(back->result.error);
  EXPECT_EQ(back->result.error->kind, render::ErrorKind::kPythonError);
  EXPECT_EQ(back->result.error->message, "exploded");
  EXPECT_EQ(back->result.error->traceback, "tb");
  EXPECT_EQ(back->result.error->location->line, 9);
  EXPECT_EQ(back->result.usage.cpu_ms, 77);
  EXPECT_FALSE(back->result.output);
  EXPECT_TRUE(back->object_key.empty());
}

TEST(ChunkRecordTest, BadRecordsAreRefusedNamingTheField) {
  EXPECT_FALSE(DecodeChunkRecord("not json").ok());
  EXPECT_FALSE(DecodeChunkRecord("[]").ok());
  EXPECT_NE(DecodeChunkRecord(R"({"index":-1})").status().message().find("index"),
            std::string::npos);
  // Neither an object nor an error.
  EXPECT_NE(DecodeChunkRecord(R"({"index":0})").status().message().find("object"),
            std::string::npos);
  // The scene and extension become a file name on the coordinator.
  std::string base = R"({"index":0,"object":"chunks/j/0.mp4","extension":"mp4","scene":)";
  EXPECT_NE(DecodeChunkRecord(base + R"("../../etc/x"})").status().message().find("scene"),
            std::string::npos);
  EXPECT_NE(DecodeChunkRecord(R"({"index":0,"object":"k","scene":"A","extension":"mp4/../x"})")
                .status()
                .message()
                .find("extension"),
            std::string::npos);
  EXPECT_FALSE(DecodeChunkRecord(R"({"index":0,"error":{"kind":"no_such_kind"}})").ok());
  EXPECT_TRUE(DecodeChunkRecord(base + R"("Good_1"})").ok());
}

}  // namespace
}  // namespace manimd::jobs
