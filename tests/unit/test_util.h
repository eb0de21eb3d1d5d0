// Helpers every unit test may use (LevelDB's util/testutil.h): Status assertions and one
// way to build jobs, so that a new Job field is filled in one place.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/status.h"
#include "jobs/job.h"

#define ASSERT_OK(expr)                              \
  do {                                               \
    const auto& status_ = (expr);                    \
    ASSERT_TRUE(status_.ok()) << status_.ToString(); \
  } while (false)
#define EXPECT_OK(expr)                              \
  do {                                               \
    const auto& status_ = (expr);                    \
    EXPECT_TRUE(status_.ok()) << status_.ToString(); \
  } while (false)

namespace manimd::testing {

// A queued job with a small valid request, created at t=1000 ms.
jobs::Job MakeJob(const std::string& id, jobs::JobStatus status = jobs::JobStatus::kQueued);

// A job with every stored field set to an unusual value: strings with escapes, a log
// tail cut inside a UTF-8 character, a seq past 2^53, every optional field present.
jobs::Job FullJob(const std::string& id = "0123456789abcdef0123456789abcdef");

// `job` with its request replaced by `edit` applied to a copy (requests are immutable).
template <typename Edit>
void EditRequest(jobs::Job& job, Edit edit) {
  auto request = std::make_shared<render::RenderRequest>(*job.request);
  edit(*request);
  job.request = std::move(request);
}

}  // namespace manimd::testing
