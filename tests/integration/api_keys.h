// API keys in integration tests: what `manimd keys create` printed, and the two headers a
// client may send one in (docs/auth.md).
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <string>
#include <vector>

#include "manimd_process.h"

namespace manimd::testing_support {

struct TestKey {
  std::string id;
  std::string secret;          // the API key's, shown once
  std::string webhook_secret;  // its own webhook secret (--webhook-secret), or ""
};

// The key `manimd keys create` made, from its output; fails the test unless it succeeded.
inline TestKey CreatedKey(const RunResult& r) {
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::smatch m;
  TestKey key;
  if (std::regex_search(r.out, m, std::regex("id: +(key_[0-9a-f]{16})"))) key.id = m[1];
  if (std::regex_search(r.out, m, std::regex("(^|\\n)secret: +(mdk_\\S+)"))) key.secret = m[2];
  if (std::regex_search(r.out, m, std::regex("webhook secret: +(whsec_\\S+)"))) {
    key.webhook_secret = m[1];
  }
  EXPECT_FALSE(key.secret.empty()) << r.out;
  return key;
}

// Runs `manimd keys create FLAGS...` with `vars` (the server's DATA_DIR, or a cluster's
// configuration) and returns the key it made.
inline TestKey CreateKey(const TestEnv& env, const std::map<std::string, std::string>& vars,
                         const std::vector<std::string>& flags) {
  std::vector<std::string> args = {"keys", "create"};
  args.insert(args.end(), flags.begin(), flags.end());
  return CreatedKey(env.Manimd(args, vars));
}

inline std::map<std::string, std::string> Bearer(const TestKey& k) {
  return {{"Authorization", "Bearer " + k.secret}};
}
inline std::map<std::string, std::string> XApiKey(const TestKey& k) {
  return {{"X-API-Key", k.secret}};
}

}  // namespace manimd::testing_support
