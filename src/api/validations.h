// Validations in flight: how many may wait or run at once, and a way to stop them all at
// shutdown (each runs in a sandbox on a thread of its own, not in the job queue).
#pragma once

#include <memory>
#include <mutex>
#include <set>

#include "render/render_result.h"
#include "sandbox/runner.h"

namespace manimd::api {

// One validation's state, shared by its handler and the thread that runs it.
struct ValidationPass {
  sandbox::CancelToken cancel;
  render::RenderResult result;  // written by the runner's thread before it signals done
};

class Validations {
 public:
  explicit Validations(int limit) : limit_(limit) {}
  // Admits `pass` unless `limit` are in flight. Thread-safe.
  bool TryAdd(const std::shared_ptr<ValidationPass>& pass);
  void Remove(const std::shared_ptr<ValidationPass>& pass);
  // Cancels every validation in flight (their sandboxes stop within ~100 ms).
  void CancelAll();
  int limit() const { return limit_; }

 private:
  const int limit_;
  std::mutex mu_;
  std::set<std::shared_ptr<ValidationPass>> live_;  // guarded by mu_
};

}  // namespace manimd::api
