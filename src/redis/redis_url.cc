// URL parsing with Boost.URL (Debian's libboost-url1.81-dev): percent-decoding of the
// password included.
#include "redis/redis_url.h"

#include <boost/url/parse.hpp>
#include <charconv>

namespace manimd::redis {
namespace {

core::Status Bad(std::string_view url, const std::string& why) {
  return core::InvalidArgument("REDIS_URL " + why + " (got \"" + std::string(url) +
                               "\"; expected redis://[:password@]host[:port][/db])");
}

}  // namespace

std::string RedisAddress::Describe() const {
  return "redis://" + host + ":" + std::to_string(port) + "/" + std::to_string(db);
}

core::Result<RedisAddress> ParseRedisUrl(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return Bad(url, "is not a URL");
  const boost::urls::url_view& u = *parsed;
  if (u.scheme() == "rediss") {
    return Bad(url, "uses TLS, which Debian 12's hiredis 0.14 cannot speak; tunnel it instead");
  }
  if (u.scheme() != "redis") return Bad(url, "must start with redis://");
  if (u.host().empty()) return Bad(url, "has no host");
  RedisAddress a;
  a.host = u.host_address();
  if (a.host.size() > 2 && a.host.front() == '[') a.host = a.host.substr(1, a.host.size() - 2);
  if (u.has_port()) {
    if (u.port_number() == 0) return Bad(url, "has a bad port");
    a.port = u.port_number();
  }
  if (u.has_userinfo()) {
    if (!u.has_password()) return Bad(url, "has a user but no :password");
    a.user = u.user();
    a.password = u.password();
  }
  std::string path = u.path();
  if (!path.empty() && path != "/") {
    std::string_view db = std::string_view(path).substr(1);
    auto [p, ec] = std::from_chars(db.data(), db.data() + db.size(), a.db);
    if (ec != std::errc() || p != db.data() + db.size() || a.db < 0) {
      return Bad(url, "has a bad database number");
    }
  }
  return a;
}

}  // namespace manimd::redis
