// The host side of a render's working directory: created private to one sandbox uid, sized
// while the render runs, read back without following anything the sandbox planted
// (symlinks, hard-to-see paths), then removed.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

#include "core/status.h"

namespace manimd::sandbox {

class JobDir {
 public:
  // Creates a fresh directory "<parent>/manimd-job-XXXXXX" with mode 0700, owned by
  // `owner` when set (the sandbox's uid), and writes `source` into it as `file_name`.
  // The directory stays locked (flock) while the JobDir lives; see SweepStaleJobDirs.
  static core::Result<JobDir> Create(const std::string& parent, std::optional<uid_t> owner,
                                     const std::string& file_name, const std::string& source);
  JobDir(JobDir&& other) noexcept;
  JobDir& operator=(JobDir&&) = delete;
  ~JobDir();  // removes the directory and everything in it

  const std::string& path() const { return path_; }

  // Bytes used under the directory, counting every entry once and following no links;
  // stops early and returns a value > `stop_above` once it passes it.
  std::int64_t UsedBytes(std::int64_t stop_above) const;

  // Copies `relative` (a path the sandbox named, under this dir) to `dest`, refusing
  // symlinks at any step, anything but a regular file, and paths escaping the dir.
  core::Result<std::int64_t> CopyOut(const std::string& relative, const std::string& dest) const;

 private:
  explicit JobDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
  int lock_fd_ = -1;  // flock on the directory itself: held while this JobDir lives
};

// Removes job directories under `parent` whose owner is gone (a manimd that was killed
// before it could clean up): their flock is free. Live ones are left alone. Returns how
// many were removed.
int SweepStaleJobDirs(const std::string& parent);

}  // namespace manimd::sandbox
