// getpwent/getgrent walk every account NSS knows (files, and LDAP where configured).
#include "sandbox/uid_range.h"

#include <grp.h>
#include <pwd.h>

#include <string>

namespace manimd::sandbox {

core::Status CheckUidRangeUnused(uid_t base, int count) {
  auto inside = [&](unsigned id) { return id >= base && id - base < static_cast<unsigned>(count); };
  std::string clash;
  setpwent();
  while (passwd* pw = getpwent()) {
    if (inside(pw->pw_uid)) {
      clash = "user " + std::string(pw->pw_name) + " (uid " + std::to_string(pw->pw_uid) + ")";
      break;
    }
  }
  endpwent();
  if (clash.empty()) {
    setgrent();
    while (group* gr = getgrent()) {
      if (inside(gr->gr_gid)) {
        clash = "group " + std::string(gr->gr_name) + " (gid " + std::to_string(gr->gr_gid) + ")";
        break;
      }
    }
    endgrent();
  }
  if (clash.empty()) return core::Status::Ok();
  return core::InvalidArgument("SANDBOX_UID_BASE=" + std::to_string(base) +
                               " puts sandboxes on uids " + std::to_string(base) + ".." +
                               std::to_string(base + count - 1) + ", which hold the existing " +
                               clash + "; choose a range no account uses");
}

}  // namespace manimd::sandbox
