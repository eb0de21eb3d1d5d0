// The end of every render, cold or forked: what the sandbox said made safe to store
// (valid UTF-8, bounded), the watched outcome judged, and on success the output copied
// out of the job directory under the requested format's extension.
#pragma once

#include "render/render_result.h"
#include "sandbox/job_dir.h"
#include "sandbox/limits.h"
#include "sandbox/runner.h"
#include "sandbox/watch.h"

namespace manimd::sandbox {

// Caps on strings that come from the sandbox, in bytes.
inline constexpr size_t kMaxErrorTextBytes = 16 << 10;  // message, traceback, log tail
inline constexpr size_t kMaxHintBytes = 4 << 10;
inline constexpr size_t kMaxLineTextBytes = 1 << 10;  // a source line, a warning

// Repairs every string of `outcome` to valid UTF-8 within the caps above.
void MakeSafe(WatchOutcome* outcome);

// Judges `outcome` (made safe first) and, when the render succeeded, copies its output
// into job.output_dir as "<Scene>.<ext>" with ext the requested format's.
render::RenderResult ConcludeRender(const JobDir& dir, WatchOutcome outcome, const Limits& limits,
                                    const RenderJob& job);

}  // namespace manimd::sandbox
