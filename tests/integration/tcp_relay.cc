// Blocking sockets and a thread per direction: fine for a handful of test connections.
#include "tcp_relay.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "manimd_process.h"

namespace manimd::testing_support {

TcpRelay::TcpRelay(int target_port) : target_port_(target_port) { Up(); }

TcpRelay::~TcpRelay() {
  Down();
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mu_);
    threads.swap(threads_);
  }
  for (std::thread& t : threads) t.join();
}

bool TcpRelay::Up() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr = Loopback(port_);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd, 64) != 0) {
    close(fd);
    return false;
  }
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  listener_ = fd;
  std::lock_guard lock(mu_);
  threads_.emplace_back([this, fd] { Accept(fd); });
  return true;
}

void TcpRelay::Down() {
  int fd = listener_.exchange(-1);
  if (fd >= 0) {
    shutdown(fd, SHUT_RDWR);
    close(fd);
  }
  std::lock_guard lock(mu_);
  for (int s : fds_) shutdown(s, SHUT_RDWR);
}

void TcpRelay::Accept(int listener) {
  for (;;) {
    int client = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) return;  // the listener was closed
    int server = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr = Loopback(target_port_);
    if (connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      close(client);
      close(server);
      continue;
    }
    std::lock_guard lock(mu_);
    fds_.insert(client);
    fds_.insert(server);
    threads_.emplace_back([this, client, server] { Pipe(client, server); });
    threads_.emplace_back([this, client, server] { Pipe(server, client); });
  }
}

void TcpRelay::Pipe(int from, int to) {
  char buf[65536];
  for (;;) {
    ssize_t n = recv(from, buf, sizeof buf, 0);
    if (n <= 0) break;
    if (send(to, buf, static_cast<size_t>(n), MSG_NOSIGNAL) != n) break;
  }
  shutdown(to, SHUT_WR);
  shutdown(from, SHUT_RD);
  // The second direction to finish closes both.
  std::lock_guard lock(mu_);
  if (fds_.count(from) && fds_.count(to)) {
    fds_.erase(from);
    return;
  }
  fds_.erase(to);
  close(from);
  close(to);
}

}  // namespace manimd::testing_support
