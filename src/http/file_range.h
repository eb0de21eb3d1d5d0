// FileRange: a File for Beast's basic_file_body that reads one byte range of an open
// descriptor, so a 206 answer streams from disk like a whole file does.
#pragma once

#include <boost/beast/core/error.hpp>
#include <boost/beast/core/file_base.hpp>
#include <cstdint>

#include "core/unique_fd.h"

namespace manimd::http {

class FileRange {
 public:
  using native_handle_type = int;

  FileRange() = default;
  // Serves [offset, offset + length) of `fd`.
  FileRange(core::UniqueFd fd, std::uint64_t offset, std::uint64_t length)
      : fd_(std::move(fd)), offset_(offset), length_(length) {}

  // The File concept Beast expects; only reading is supported.
  bool is_open() const { return fd_.valid(); }
  int native_handle() const { return fd_.get(); }
  void close(boost::beast::error_code& ec);
  void open(const char* path, boost::beast::file_mode mode, boost::beast::error_code& ec);
  std::uint64_t size(boost::beast::error_code& ec) const;
  std::uint64_t pos(boost::beast::error_code& ec) const;
  void seek(std::uint64_t offset, boost::beast::error_code& ec);
  std::size_t read(void* buffer, std::size_t n, boost::beast::error_code& ec);
  std::size_t write(const void* buffer, std::size_t n, boost::beast::error_code& ec);

 private:
  core::UniqueFd fd_;
  std::uint64_t offset_ = 0;
  std::uint64_t length_ = 0;
  std::uint64_t pos_ = 0;  // within the range
};

}  // namespace manimd::http
