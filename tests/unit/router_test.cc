#include "http/router.h"

#include <gtest/gtest.h>

namespace manimd::http {
namespace {

using beast_http::verb;

Handler Named(int* hits) {
  return [hits](Exchange&) -> boost::asio::awaitable<Response> {
    ++*hits;
    co_return std::monostate{};
  };
}

class RouterTest : public ::testing::Test {
 protected:
  RouterTest() {
    router_.Add(verb::get, "/health", Named(&n_));
    router_.Add(verb::get, "/api/jobs/{id}", Named(&n_));
    router_.Add(verb::delete_, "/api/jobs/{id}", Named(&n_));
    router_.Add(verb::get, "/files/{key...}", Named(&n_));
    router_.Add(verb::get, "/", Named(&n_));
  }
  Router router_;
  int n_ = 0;
};

TEST_F(RouterTest, LiteralAndParameterSegments) {
  Router::Match m = router_.Find(verb::get, "/api/jobs/abc");
  ASSERT_NE(m.handler, nullptr);
  EXPECT_EQ(m.params.at("id"), "abc");
  EXPECT_NE(router_.Find(verb::get, "/health").handler, nullptr);
  EXPECT_NE(router_.Find(verb::get, "/health/").handler, nullptr);  // as Express
  EXPECT_NE(router_.Find(verb::get, "/").handler, nullptr);
  EXPECT_EQ(router_.Find(verb::get, "/api/jobs/").handler, nullptr);
  EXPECT_EQ(router_.Find(verb::get, "/api/jobs/a/b").handler, nullptr);
}

TEST_F(RouterTest, TheMatchNamesItsPatternNotThePath) {
  EXPECT_EQ(router_.Find(verb::get, "/api/jobs/abc").pattern, "/api/jobs/{id}");
  EXPECT_EQ(router_.Find(verb::delete_, "/api/jobs/x").pattern, "/api/jobs/{id}");
  EXPECT_EQ(router_.Find(verb::get, "/files/videos/u/A.mp4").pattern, "/files/{key...}");
  EXPECT_EQ(router_.Find(verb::get, "/health/").pattern, "/health");
  // A method the path does not support still names the path's route; an unknown path none.
  EXPECT_EQ(router_.Find(verb::post, "/health").pattern, "/health");
  EXPECT_EQ(router_.Find(verb::get, "/nope/../etc").pattern, "");
  EXPECT_EQ(router_.Find(verb::get, "/api/jobs/a/b").pattern, "");
}

TEST_F(RouterTest, RestParameterTakesTheRemainingPath) {
  Router::Match m = router_.Find(verb::get, "/files/videos/u/A.mp4");
  ASSERT_NE(m.handler, nullptr);
  EXPECT_EQ(m.params.at("key"), "videos/u/A.mp4");
  EXPECT_EQ(router_.Find(verb::get, "/files").handler, nullptr);
}

TEST_F(RouterTest, HeadUsesGetAndWrongMethodsListWhatIsAllowed) {
  EXPECT_NE(router_.Find(verb::head, "/health").handler, nullptr);
  Router::Match m = router_.Find(verb::post, "/api/jobs/abc");
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_EQ(m.allow, "GET, HEAD, DELETE, OPTIONS");
  Router::Match unknown = router_.Find(verb::get, "/nothing");
  EXPECT_EQ(unknown.handler, nullptr);
  EXPECT_EQ(unknown.allow, "");
}

}  // namespace
}  // namespace manimd::http
