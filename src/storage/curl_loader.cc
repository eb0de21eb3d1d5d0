// dlopen/dlsym of libcurl; see curl_loader.h for why it is not linked.
#include "storage/curl_loader.h"

#include <dlfcn.h>

#include <mutex>
#include <string>

namespace manimd::storage {
namespace {

template <typename Fn>
bool Resolve(void* lib, const char* name, Fn* out) {
  *out = reinterpret_cast<Fn>(dlsym(lib, name));
  return *out != nullptr;
}

core::Result<const CurlApi*> Load() {
  // Never unloaded: the table lives as long as the process.
  void* lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    return core::Internal(std::string("loading libcurl for S3 storage: ") + dlerror() +
                          " (install libcurl4)");
  }
  static CurlApi api;
  bool ok = Resolve(lib, "curl_global_init", &api.global_init) &&
            Resolve(lib, "curl_easy_init", &api.easy_init) &&
            Resolve(lib, "curl_easy_setopt", &api.easy_setopt) &&
            Resolve(lib, "curl_easy_perform", &api.easy_perform) &&
            Resolve(lib, "curl_easy_getinfo", &api.easy_getinfo) &&
            Resolve(lib, "curl_easy_strerror", &api.easy_strerror) &&
            Resolve(lib, "curl_easy_cleanup", &api.easy_cleanup) &&
            Resolve(lib, "curl_slist_append", &api.slist_append) &&
            Resolve(lib, "curl_slist_free_all", &api.slist_free_all);
  if (!ok) return core::Internal("libcurl.so.4 lacks a function manimd needs");
  api.global_init(CURL_GLOBAL_DEFAULT);
  return &api;
}

}  // namespace

core::Result<const CurlApi*> LoadCurl() {
  static std::once_flag once;
  static core::Result<const CurlApi*> loaded = core::Internal("not loaded");
  std::call_once(once, [] { loaded = Load(); });
  return loaded;
}

}  // namespace manimd::storage
