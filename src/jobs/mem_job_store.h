// MemJobStore: a JobStore in memory, with SqliteJobStore's semantics (the conformance suite
// in tests/unit/job_store_test.cc holds both to it). For tests; nothing survives the process.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "jobs/job_store.h"

namespace manimd::jobs {

class MemJobStore : public JobStore {
 public:
  // Thread-safe. Like every JobStore it does not keep Job::progress (stored copies have
  // it default).
  core::Status Insert(Job* job) override;
  core::Status Update(const Job& job) override;
  core::Status UpdateUnlessFinal(const Job& job) override;
  core::Result<Job> Get(const std::string& id) override;
  core::Result<std::vector<Job>> List(const JobFilter& filter) override;
  core::Result<std::vector<Job>> Unfinished() override;
  core::Result<std::vector<Job>> Expired(std::int64_t finished_before_ms, int limit) override;
  core::Status Delete(const std::string& id) override;

 private:
  std::mutex mu_;
  std::map<std::int64_t, Job> jobs_;            // by seq; guarded by mu_
  std::map<std::string, std::int64_t> seq_of_;  // id -> seq; guarded by mu_
  std::int64_t last_seq_ = 0;                   // guarded by mu_; never decreases
};

}  // namespace manimd::jobs
