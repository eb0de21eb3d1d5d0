// The shared job builders.
#include "test_util.h"

namespace manimd::testing {

jobs::Job MakeJob(const std::string& id, jobs::JobStatus status) {
  jobs::Job job;
  job.id = id;
  job.status = status;
  EditRequest(job, [](render::RenderRequest& r) { r.code = "class A(Scene): pass"; });
  job.created_ms = 1000;
  return job;
}

jobs::Job FullJob(const std::string& id) {
  jobs::Job job = MakeJob(id, jobs::JobStatus::kFailed);
  EditRequest(job, [](render::RenderRequest& r) {
    r.code = "from manim import *\nclass A(Scene):\n    pass\n\"\\\t\x01\xc3\xbc";
    r.source_name = "intro.py";
    r.scene = "A";
    r.quality = render::Quality::kFourK;
    r.format = render::Format::kWebm;
    r.fps = 24;
    r.resolution = render::Resolution{1280, 720};
    r.transparent = true;
    r.compat = render::Compat::kNone;
    r.split = false;
  });
  job.attempts = 2;
  job.warnings = {{12, "compat.show_creation", "ShowCreation is Create"}, {0, "compat.x", "y"}};
  job.chunks = 3;
  job.callback_url = "https://example.com/hook?a=1&b=2";
  job.tenant = "key_0123456789abcdef";
  job.tenant_concurrency = 3;
  job.sync = true;
  job.seq = 9007199254740993;  // 2^53 + 1: a double would lose it
  job.created_ms = 1700000000123;
  job.started_ms = 1700000000456;
  job.finished_ms = 1700000009789;
  job.progress.animation = 3;  // not stored
  job.key = "videos/u/A.webm";
  job.url = "/files/videos/u/A.webm";
  job.scene = "A";
  job.bytes = 5'000'000'000;
  job.cached = true;
  job.usage = render::Usage{1234, 987, 300LL << 20};
  job.use_cache = false;
  // A log tail cut in the middle of a UTF-8 character, with a NUL: still kept byte for byte.
  job.error = render::RenderError::Of(render::ErrorKind::kMemoryLimit, "out of memory",
                                      "Traceback (most recent call last):\n  ...",
                                      std::string("tail \xc3\0end \xe2\x82", 12));
  job.error->location = render::SourceLocation{7, 5, "self.play(Foo())"};
  job.error->hint = "did you mean Flash?";
  return job;
}

}  // namespace manimd::testing
