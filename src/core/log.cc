// Log events through spdlog: it gives us a thread-safe sink and timestamps; the field
// formatting (text or JSON) is ours because spdlog has no structured fields.
#include "core/log.h"

#include <fmt/chrono.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <chrono>
#include <memory>
#include <mutex>

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

// Standard error through a buffer, written out when it fills, once a second and at warnings.
// spdlog's console sinks fflush every line: one write(2) per HTTP request, a large part of
// a small request's cost. This sink is ours because spdlog has no buffered descriptor sink.
class BufferedStderrSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  ~BufferedStderrSink() override { flush_(); }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    formatter_->format(msg, buffer_);
    if (buffer_.size() >= 32 * 1024) flush_();
  }
  void flush_() override {
    const char* data = buffer_.data();
    size_t left = buffer_.size();
    while (left > 0) {
      ssize_t n = write(STDERR_FILENO, data, left);
      if (n <= 0 && errno == EINTR) continue;
      if (n <= 0) break;  // nowhere to report a failing log
      data += n;
      left -= static_cast<size_t>(n);
    }
    buffer_.clear();
  }

 private:
  spdlog::memory_buf_t buffer_;
};

// Empty text fields are left out: "job_id" on a request that made no job says nothing.
bool IsEmpty(const LogValue& value) {
  const std::string* s = std::get_if<std::string>(&value);
  return s != nullptr && s->empty();
}

}  // namespace

void InitLogging(bool json) {
  // A person watching a terminal sees each line at once, in colour; a pipe or file gets
  // buffered lines (at most a second late).
  bool terminal = isatty(STDERR_FILENO) != 0;
  std::shared_ptr<spdlog::logger> logger;
  const char* name = json ? kJsonLogger : kTextLogger;
  if (terminal) {
    logger = spdlog::stderr_color_mt(name);
    logger->flush_on(spdlog::level::info);
  } else {
    logger = std::make_shared<spdlog::logger>(name, std::make_shared<BufferedStderrSink>());
    logger->flush_on(spdlog::level::warn);
    spdlog::flush_every(std::chrono::seconds(1));
  }
  // JSON lines carry their own timestamp and level; text gets spdlog's.
  logger->set_pattern(json ? "%v" : "%Y-%m-%dT%H:%M:%S.%eZ %^%-5l%$ %v",
                      spdlog::pattern_time_type::utc);
  logger->set_level(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

void FlushLog() { spdlog::default_logger_raw()->flush(); }

std::string FormatLogText(std::string_view event, std::initializer_list<LogField> fields) {
  std::string out(event);
  for (const auto& [key, value] : fields) {
    if (IsEmpty(value)) continue;
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
    if (!IsEmpty(value)) std::visit([&](const auto& v) { o[key] = v; }, value);
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
