// The failure path of CHECK: async-signal-safe (it may fire between fork and exec).
#include "core/check.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace manimd::core {

void CheckFailed(const char* file, int line, const char* condition) {
  char number[16];
  int n = 0;
  char digits[16];
  for (unsigned v = static_cast<unsigned>(line); n == 0 || v > 0; v /= 10)
    digits[n++] = '0' + v % 10;
  for (int i = 0; i < n; ++i) number[i] = digits[n - 1 - i];
  const char* parts[] = {"manimd: CHECK failed at ", file, ":", nullptr, ": ", condition, "\n"};
  for (const char* p : parts) {
    if (p == nullptr) {
      (void)!write(2, number, static_cast<size_t>(n));
    } else {
      (void)!write(2, p, strlen(p));
    }
  }
  abort();
}

}  // namespace manimd::core
