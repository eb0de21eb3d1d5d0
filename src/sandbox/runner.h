// Runner: renders one job in a sandbox. Implementations: BwrapRunner (a cold bubblewrap
// sandbox per render) and ForkServerRunner (children of a warm fork server); tests use
// a FakeRunner with a script.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "render/progress.h"
#include "render/render_request.h"
#include "render/render_result.h"

namespace manimd::sandbox {

class CpuMeter;

struct RenderJob {
  render::RenderRequest request;
  std::string output_dir;   // existing host directory; the result is written there as
                            // "<Scene>.<ext>" (the extension manim chose)
  std::string id;           // for logs only
  CpuMeter* cpu = nullptr;  // if set (and outliving Run), kept up to date while it runs
};

// The CPU time a running render has used so far, sampled by its runner about four times a
// second from /proc (the processes of its sandbox uid). Written by the runner's watching
// thread, read from any. Never goes down: a sample taken after killed processes are gone
// (their CPU no longer in /proc) keeps what was seen before.
class CpuMeter {
 public:
  void Set(std::int64_t ms) {
    std::int64_t seen = ms_.load(std::memory_order_relaxed);
    while (ms > seen && !ms_.compare_exchange_weak(seen, ms, std::memory_order_relaxed)) {
    }
  }
  std::int64_t ms() const { return ms_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> ms_{0};
};

// Set from any thread to stop a render; the runner notices within ~100 ms.
class CancelToken {
 public:
  void Cancel() { cancelled_.store(true, std::memory_order_relaxed); }
  bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }

 private:
  std::atomic<bool> cancelled_{false};
};

using ProgressFn = std::function<void(const render::Progress&)>;

class Runner {
 public:
  virtual ~Runner() = default;
  // Blocks until the job succeeded, failed or was cancelled; every failure is a
  // RenderResult with an error kind, never a crash. `on_progress` is called on the
  // calling thread when progress changes, and at least once a second while the render
  // runs (a heartbeat, possibly with unchanged progress). The result's usage is this
  // job's alone, wall_ms included. Thread-safe: concurrent calls each take
  // their own sandbox slot.
  virtual render::RenderResult Run(const RenderJob& job, const ProgressFn& on_progress,
                                   const CancelToken& cancel) = 0;
};

}  // namespace manimd::sandbox
