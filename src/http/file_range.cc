// pread keeps no shared file offset, so one descriptor could serve several ranges.
#include "http/file_range.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace manimd::http {

namespace errc = boost::system::errc;

void FileRange::close(boost::beast::error_code& ec) {
  fd_.Reset();
  ec = {};
}

void FileRange::open(const char* path, boost::beast::file_mode /*mode*/,
                     boost::beast::error_code& ec) {
  fd_.Reset(::open(path, O_RDONLY | O_CLOEXEC));
  if (!fd_.valid()) {
    ec.assign(errno, boost::system::system_category());
    return;
  }
  offset_ = 0;
  length_ = static_cast<std::uint64_t>(lseek(fd_.get(), 0, SEEK_END));
  pos_ = 0;
  ec = {};
}

std::uint64_t FileRange::size(boost::beast::error_code& ec) const {
  ec = {};
  return length_;
}

std::uint64_t FileRange::pos(boost::beast::error_code& ec) const {
  ec = {};
  return pos_;
}

void FileRange::seek(std::uint64_t offset, boost::beast::error_code& ec) {
  if (offset > length_) {
    ec = errc::make_error_code(errc::invalid_argument);
    return;
  }
  pos_ = offset;
  ec = {};
}

std::size_t FileRange::read(void* buffer, std::size_t n, boost::beast::error_code& ec) {
  std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(n, length_ - pos_));
  for (;;) {
    ssize_t got = pread(fd_.get(), buffer, want, static_cast<off_t>(offset_ + pos_));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      ec.assign(errno, boost::system::system_category());
      return 0;
    }
    pos_ += static_cast<std::uint64_t>(got);
    ec = {};
    return static_cast<std::size_t>(got);
  }
}

std::size_t FileRange::write(const void* /*buffer*/, std::size_t /*n*/,
                             boost::beast::error_code& ec) {
  ec = errc::make_error_code(errc::operation_not_supported);
  return 0;
}

}  // namespace manimd::http
