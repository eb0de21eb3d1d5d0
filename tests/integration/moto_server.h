// A real S3-compatible server for tests: moto_server (from the machine image's Python)
// on 127.0.0.1 and a free port, prepared by moto_setup.py with a user, key and bucket,
// and with signature checking on unless asked otherwise. Stopped at destruction.
#pragma once

#include <sys/types.h>

#include <string>

namespace manimd::testing_support {

class MotoServer {
 public:
  // Starts and prepares it; endpoint() is empty when that failed (see log()).
  explicit MotoServer(bool auth = true, int port = 0);
  ~MotoServer();

  const std::string& endpoint() const { return endpoint_; }  // "http://127.0.0.1:PORT"
  int port() const { return port_; }
  const std::string& bucket() const { return bucket_; }
  const std::string& access_key_id() const { return key_id_; }
  const std::string& secret_access_key() const { return secret_; }
  std::string log() const;

  void Stop();
  // Starts again on the same port, empty, prepared afresh (new key). False on failure.
  bool Restart();

 private:
  bool Start();
  bool auth_;
  int port_;
  pid_t pid_ = -1;
  std::string dir_;
  std::string endpoint_;
  std::string bucket_ = "manimd-videos";
  std::string key_id_;
  std::string secret_;
};

}  // namespace manimd::testing_support
