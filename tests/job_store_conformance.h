// The JobStore conformance suite: what every implementation promises (job_store.h), as
// typed tests parameterized by a factory with `static std::unique_ptr<JobStore>
// Open(const std::string& scratch_dir)`. Unit tests instantiate it for MemJobStore and
// SqliteJobStore; the integration tests for RedisJobStore against a real redis-server.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "jobs/job_codec.h"
#include "jobs/job_store.h"
#include "test_util.h"

namespace manimd::jobs::conformance {

namespace fs = std::filesystem;

// Under /dev/shm when there is one: these tests check the store's semantics, not the disk,
// and on a real disk each open and close of a database costs ~7 fsyncs (tens of ms).
inline std::string MakeTempDir() {
  std::error_code ec;
  fs::path base = fs::is_directory("/dev/shm", ec) && access("/dev/shm", W_OK) == 0
                      ? fs::path("/dev/shm")
                      : fs::temp_directory_path(ec);
  std::string t = (base / "manimd-jobstore-XXXXXX").string();
  if (mkdtemp(t.data()) == nullptr) return "";
  return t;
}

inline Job NewJob(const std::string& id, JobStatus status = JobStatus::kQueued,
                  std::int64_t finished_ms = 0) {
  Job job = testing::MakeJob(id, status);
  job.finished_ms = finished_ms;
  return job;
}

inline Job FullJob(const std::string& id) {
  Job job = testing::FullJob(id);
  job.seq = 0;  // the store assigns it
  return job;
}

inline std::vector<std::string> Ids(const std::vector<Job>& jobs) {
  std::vector<std::string> ids;
  for (const Job& job : jobs) ids.push_back(job.id);
  return ids;
}

template <typename Factory>
class JobStoreConformance : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    ASSERT_FALSE(dir_.empty());
    store_ = Factory::Open(dir_);
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  Job Insert(Job job) {
    core::Status s = store_->Insert(&job);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return job;
  }
  std::vector<Job> List(std::optional<JobStatus> status, int limit, std::int64_t before_seq = 0) {
    core::Result<std::vector<Job>> jobs = store_->List({status, limit, before_seq});
    EXPECT_TRUE(jobs.ok()) << jobs.status().ToString();
    return jobs.ok() ? *jobs : std::vector<Job>();
  }

  std::string dir_;
  std::unique_ptr<JobStore> store_;
};

TYPED_TEST_SUITE_P(JobStoreConformance);

TYPED_TEST_P(JobStoreConformance, InsertAssignsIncreasingSeqAndKeepsEveryField) {
  Job full = FullJob("full");
  full.progress.animation = 2;  // live only: never stored
  full = this->Insert(full);
  Job a = this->Insert(NewJob("a"));
  Job b = this->Insert(NewJob("b"));
  EXPECT_GT(full.seq, 0);
  EXPECT_LT(full.seq, a.seq);
  EXPECT_LT(a.seq, b.seq);
  core::Result<Job> got = this->store_->Get("full");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(EncodeJob(*got), EncodeJob(full));
  EXPECT_EQ(got->seq, full.seq);
  EXPECT_EQ(got->progress, render::Progress());
}

TYPED_TEST_P(JobStoreConformance, DuplicateIdIsAConflict) {
  Job first = this->Insert(NewJob("dup"));
  Job again = NewJob("dup", JobStatus::kFailed);
  EXPECT_EQ(this->store_->Insert(&again).code(), core::Code::kConflict);
  EXPECT_EQ(this->store_->Get("dup")->status, JobStatus::kQueued);
  EXPECT_EQ(this->List(std::nullopt, 10).size(), 1u);
}

TYPED_TEST_P(JobStoreConformance, UpdateReplacesFieldsAndKeepsSeq) {
  Job job = this->Insert(NewJob("j"));
  this->Insert(NewJob("later"));
  Job changed = FullJob("j");
  changed.seq = 999;  // ignored: the store's seq is kept
  ASSERT_TRUE(this->store_->Update(changed).ok());
  core::Result<Job> got = this->store_->Get("j");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->seq, job.seq);
  changed.seq = job.seq;
  EXPECT_EQ(EncodeJob(*got), EncodeJob(changed));
  // And back: optionals are cleared, not merged.
  ASSERT_TRUE(this->store_->Update(job).ok());
  EXPECT_EQ(EncodeJob(*this->store_->Get("j")), EncodeJob(job));
  EXPECT_EQ(this->store_->Update(NewJob("missing")).code(), core::Code::kNotFound);
}

