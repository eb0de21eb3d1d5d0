// libcurl, loaded the first time S3 storage is used instead of at process start.
// libcurl pulls in some 25 libraries (GnuTLS, Kerberos, LDAP, SSH, ...) that cost every
// manimd about 3.7 MB of resident memory (measured with pmap on an idle `manimd serve`)
// while only S3 storage needs them; dlopen defers that cost to the servers that use S3.
#pragma once

#include <curl/curl.h>

#include "core/status.h"

namespace manimd::storage {

// The libcurl functions manimd calls, with libcurl's own signatures.
struct CurlApi {
  CURLcode (*global_init)(long flags);
  CURL* (*easy_init)();
  CURLcode (*easy_setopt)(CURL* handle, CURLoption option, ...);
  CURLcode (*easy_perform)(CURL* handle);
  CURLcode (*easy_getinfo)(CURL* handle, CURLINFO info, ...);
  const char* (*easy_strerror)(CURLcode code);
  void (*easy_cleanup)(CURL* handle);
  curl_slist* (*slist_append)(curl_slist* list, const char* text);
  void (*slist_free_all)(curl_slist* list);
};

// Loads libcurl.so.4 and curl_global_init()s it once; later calls return the same table.
// Thread-safe. Errors: kInternal when the library or a symbol is missing.
core::Result<const CurlApi*> LoadCurl();

}  // namespace manimd::storage
