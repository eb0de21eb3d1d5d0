// manimd_s3_put ENDPOINT BUCKET KEY FILE: one timed S3Storage::Put of FILE (Put removes it on
// success), with this process's CPU time and RSS before and peak RSS during it, as JSON.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "storage/s3_storage.h"

namespace {

// A "VmRSS:   1234 kB" style line of /proc/self/status, in kB; -1 if absent.
long StatusKb(const std::string& field) {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(field + ":", 0) == 0) return std::atol(line.c_str() + field.size() + 1);
  }
  return -1;
}

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

std::uint64_t EnvMiB(const char* name, std::uint64_t fallback) {
  std::string v = Env(name);
  return v.empty() ? fallback : std::strtoull(v.c_str(), nullptr, 10) << 20;
}

double CpuSeconds() {  // user + system
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  struct stat st {};
  if (argc != 5 || stat(argv[4], &st) != 0) {
    std::fprintf(
        stderr,
        "usage: %s ENDPOINT BUCKET KEY FILE (an existing file)\n  env: "
        "AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY S3_PART_SIZE_MB S3_MULTIPART_THRESHOLD_MB\n",
        argv[0]);
    return argc != 5 ? 2 : 1;
  }
  manimd::storage::S3StorageOptions options;
  options.s3.endpoint = argv[1];
  options.s3.bucket = argv[2];
  options.s3.region = "us-east-1";
  options.s3.credentials = {Env("AWS_ACCESS_KEY_ID"), Env("AWS_SECRET_ACCESS_KEY"), ""};
  options.part_size = EnvMiB("S3_PART_SIZE_MB", options.part_size);
  options.multipart_threshold = EnvMiB("S3_MULTIPART_THRESHOLD_MB", options.multipart_threshold);
  manimd::storage::S3Storage storage(options);

  // Reset VmHWM to the current RSS (Linux >= 4.0), so the peak below is the upload's own.
  if (int fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC); fd >= 0) {
    if (write(fd, "5", 1) != 1) std::fprintf(stderr, "note: clear_refs refused\n");
    close(fd);
  }
  long rss_before = StatusKb("VmRSS");
  double cpu0 = CpuSeconds();
  auto t0 = std::chrono::steady_clock::now();
  manimd::core::Status s = storage.Put(argv[4], argv[3], "application/octet-stream");
  std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - t0;
  long peak = StatusKb("VmHWM");
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  std::printf(
      "{\"seconds\": %.3f, \"cpu_seconds\": %.3f, \"bytes\": %lld, \"rss_before_kb\": %ld, "
      "\"peak_kb\": %ld}\n",
      seconds.count(), CpuSeconds() - cpu0, static_cast<long long>(st.st_size), rss_before, peak);
  return 0;
}