TYPED_TEST_P(JobStoreConformance, GetMissingIsNotFound) {
  EXPECT_EQ(this->store_->Get("nope").status().code(), core::Code::kNotFound);
  this->Insert(NewJob("yes"));
  EXPECT_EQ(this->store_->Get("nope").status().code(), core::Code::kNotFound);
}

TYPED_TEST_P(JobStoreConformance, ListIsNewestFirstWithLimitFilterAndCursor) {
  const JobStatus kCycle[] = {JobStatus::kQueued, JobStatus::kRunning, JobStatus::kSucceeded};
  std::vector<std::string> all;  // newest first
  for (int i = 0; i < 25; ++i) {
    all.insert(all.begin(), this->Insert(NewJob("j" + std::to_string(i), kCycle[i % 3])).id);
  }
  std::vector<std::string> newest(all.begin(), all.begin() + 10);
  EXPECT_EQ(Ids(this->List(std::nullopt, 10)), newest);
  std::vector<Job> succeeded = this->List(JobStatus::kSucceeded, 100);
  EXPECT_EQ(succeeded.size(), 8u);  // i = 2, 5, ..., 23
  for (size_t i = 0; i < succeeded.size(); ++i) {
    EXPECT_EQ(succeeded[i].status, JobStatus::kSucceeded);
    if (i > 0) {
      EXPECT_LT(succeeded[i].seq, succeeded[i - 1].seq);
    }
  }
  // Paging by cursor visits every job once, in order.
  std::vector<std::string> paged;
  std::int64_t cursor = 0;
  for (int page = 0; page < 10; ++page) {
    std::vector<Job> jobs = this->List(std::nullopt, 7, cursor);
    if (jobs.empty()) break;
    EXPECT_LE(jobs.size(), 7u);
    for (const Job& job : jobs) paged.push_back(job.id);
    cursor = jobs.back().seq;
  }
  EXPECT_EQ(paged, all);
  // The same with a filter.
  std::vector<std::string> paged_succeeded;
  cursor = 0;
  for (int page = 0; page < 10; ++page) {
    std::vector<Job> jobs = this->List(JobStatus::kSucceeded, 3, cursor);
    if (jobs.empty()) break;
    for (const Job& job : jobs) paged_succeeded.push_back(job.id);
    cursor = jobs.back().seq;
  }
  EXPECT_EQ(paged_succeeded, Ids(succeeded));
  EXPECT_TRUE(this->List(JobStatus::kCancelled, 10).empty());
}

TYPED_TEST_P(JobStoreConformance, UnfinishedIsOldestFirstAndOnlyNonFinal) {
  this->Insert(NewJob("q1", JobStatus::kQueued));
  this->Insert(NewJob("done", JobStatus::kSucceeded, 10));
  this->Insert(NewJob("r", JobStatus::kRunning));
  this->Insert(NewJob("failed", JobStatus::kFailed, 10));
  this->Insert(NewJob("u", JobStatus::kUploading));
  this->Insert(NewJob("cancelled", JobStatus::kCancelled, 10));
  Job q2 = this->Insert(NewJob("q2", JobStatus::kQueued));
  core::Result<std::vector<Job>> jobs = this->store_->Unfinished();
  ASSERT_TRUE(jobs.ok());
  EXPECT_EQ(Ids(*jobs), (std::vector<std::string>{"q1", "r", "u", "q2"}));
  q2.status = JobStatus::kCancelled;
  ASSERT_TRUE(this->store_->Update(q2).ok());
  EXPECT_EQ(Ids(*this->store_->Unfinished()), (std::vector<std::string>{"q1", "r", "u"}));
}

