// Comparing a split render's video with the whole render's, for the split tests
// (split_render_test.cc, split_cluster_test.cc): ffprobe's stream facts and ffmpeg's psnr
// filter frame by frame.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "manimd_process.h"

namespace manimd::testing_support {

// The per-frame PSNR of `b` against `a` (ffmpeg's psnr filter; "inf" for identical
// frames becomes +infinity). Empty when ffmpeg failed.
inline std::vector<double> FramePsnr(const TestEnv& env, const std::string& a,
                                     const std::string& b) {
  std::string stats = env.dir() + "/psnr.log";
  RunResult r = RunCommand({"ffmpeg", "-v", "error", "-i", a, "-i", b, "-lavfi",
                            "[0:v][1:v]psnr=stats_file=" + stats, "-f", "null", "-"},
                           {}, env.dir());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<double> out;
  std::istringstream lines(Slurp(stats));
  for (std::string line; std::getline(lines, line);) {
    size_t at = line.find("psnr_avg:");
    if (at == std::string::npos) continue;
    std::string value = line.substr(at + 9, line.find(' ', at) - at - 9);
    out.push_back(value == "inf" ? INFINITY : std::stod(value));
  }
  return out;
}

// `split` is `whole` again: same container, codec, size, fps, pixel format, frame count,
// and every frame at least 45 dB PSNR. `what` names the scene in failures.
inline void ExpectSameVideo(const TestEnv& env, const std::string& whole, const std::string& split,
                            const std::string& what) {
  EXPECT_EQ(whole.substr(whole.rfind('.')), split.substr(split.rfind('.')));
  VideoInfo w = Probe(whole), s = Probe(split);
  EXPECT_EQ(s.codec, w.codec);
  EXPECT_EQ(s.width, w.width);
  EXPECT_EQ(s.height, w.height);
  EXPECT_EQ(s.fps, w.fps);
  EXPECT_EQ(s.pix_fmt, w.pix_fmt);
  EXPECT_GT(w.frames, 0);
  EXPECT_EQ(s.frames, w.frames) << what;
  std::vector<double> psnr = FramePsnr(env, whole, split);
  EXPECT_EQ(static_cast<int>(psnr.size()), w.frames);
  for (size_t i = 0; i < psnr.size(); ++i) EXPECT_GE(psnr[i], 45.0) << what << " frame " << i;
}

}  // namespace manimd::testing_support
