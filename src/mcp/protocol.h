// The MCP revisions this server speaks and what it says about itself: legacy version
// negotiation at `initialize`, server/discover for the modern revision, capabilities,
// server info. docs/mcp.md explains the choices.
#pragma once

#include <array>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace manimd::mcp {

// The legacy revisions spoken (negotiated by `initialize`), newest first. 2025-03-26 and
// older are left out: they require batches, which later revisions removed.
inline constexpr std::array<std::string_view, 2> kSupportedVersions = {"2025-11-25", "2025-06-18"};
inline constexpr std::string_view kNewestVersion = kSupportedVersions[0];
// How long a client may cache tools/list and server/discover (CacheableResult.ttlMs):
// neither changes while the server runs; an hour bounds staleness across an upgrade.
inline constexpr std::int64_t kListTtlMs = 3600 * 1000;
// The modern revision: no handshake, its version in every request (modern_request.h).
inline constexpr std::string_view kModernVersion = "2026-07-28";

// A supported legacy revision.
bool IsSupportedVersion(std::string_view version);
// A revision that negotiates with `initialize` (2025-11-25 and every one before it),
// supported or not. Any other version string is taken as a modern one.
bool IsLegacyVersion(std::string_view version);
// Every revision spoken, newest first: what server/discover and version errors list.
boost::json::array AllSupportedVersions();

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

// {name "manimd", title, version}: serverInfo at initialize, _meta's serverInfo after.
boost::json::object ServerInfo();

// server/discover's DiscoverResult (2026-07-28 server/discover.mdx): supportedVersions,
// capabilities (tools; the tasks extension), instructions, and caching hints. Without
// resultType and _meta, which modern_request.h's ModernResult adds to every result.
boost::json::object DiscoverResult();

}  // namespace manimd::mcp