TYPED_TEST_P(JobStoreConformance, ExpiredRespectsCutoffOrderAndLimit) {
  this->Insert(NewJob("f300", JobStatus::kSucceeded, 300));
  this->Insert(NewJob("f100", JobStatus::kFailed, 100));
  this->Insert(NewJob("running", JobStatus::kRunning, 50));     // not final
  this->Insert(NewJob("unstamped", JobStatus::kSucceeded, 0));  // finished_ms unknown
  this->Insert(NewJob("f200", JobStatus::kCancelled, 200));
  this->Insert(NewJob("f200b", JobStatus::kSucceeded, 200));
  this->Insert(NewJob("f500", JobStatus::kSucceeded, 500));
  auto expired = [&](std::int64_t before, int limit) {
    core::Result<std::vector<Job>> jobs = this->store_->Expired(before, limit);
    EXPECT_TRUE(jobs.ok()) << jobs.status().ToString();
    return jobs.ok() ? Ids(*jobs) : std::vector<std::string>();
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(expired(500, 10), (V{"f100", "f200", "f200b", "f300"}));  // 500 is not before 500
  EXPECT_EQ(expired(1000, 2), (V{"f100", "f200"}));
  EXPECT_EQ(expired(200, 10), (V{"f100"}));
  EXPECT_TRUE(expired(100, 10).empty());
  EXPECT_TRUE(expired(1000, 0).empty());
}

TYPED_TEST_P(JobStoreConformance, DeleteRemovesAndSeqNeverGoesBack) {
  this->Insert(NewJob("a"));
  Job b = this->Insert(NewJob("b"));
  ASSERT_TRUE(this->store_->Delete("b").ok());  // the newest
  EXPECT_EQ(this->store_->Get("b").status().code(), core::Code::kNotFound);
  EXPECT_TRUE(this->store_->Delete("b").ok());  // missing is fine
  Job c = this->Insert(NewJob("c"));
  EXPECT_GT(c.seq, b.seq);
  Job b2 = this->Insert(NewJob("b"));  // the id is free again
  EXPECT_GT(b2.seq, c.seq);
  EXPECT_EQ(Ids(this->List(std::nullopt, 10)), (std::vector<std::string>{"b", "c", "a"}));
}

TYPED_TEST_P(JobStoreConformance, ConcurrentInsertsGetDistinctSeqs) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 50;
  std::vector<std::vector<std::int64_t>> seqs(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t, &seqs] {
      for (int i = 0; i < kPerThread; ++i) {
        Job job = NewJob("t" + std::to_string(t) + "-" + std::to_string(i));
        if (this->store_->Insert(&job).ok()) seqs[t].push_back(job.seq);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::set<std::int64_t> distinct;
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_EQ(seqs[t].size(), static_cast<size_t>(kPerThread));
    for (size_t i = 1; i < seqs[t].size(); ++i) EXPECT_LT(seqs[t][i - 1], seqs[t][i]);
    distinct.insert(seqs[t].begin(), seqs[t].end());
  }
  EXPECT_EQ(distinct.size(), static_cast<size_t>(kThreads * kPerThread));
  std::vector<Job> listed = this->List(std::nullopt, 1000);
  ASSERT_EQ(listed.size(), static_cast<size_t>(kThreads * kPerThread));
  for (const Job& job : listed) EXPECT_TRUE(distinct.contains(job.seq)) << job.id;
}

TYPED_TEST_P(JobStoreConformance, UpdateUnlessFinalNeverChangesAFinalJob) {
  this->Insert(NewJob("j"));
  Job running = NewJob("j", JobStatus::kRunning);
  ASSERT_TRUE(this->store_->UpdateUnlessFinal(running).ok());
  Job done = NewJob("j", JobStatus::kSucceeded);
  done.key = "videos/first/A.mp4";
  ASSERT_TRUE(this->store_->UpdateUnlessFinal(done).ok());
  // A second finisher, and a late "running", both come too late.
  Job other = NewJob("j", JobStatus::kFailed);
  EXPECT_EQ(this->store_->UpdateUnlessFinal(other).code(), core::Code::kConflict);
  EXPECT_EQ(this->store_->UpdateUnlessFinal(running).code(), core::Code::kConflict);
  EXPECT_EQ(this->store_->Get("j")->status, JobStatus::kSucceeded);
  EXPECT_EQ(this->store_->Get("j")->key, "videos/first/A.mp4");
  EXPECT_EQ(this->store_->UpdateUnlessFinal(NewJob("missing")).code(), core::Code::kNotFound);
}

REGISTER_TYPED_TEST_SUITE_P(JobStoreConformance, UpdateUnlessFinalNeverChangesAFinalJob,
                            InsertAssignsIncreasingSeqAndKeepsEveryField, DuplicateIdIsAConflict,
                            UpdateReplacesFieldsAndKeepsSeq, GetMissingIsNotFound,
                            ListIsNewestFirstWithLimitFilterAndCursor,
                            UnfinishedIsOldestFirstAndOnlyNonFinal,
                            ExpiredRespectsCutoffOrderAndLimit, DeleteRemovesAndSeqNeverGoesBack,
                            ConcurrentInsertsGetDistinctSeqs);

}  // namespace manimd::jobs::conformance
