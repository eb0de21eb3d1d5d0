// Error kind names.
#include "render/render_result.h"

#include <array>
#include <utility>

namespace manimd::render {
namespace {

constexpr std::array<std::pair<ErrorKind, const char*>, 11> kKinds = {{
    {ErrorKind::kInvalidCode, "invalid_code"},
    {ErrorKind::kSceneNotFound, "scene_not_found"},
    {ErrorKind::kPythonError, "python_error"},
    {ErrorKind::kTimeout, "timeout"},
    {ErrorKind::kMemoryLimit, "memory_limit"},
    {ErrorKind::kProcessLimit, "process_limit"},
    {ErrorKind::kOutputLimit, "output_limit"},
    {ErrorKind::kCancelled, "cancelled"},
    {ErrorKind::kStorageError, "storage_error"},
    {ErrorKind::kInternal, "internal"},
    {ErrorKind::kLatexError, "latex_error"},
}};

}  // namespace

const char* ErrorKindName(ErrorKind kind) { return kKinds[static_cast<size_t>(kind)].second; }

std::optional<ErrorKind> ParseErrorKind(std::string_view name) {
  for (const auto& [kind, text] : kKinds) {
    if (name == text) return kind;
  }
  return std::nullopt;
}

}  // namespace manimd::render
