// The result of a chunk rendered on another worker, as a taker reports it to the
// coordinator through Redis (jobs/redis_chunk_pool.h): one JSON document. Pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "jobs/chunk_pool.h"

namespace manimd::jobs {

// Everything of `chunk` but the output's local paths (a taker's own, meaningless elsewhere).
std::string EncodeChunkRecord(const RemoteChunk& chunk);
// The inverse. kInvalidArgument naming the field when `text` is not such a record; a
// record with neither an object nor an error is invalid.
core::Result<RemoteChunk> DecodeChunkRecord(std::string_view text);

}  // namespace manimd::jobs
