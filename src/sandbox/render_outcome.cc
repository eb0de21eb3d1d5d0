// Shared by BwrapRunner and ForkServerRunner, so that a cold and a forked render of the
// same scene end the same way.
#include "sandbox/render_outcome.h"

#include <cstdio>
#include <cstring>
#include <fstream>

#include "core/utf8.h"
#include "sandbox/sandbox_layout.h"
#include "sandbox/verdict.h"

namespace manimd::sandbox {
namespace {

using render::ErrorKind;
using render::RenderResult;

RenderResult Failure(ErrorKind kind, std::string message, std::string log_tail) {
  RenderResult result;
  result.error = render::RenderError::Of(kind, std::move(message), "", std::move(log_tail));
  return result;
}

std::string Extension(const std::string& path) {
  size_t slash = path.rfind('/');
  size_t dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  return path.substr(dot + 1);
}

void Repair(std::string* s, size_t max_bytes) { *s = core::RepairUtf8(*s, max_bytes); }

// Copies the output the verdict names out of the job dir into job.output_dir.
RenderResult CollectOutput(const JobDir& dir, const Verdict& verdict, const RenderJob& job,
                           const std::string& log_tail) {
  std::string relative = verdict.output_path.substr(std::string("/job/").size());
  std::string wanted = render::FormatName(render::EffectiveFormat(job.request));
  // The scene name ends up in a host path: accept only a plain name. The extension is
  // ours, not the sandbox's: a scene must not choose how its file is stored and served.
  if (!render::IsSceneName(verdict.scene)) {
    return Failure(ErrorKind::kPythonError, "the render reported a malformed scene name", log_tail);
  }
  if (Extension(relative) != wanted) {
    return Failure(ErrorKind::kPythonError,
                   "the render produced \"" + core::RepairUtf8(relative, kMaxLineTextBytes) +
                       "\", not the requested " + wanted + " file",
                   log_tail);
  }
  std::string dest = job.output_dir + "/" + verdict.scene + "." + wanted;
  core::Result<std::int64_t> bytes = dir.CopyOut(relative, dest);
  if (!bytes.ok()) {
    // InvalidArgument: the scene tampered with its output (a symlink, a FIFO, a directory).
    ErrorKind kind = bytes.status().code() == core::Code::kInvalidArgument ? ErrorKind::kPythonError
                                                                           : ErrorKind::kInternal;
    return Failure(kind, bytes.status().message(), log_tail);
  }
  RenderResult r;
  r.output = render::RenderOutput{dest, verdict.scene, wanted, *bytes, {}, ""};
  return r;
}

// Copies the poster the helper made (render.py, with ffmpeg inside the sandbox) beside the
// video. Its bytes are the scene's to choose like the video's, so the host only checks
// that they start as a PNG does; it never decodes them. False when there is none.
bool CollectPoster(const JobDir& dir, const SandboxLayout& layout, const RenderJob& job,
                   render::RenderOutput* output) {
  const std::string& inside = layout.paths.poster_file;
  std::string relative = inside.substr(layout.paths.job_dir.size() + 1);
  std::string dest = job.output_dir + "/" + output->scene + ".poster.png";
  core::Result<std::int64_t> bytes = dir.CopyOut(relative, dest);
  if (!bytes.ok()) return false;
  static constexpr char kPngMagic[] = "\x89PNG\r\n\x1a\n";
  char head[8] = {};
  std::ifstream in(dest, std::ios::binary);
  if (!in.read(head, sizeof head) || std::memcmp(head, kPngMagic, sizeof head) != 0) {
    std::remove(dest.c_str());
    return false;
  }
  output->poster_path = dest;
  return true;
}

}  // namespace

void MakeSafe(WatchOutcome* o) {
  Repair(&o->log_tail, kMaxErrorTextBytes);
  Repair(&o->scene, kMaxLineTextBytes);
  for (std::string& s : o->scenes) Repair(&s, kMaxLineTextBytes);
  for (render::Warning& w : o->warnings) {
    Repair(&w.code, 100);
    Repair(&w.message, kMaxLineTextBytes);
  }
  if (!o->result) return;
  render::ResultEvent& r = *o->result;
  Repair(&r.path, kMaxLineTextBytes);
  Repair(&r.scene, kMaxLineTextBytes);
  Repair(&r.kind, 100);
  Repair(&r.message, kMaxErrorTextBytes);
  Repair(&r.traceback, kMaxErrorTextBytes);
  Repair(&r.hint, kMaxHintBytes);
  Repair(&r.split_blocker, kMaxLineTextBytes);
  if (r.location) Repair(&r.location->code, kMaxLineTextBytes);
}

RenderResult ConcludeRender(const JobDir& dir, WatchOutcome outcome, const Limits& limits,
                            const RenderJob& job) {
  MakeSafe(&outcome);
  Verdict verdict = Judge(outcome, limits);
  RenderResult r;
  if (verdict.error) {
    r.error = std::move(verdict.error);
  } else if (verdict.validated) {
    // Only a dry run may answer without a file: a render claiming "validated" has failed.
    if (!job.request.dry_run) {
      r.error = render::RenderError::Of(ErrorKind::kPythonError,
                                        "the render reported no output file", "", outcome.log_tail);
    } else {
      r.validation = render::Validation{verdict.scene,
                                        outcome.scenes,
                                        outcome.result->animations,
                                        outcome.result->duration_s,
                                        std::move(outcome.result->play_seconds),
                                        std::move(outcome.result->split_blocker)};
    }
  } else if (job.request.dry_run) {
    r.error = render::RenderError::Of(ErrorKind::kPythonError,
                                      "the dry run reported an output file", "", outcome.log_tail);
  } else {
    r = CollectOutput(dir, verdict, job, outcome.log_tail);
    if (r.output) r.output->scenes_in_file = outcome.scenes;
    if (r.output && render::WantsPoster(job.request) &&
        !CollectPoster(dir, SandboxLayout::For(limits), job, &*r.output) &&
        outcome.warnings.size() < kMaxWarnings) {
      outcome.warnings.push_back(
          {0, "poster.missing", "no poster frame could be made from the video"});
    }
  }
  r.warnings = std::move(outcome.warnings);
  r.usage.cpu_ms = outcome.usage.cpu_ms;
  r.usage.peak_memory_bytes = outcome.usage.max_rss_bytes;
  return r;
}

}  // namespace manimd::sandbox
