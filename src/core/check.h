// CHECK/DCHECK: broken invariants are bugs, not errors to return (STYLE §4). CHECK stays
// in every build; DCHECK only where NDEBUG is unset. Both print where and what, then abort.
#pragma once

namespace manimd::core {

[[noreturn]] void CheckFailed(const char* file, int line, const char* condition);

}  // namespace manimd::core

#define CHECK(condition)                                                           \
  do {                                                                             \
    if (!(condition)) ::manimd::core::CheckFailed(__FILE__, __LINE__, #condition); \
  } while (false)

#ifdef NDEBUG
#define DCHECK(condition) \
  do {                    \
  } while (false && (condition))
#else
#define DCHECK(condition) CHECK(condition)
#endif
