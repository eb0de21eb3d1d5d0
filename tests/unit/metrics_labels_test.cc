#include <gtest/gtest.h>

#include "metrics/labels.h"

namespace manimd::metrics {
namespace {

TEST(MetricsLabelsTest, MethodsOutsideTheKnownSevenAreOther) {
  EXPECT_EQ(MethodLabel("GET"), "GET");
  EXPECT_EQ(MethodLabel("DELETE"), "DELETE");
  EXPECT_EQ(MethodLabel("OPTIONS"), "OPTIONS");
  EXPECT_EQ(MethodLabel("get"), "other");  // methods are case-sensitive
  EXPECT_EQ(MethodLabel("BREW"), "other");
  EXPECT_EQ(MethodLabel(std::string(10000, 'X')), "other");
  EXPECT_EQ(MethodLabel(""), "other");
}

TEST(MetricsLabelsTest, AnUnknownPathIsOneLabelNotItsPath) {
  EXPECT_EQ(RouteLabel("/api/jobs/{id}"), "/api/jobs/{id}");
  EXPECT_EQ(RouteLabel(""), "unmatched");
}

TEST(MetricsLabelsTest, StatusesOutsideHttpsRangeAreOther) {
  EXPECT_EQ(StatusLabel(200), "200");
  EXPECT_EQ(StatusLabel(499), "499");
  EXPECT_EQ(StatusLabel(99), "other");
  EXPECT_EQ(StatusLabel(600), "other");
  EXPECT_EQ(StatusLabel(-1), "other");
}

TEST(MetricsLabelsTest, QualityAndErrorKind) {
  for (char q : std::string("lmhpk")) EXPECT_EQ(QualityLabel(q), std::string(1, q));
  EXPECT_EQ(QualityLabel('x'), "other");
  EXPECT_EQ(QualityLabel('\0'), "other");
  EXPECT_EQ(ErrorKindLabel(""), "none");
  EXPECT_EQ(ErrorKindLabel("python_error"), "python_error");
}

}  // namespace
}  // namespace manimd::metrics
