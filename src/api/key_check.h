// The API's Authorize hook over a KeyStore: who a request's API key belongs to, or why
// it is refused. Auth is on when AUTH=required or any key is not revoked; else callers
// without a key are anonymous and see only anonymous jobs.
#pragma once

#include "api/api.h"
#include "auth/key_store.h"

namespace manimd::api {

// `keys` must outlive the hook. `required`: AUTH=required (a key even with none made).
Authorize KeyCheck(auth::KeyStore* keys, bool required);

}  // namespace manimd::api
