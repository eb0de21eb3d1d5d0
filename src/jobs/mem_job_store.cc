// The in-memory JobStore: jobs ordered by seq, an index by id beside them.
#include "jobs/mem_job_store.h"

#include <algorithm>
#include <iterator>

namespace manimd::jobs {
namespace {

// What a store keeps of a job: everything but its live progress.
Job Stored(const Job& job, std::int64_t seq) {
  Job stored = job;
  stored.seq = seq;
  stored.progress = render::Progress();
  return stored;
}

}  // namespace

core::Status MemJobStore::Insert(Job* job) {
  std::lock_guard<std::mutex> lock(mu_);
  if (seq_of_.contains(job->id))
    return core::Status(core::Code::kConflict, "job " + job->id + " exists");
  job->seq = ++last_seq_;
  seq_of_[job->id] = job->seq;
  jobs_[job->seq] = Stored(*job, job->seq);
  return core::Status::Ok();
}

core::Status MemJobStore::Update(const Job& job) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = seq_of_.find(job.id);
  if (it == seq_of_.end()) return core::NotFound("no job " + job.id);
  jobs_[it->second] = Stored(job, it->second);
  return core::Status::Ok();
}

core::Status MemJobStore::UpdateUnlessFinal(const Job& job) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = seq_of_.find(job.id);
  if (it == seq_of_.end()) return core::NotFound("no job " + job.id);
  JobStatus now = jobs_.at(it->second).status;
  if (IsFinal(now)) {
    return core::Status(core::Code::kConflict,
                        "job " + job.id + " is already " + JobStatusName(now));
  }
  jobs_[it->second] = Stored(job, it->second);
  return core::Status::Ok();
}

core::Result<Job> MemJobStore::Get(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = seq_of_.find(id);
  if (it == seq_of_.end()) return core::NotFound("no job " + id);
  return jobs_.at(it->second);
}

core::Result<std::vector<Job>> MemJobStore::List(const JobFilter& filter) {
  size_t limit = std::clamp(filter.limit, 1, 1000);
  std::lock_guard<std::mutex> lock(mu_);
  auto end = filter.before_seq > 0 ? jobs_.lower_bound(filter.before_seq) : jobs_.end();
  std::vector<Job> out;
  for (auto it = std::make_reverse_iterator(end); it != jobs_.rend() && out.size() < limit; ++it) {
    if (!filter.status || it->second.status == *filter.status) out.push_back(it->second);
  }
  return out;
}

core::Result<std::vector<Job>> MemJobStore::Unfinished() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Job> out;
  for (const auto& [seq, job] : jobs_) {
    if (!IsFinal(job.status)) out.push_back(job);
  }
  return out;
}

core::Result<std::vector<Job>> MemJobStore::Expired(std::int64_t finished_before_ms, int limit) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<const Job*> found;
  for (const auto& [seq, job] : jobs_) {
    if (IsFinal(job.status) && job.finished_ms > 0 && job.finished_ms < finished_before_ms) {
      found.push_back(&job);
    }
  }
  // Stable: equal finish times stay in seq order, as in SqliteJobStore.
  std::stable_sort(found.begin(), found.end(),
                   [](const Job* a, const Job* b) { return a->finished_ms < b->finished_ms; });
  std::vector<Job> out;
  for (const Job* job : found) {
    if (static_cast<int>(out.size()) >= limit) break;
    out.push_back(*job);
  }
  return out;
}

core::Status MemJobStore::Delete(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = seq_of_.find(id);
  if (it == seq_of_.end()) return core::Status::Ok();
  jobs_.erase(it->second);
  seq_of_.erase(it);
  return core::Status::Ok();
}

}  // namespace manimd::jobs
