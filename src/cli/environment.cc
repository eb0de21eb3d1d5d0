// The one place that reads the process environment.
#include "cli/environment.h"

#include <unistd.h>

namespace manimd::cli {

core::Result<core::Config> LoadProcessConfig() {
  core::Result<core::EnvMap> env = core::LoadEnvironment(".env", environ);
  if (!env.ok()) return env.status();
  return core::LoadConfig(*env);
}

}  // namespace manimd::cli
