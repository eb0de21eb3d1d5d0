// Capabilities are fixed: the tool list never changes while the server runs (no
// listChanged), and tasks cover tools/call only.
#include "mcp/protocol.h"

#include <algorithm>
#include <array>

#include "core/build_info.h"

namespace manimd::mcp {

namespace json = boost::json;

namespace {

constexpr const char* kInstructions =
    "Renders Manim Community (0.19-era code is adapted to the runtime's manim 0.21) scenes "
    "into videos. render_scene returns a download URL, never the video. Use validate_scene "
    "for a fast check without frames. A long render can run as a task, or with wait=false "
    "and get_job to poll.";

}  // namespace

bool IsSupportedVersion(std::string_view version) {
  return std::find(kSupportedVersions.begin(), kSupportedVersions.end(), version) !=
         kSupportedVersions.end();
}

bool IsLegacyVersion(std::string_view version) {
  // Every dated revision before 2026-07-28; they all begin with initialize.
  constexpr std::array<std::string_view, 4> kLegacy = {"2025-11-25", "2025-06-18", "2025-03-26",
                                                       "2024-11-05"};
  return std::find(kLegacy.begin(), kLegacy.end(), version) != kLegacy.end();
}

json::array AllSupportedVersions() {
  json::array out{kModernVersion};
  for (std::string_view v : kSupportedVersions) out.emplace_back(v);
  return out;
}

std::string_view NegotiateVersion(std::string_view requested) {
  return IsSupportedVersion(requested) ? requested : kNewestVersion;
}

bool HasTasks(std::string_view version) { return version >= std::string_view("2025-11-25"); }

std::string_view EffectiveVersion(std::string_view header) {
  return header.empty() ? kNewestVersion : header;
}

json::object InitializeResult(std::string_view version) {
  json::object capabilities{{"tools", json::object{{"listChanged", false}}}};
  if (HasTasks(version)) {
    capabilities["tasks"] =
        json::object{{"list", json::object{}},
                     {"cancel", json::object{}},
                     {"requests", json::object{{"tools", json::object{{"call", json::object{}}}}}}};
  }
  return {{"protocolVersion", version},
          {"capabilities", std::move(capabilities)},
          {"serverInfo", ServerInfo()},
          {"instructions", kInstructions}};
}

json::object ServerInfo() {
  return {{"name", "manimd"}, {"title", "manimd render service"}, {"version", core::kVersion}};
}

json::object DiscoverResult() {
  json::object capabilities{
      {"tools", json::object{{"listChanged", false}}},
      {"extensions", json::object{{"io.modelcontextprotocol/tasks", json::object{}}}}};
  // The answer never changes while the server runs and holds nothing of the caller's.
  return {{"supportedVersions", AllSupportedVersions()},
          {"capabilities", std::move(capabilities)},
          {"instructions", kInstructions},
          {"ttlMs", kListTtlMs},
          {"cacheScope", "public"}};
}

}  // namespace manimd::mcp
