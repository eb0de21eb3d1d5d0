// Timestamps as the JSON APIs show them: ISO 8601 / RFC 3339 in UTC with milliseconds
// ("2025-11-25T10:30:00.000Z"), shared by the job object and MCP's task objects.
#pragma once

#include <cstdint>
#include <string>

namespace manimd::core {

// `ms` since the Unix epoch; "" when `ms` <= 0 (not happened yet).
std::string IsoTime(std::int64_t ms);

}  // namespace manimd::core
