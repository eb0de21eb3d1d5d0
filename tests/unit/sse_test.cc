#include "http/sse.h"

#include <gtest/gtest.h>

namespace manimd::http {
namespace {

TEST(SseTest, EventsCarryIdNameAndOneDataLinePerLine) {
  EXPECT_EQ(FormatSseEvent("progress", R"({"percent":5})", "7"),
            "id: 7\nevent: progress\ndata: {\"percent\":5}\n\n");
  EXPECT_EQ(FormatSseEvent("note", "a\nb", ""), "event: note\ndata: a\ndata: b\n\n");
}

}  // namespace
}  // namespace manimd::http
