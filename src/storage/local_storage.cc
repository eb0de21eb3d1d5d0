// Local objects: written under a temporary name and renamed into place, so a reader sees
// a whole file or none; read back through OpenBeneath so a key cannot reach outside.
#include "storage/local_storage.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/open_beneath.h"
#include "storage/object_key.h"

namespace manimd::storage {
namespace {

namespace fs = std::filesystem;

}  // namespace

core::Result<std::unique_ptr<LocalStorage>> LocalStorage::Open(const std::string& root) {
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec) return core::Internal("creating storage directory " + root + ": " + ec.message());
  std::string absolute = fs::absolute(root, ec).lexically_normal().string();
  if (ec) absolute = root;
  core::UniqueFd fd(open(absolute.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) {
    return core::Internal("opening storage directory " + absolute + ": " + std::strerror(errno));
  }
  return std::unique_ptr<LocalStorage>(new LocalStorage(absolute, std::move(fd)));
}

core::Status LocalStorage::Put(const std::string& local_path, const std::string& key,
                               const std::string& /*content_type: from the extension on read*/) {
  if (!IsSafeKey(key)) return core::InvalidArgument("invalid object key \"" + key + "\"");
  fs::path dest = fs::path(root_) / key;
  std::error_code ec;
  fs::create_directories(dest.parent_path(), ec);
  if (ec) return core::Internal("storing " + key + ": " + ec.message());
  fs::rename(local_path, dest, ec);
  if (!ec) return core::Status::Ok();
  if (ec != std::errc::cross_device_link)
    return core::Internal("storing " + key + ": " + ec.message());
  // Another file system: copy beside the destination, then rename, then drop the source.
  fs::path temp = dest;
  temp += ".partial";
  fs::copy_file(local_path, temp, fs::copy_options::overwrite_existing, ec);
  if (!ec) fs::rename(temp, dest, ec);
  if (ec) {
    fs::remove(temp, ec);
    return core::Internal("storing " + key + ": " + ec.message());
  }
  fs::remove(local_path, ec);
  return core::Status::Ok();
}

core::Result<std::string> LocalStorage::Url(const std::string& key) { return "/files/" + key; }

core::Result<bool> LocalStorage::Exists(const std::string& key) {
  core::Result<core::UniqueFd> fd = OpenObject(key);
  if (fd.ok()) return true;
  if (fd.status().code() == core::Code::kNotFound) return false;
  return fd.status();
}

core::Status LocalStorage::Check() {
  if (faccessat(root_fd_.get(), ".", W_OK, AT_EACCESS) != 0) {
    return core::Unavailable("storage directory " + root_ +
                             " is not writable: " + std::strerror(errno));
  }
  return core::Status::Ok();
}

core::Result<core::UniqueFd> LocalStorage::OpenObject(const std::string& key) const {
  if (!IsSafeKey(key)) return core::NotFound("no such file");
  core::UniqueFd fd(core::OpenBeneath(root_fd_.get(), key));
  if (!fd.valid()) {
    if (errno == ENOENT || errno == ENOTDIR || errno == ELOOP || errno == EXDEV) {
      return core::NotFound("no such file");
    }
    return core::Internal("opening " + key + ": " + std::strerror(errno));
  }
  struct stat st {};
  if (fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return core::NotFound("no such file");
  return fd;
}

core::Status LocalStorage::Get(const std::string& key, const std::string& local_path) {
  core::Result<core::UniqueFd> in = OpenObject(key);
  if (!in.ok()) return in.status();
  core::UniqueFd out(open(local_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (!out.valid()) return core::Internal("creating " + local_path + ": " + std::strerror(errno));
  // The kernel copies (copy_file_range); a short count ends at the object's end.
  for (;;) {
    ssize_t n = copy_file_range(in->get(), nullptr, out.get(), nullptr, 1 << 24, 0);
    if (n == 0) return core::Status::Ok();
    if (n < 0) {
      std::string why = std::strerror(errno);
      unlink(local_path.c_str());
      return core::Internal("copying " + key + " to " + local_path + ": " + why);
    }
  }
}

core::Status LocalStorage::Delete(const std::string& key) {
  if (!IsSafeKey(key)) return core::InvalidArgument("invalid object key \"" + key + "\"");
  std::error_code ec;
  fs::path path = fs::path(root_) / key;
  fs::remove(path, ec);
  if (ec) return core::Internal("deleting " + key + ": " + ec.message());
  // The per-render directories, once empty ("videos/<uuid>", not "videos" itself unless
  // empty too; remove() leaves non-empty directories alone).
  for (fs::path dir = path.parent_path(); dir != fs::path(root_) && dir.has_relative_path();
       dir = dir.parent_path()) {
    if (!fs::remove(dir, ec) || ec) break;
  }
  return core::Status::Ok();
}

}  // namespace manimd::storage
