// Job directory handling. Paths the sandbox names are opened with core::OpenBeneath.
#include "sandbox/job_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "core/open_beneath.h"
#include "core/unique_fd.h"

namespace manimd::sandbox {
namespace {

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

// A regular file on local disk copies at disk speed (a 1 GB output in seconds); past this,
// something is wrong and the worker must not stay stuck in it.
constexpr std::chrono::seconds kCopyOutDeadline{120};

}  // namespace

core::Result<JobDir> JobDir::Create(const std::string& parent, std::optional<uid_t> owner,
                                    const std::string& file_name, const std::string& source) {
  std::string templ = parent + "/manimd-job-XXXXXX";
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr) return core::Internal(Errno("creating job dir in " + parent));
  JobDir dir(buf.data());
  dir.lock_fd_ = open(dir.path_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir.lock_fd_ < 0 || flock(dir.lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    return core::Internal(Errno("locking " + dir.path_));
  }
  std::string source_path = dir.path_ + "/" + file_name;
  {
    std::ofstream out(source_path, std::ios::binary);
    out << source;
    if (!out.flush()) return core::Internal(Errno("writing " + source_path));
  }
  if (owner) {
    if (chown(dir.path_.c_str(), *owner, *owner) != 0)
      return core::Internal(Errno("chown job dir"));
    // The source stays root-owned and read-only: the scene may read, not rewrite, itself.
    if (chmod(source_path.c_str(), 0644) != 0) return core::Internal(Errno("chmod source"));
  }
  return dir;
}

JobDir::JobDir(JobDir&& other) noexcept : path_(std::move(other.path_)), lock_fd_(other.lock_fd_) {
  other.path_.clear();
  other.lock_fd_ = -1;
}

JobDir::~JobDir() {
  if (!path_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);  // remove_all does not follow symlinks
  }
  if (lock_fd_ >= 0) close(lock_fd_);
}

int SweepStaleJobDirs(const std::string& parent) {
  int removed = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(parent, ec)) {
    std::string name = entry.path().filename();
    if (name.rfind("manimd-job-", 0) != 0 || !entry.is_directory(ec) || entry.is_symlink(ec)) {
      continue;
    }
    int fd = open(entry.path().c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) continue;
    if (flock(fd, LOCK_EX | LOCK_NB) == 0) {  // nobody holds it: its manimd is gone
      std::filesystem::remove_all(entry.path(), ec);
      if (!ec) ++removed;
    }
    close(fd);
  }
  return removed;
}

std::int64_t JobDir::UsedBytes(std::int64_t stop_above) const {
  std::int64_t total = 0;
  std::error_code ec;
  std::filesystem::recursive_directory_iterator it(
      path_, std::filesystem::directory_options::skip_permission_denied, ec);
  for (; !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    struct stat st;
    if (lstat(it->path().c_str(), &st) != 0) continue;
    // Allocated blocks, not apparent size: sparse files cost what they really take.
    total += static_cast<std::int64_t>(st.st_blocks) * 512 + 4096;
    if (total > stop_above) break;
  }
  return total;
}

core::Result<std::int64_t> JobDir::CopyOut(const std::string& relative,
                                           const std::string& dest) const {
  core::UniqueFd dir(open(path_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir.valid()) return core::Internal(Errno("opening job dir"));
  core::UniqueFd src(core::OpenBeneath(dir.get(), relative));
  if (!src.valid()) {
    return core::InvalidArgument("output \"" + relative +
                                 "\" cannot be opened safely: " + std::strerror(errno));
  }
  struct stat st;
  if (fstat(src.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return core::InvalidArgument("output \"" + relative + "\" is not a regular file");
  }
  core::UniqueFd dst(open(dest.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!dst.valid()) return core::Internal(Errno("creating " + dest));
  std::int64_t copied = 0;
  char buffer[1 << 16];
  auto deadline = std::chrono::steady_clock::now() + kCopyOutDeadline;
  while (true) {
    if (std::chrono::steady_clock::now() > deadline) {
      return core::Internal("copying the output took longer than " +
                            std::to_string(kCopyOutDeadline.count()) + " s");
    }
    ssize_t r = read(src.get(), buffer, sizeof buffer);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return core::Internal(Errno("reading output"));
    if (r == 0) break;
    for (ssize_t off = 0; off < r;) {
      ssize_t w = write(dst.get(), buffer + off, static_cast<size_t>(r - off));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) return core::Internal(Errno("writing " + dest));
      off += w;
    }
    copied += r;
  }
  return copied;
}

}  // namespace manimd::sandbox
