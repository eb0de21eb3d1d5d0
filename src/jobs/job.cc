// Job status names; they are part of the API and never change.
#include "jobs/job.h"

#include <boost/uuid/uuid.hpp>
#include <boost/uuid/uuid_generators.hpp>

namespace manimd::jobs {
namespace {

constexpr std::pair<JobStatus, const char*> kNames[] = {
    {JobStatus::kQueued, "queued"},       {JobStatus::kRunning, "running"},
    {JobStatus::kUploading, "uploading"}, {JobStatus::kSucceeded, "succeeded"},
    {JobStatus::kFailed, "failed"},       {JobStatus::kCancelled, "cancelled"},
};

}  // namespace

const char* JobStatusName(JobStatus status) {
  for (const auto& [s, name] : kNames) {
    if (s == status) return name;
  }
  return "failed";
}

std::optional<JobStatus> ParseJobStatus(std::string_view name) {
  for (const auto& [s, n] : kNames) {
    if (name == n) return s;
  }
  return std::nullopt;
}

bool IsFinal(JobStatus status) {
  return status == JobStatus::kSucceeded || status == JobStatus::kFailed ||
         status == JobStatus::kCancelled;
}

void Requeue(Job& job) {
  Job fresh;
  fresh.id = std::move(job.id);
  fresh.request = std::move(job.request);
  fresh.callback_url = std::move(job.callback_url);
  fresh.callback_headers = std::move(job.callback_headers);
  fresh.callback_progress = job.callback_progress;
  fresh.metadata = std::move(job.metadata);
  fresh.sync = job.sync;
  fresh.tenant = std::move(job.tenant);  // whose it is and its limit outlive any attempt
  fresh.tenant_concurrency = job.tenant_concurrency;
  fresh.seq = job.seq;
  fresh.attempts = job.attempts;
  fresh.created_ms = job.created_ms;
  job = std::move(fresh);
}

std::string NewJobId() {
  boost::uuids::random_generator generate;
  boost::uuids::uuid id = generate();
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t byte : id) {
    out += kHex[byte >> 4];
    out += kHex[byte & 15];
  }
  return out;
}

}  // namespace manimd::jobs
