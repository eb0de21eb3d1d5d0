// Structured log events: a stable dotted event name plus fields, printed readably
// ("INFO http.request method=GET status=200") or as one JSON object per line.
// Not for metrics or request tracing; never pass credentials or presigned URLs.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace manimd::core {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

using LogValue = std::variant<std::string, std::int64_t, double, bool>;
using LogField = std::pair<std::string_view, LogValue>;

// Chooses the output once at start (spdlog's default logger, stderr). Thread-safe after.
void InitLogging(bool json);

// Writes what is buffered (logs to a pipe or file are written at most a second late,
// at once from warnings up). Call after events others wait for, and before exit.
void FlushLog();

// Writes one event; thread-safe.
void LogEvent(LogLevel level, std::string_view event, std::initializer_list<LogField> fields = {});

// Fields whose value is an empty string are left out of both forms.
// The text of one event without timestamp, for tests: "http.request status=200 path=/".
std::string FormatLogText(std::string_view event, std::initializer_list<LogField> fields);
std::string FormatLogJson(LogLevel level, std::string_view event,
                          std::initializer_list<LogField> fields);

}  // namespace manimd::core
