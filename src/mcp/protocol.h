// The MCP revisions this server speaks and what it says about itself at `initialize`:
// version negotiation, capabilities, server info. docs/mcp.md explains the choices.
#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <string>
#include <string_view>

namespace manimd::mcp {

// Newest first. 2025-03-26 and older are left out: they require batches, which later
// revisions removed; 2026-07-28 has no initialize handshake at all.
inline constexpr std::array<std::string_view, 2> kSupportedVersions = {"2025-11-25", "2025-06-18"};
inline constexpr std::string_view kNewestVersion = kSupportedVersions[0];

bool IsSupportedVersion(std::string_view version);

// The version to answer an initialize that asked for `requested`: the same when
// supported, else the newest (the client then decides whether to go on).
std::string_view NegotiateVersion(std::string_view requested);

// Tasks (for tools/call) exist from 2025-11-25 on.
bool HasTasks(std::string_view version);

// The version a non-initialize request is taken under: its MCP-Protocol-Version header,
// or the newest when it sent none (a stateless server cannot remember what was
// negotiated). REQUIRES: `header` empty or supported.
std::string_view EffectiveVersion(std::string_view header);

// The InitializeResult for `version`: protocolVersion, capabilities (tools; tasks from
// 2025-11-25), serverInfo {name "manimd", version}, instructions.
boost::json::object InitializeResult(std::string_view version);

}  // namespace manimd::mcp
