// Joining the chunks of a split render (docs/split.md) into one file with ffmpeg's concat
// demuxer and stream copy: no frame is decoded or encoded again. Not for anything else.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "sandbox/bwrap_runner.h"
#include "sandbox/runner.h"
#include "sandbox/uid_lease.h"

namespace manimd::sandbox {

class ChunkJoiner {
 public:
  virtual ~ChunkJoiner() = default;
  // Concatenates `inputs` (regular files of one container format and identical stream
  // parameters, in play order) into `dest`, a new file whose extension is the inputs'.
  // Returns its size. Errors: Internal when the sandbox or ffmpeg fails (the message
  // carries ffmpeg's last lines), DeadlineExceeded past the wall limit, Unavailable when
  // cancelled. Thread-safe.
  virtual core::Result<std::int64_t> Join(const std::vector<std::string>& inputs,
                                          const std::string& dest, const CancelToken& cancel) = 0;
};

// Runs the runtime's own ffmpeg in a cold bubblewrap sandbox of the same recipe as a
// render (no network, only its job directory, a sandbox uid, the render limits). The chunks
// were written by a scene's process, so their bytes are the scene's: they are parsed by a
// demuxer only inside a sandbox, never by a process of manimd's own uid.
class SandboxJoiner : public ChunkJoiner {
 public:
  // `uids` must outlive the joiner. Internal when the seccomp program cannot be built.
  static core::Result<std::unique_ptr<SandboxJoiner>> Create(BwrapRunnerOptions options,
                                                             UidLeases* uids);
  core::Result<std::int64_t> Join(const std::vector<std::string>& inputs, const std::string& dest,
                                  const CancelToken& cancel) override;

 private:
  SandboxJoiner(BwrapRunnerOptions options, UidLeases* uids, std::string seccomp)
      : options_(std::move(options)), uids_(uids), seccomp_program_(std::move(seccomp)) {}

  const BwrapRunnerOptions options_;
  UidLeases* const uids_;
  const std::string seccomp_program_;
};

}  // namespace manimd::sandbox
