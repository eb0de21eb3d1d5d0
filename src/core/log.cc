// Log events through spdlog: it gives us a thread-safe sink and timestamps; the field
// formatting (text or JSON) is ours because spdlog has no structured fields.
#include "core/log.h"

#include <fmt/chrono.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <chrono>
#include <memory>

namespace manimd::core {
namespace {

// The output choice travels in the logger's name, so there is no global of ours.
constexpr const char* kJsonLogger = "manimd-json";
constexpr const char* kTextLogger = "manimd";

spdlog::level::level_enum ToSpd(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return spdlog::level::debug;
    case LogLevel::kInfo:
      return spdlog::level::info;
    case LogLevel::kWarn:
      return spdlog::level::warn;
    case LogLevel::kError:
      return spdlog::level::err;
  }
  return spdlog::level::info;
}

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

// Quotes a text value when a reader could not tell where it ends.
void AppendText(std::string* out, const std::string& value) {
  bool plain = !value.empty() && value.find_first_of(" \t\n\r\"=") == std::string::npos;
  if (plain) {
    *out += value;
    return;
  }
  *out += '"';
  for (char c : value) {
    if (c == '"' || c == '\\') {
      *out += '\\';
      *out += c;
    } else if (c == '\n') {
      *out += "\\n";
    } else {
      *out += c;
    }
  }
  *out += '"';
}

}  // namespace

void InitLogging(bool json) {
  auto logger = spdlog::stderr_color_mt(json ? kJsonLogger : kTextLogger);
  // JSON lines carry their own timestamp and level; text gets spdlog's.
  logger->set_pattern(json ? "%v" : "%Y-%m-%dT%H:%M:%S.%eZ %^%-5l%$ %v",
                      spdlog::pattern_time_type::utc);
  logger->set_level(spdlog::level::info);
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

std::string FormatLogText(std::string_view event, std::initializer_list<LogField> fields) {
  std::string out(event);
  for (const auto& [key, value] : fields) {
    out += ' ';
    out += key;
    out += '=';
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::string>) {
            AppendText(&out, v);
          } else if constexpr (std::is_same_v<T, bool>) {
            out += v ? "true" : "false";
          } else if constexpr (std::is_same_v<T, double>) {
            out += fmt::format("{:.3f}", v);
          } else {
            out += std::to_string(v);
          }
        },
        value);
  }
  return out;
}

std::string FormatLogJson(LogLevel level, std::string_view event,
                          std::initializer_list<LogField> fields) {
  boost::json::object o;
  auto now = std::chrono::system_clock::now();
  o["ts"] =
      fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", std::chrono::floor<std::chrono::milliseconds>(now));
  o["level"] = LevelName(level);
  o["event"] = event;
  for (const auto& [key, value] : fields) {
    std::visit([&](const auto& v) { o[key] = v; }, value);
  }
  return boost::json::serialize(o);
}

void LogEvent(LogLevel level, std::string_view event, std::initializer_list<LogField> fields) {
  spdlog::logger* logger = spdlog::default_logger_raw();
  spdlog::level::level_enum spd = ToSpd(level);
  if (!logger->should_log(spd)) return;
  bool json = logger->name() == kJsonLogger;
  logger->log(spd, json ? FormatLogJson(level, event, fields) : FormatLogText(event, fields));
}

}  // namespace manimd::core
