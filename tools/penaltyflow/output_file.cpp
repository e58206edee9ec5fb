#include "output_file.hpp"

#include <penaltyflow/error.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace penaltyflow::cli {

output_file::output_file(std::string path) : path_(std::move(path)) {
  const std::string base = path_ + ".tmp-" + std::to_string(::getpid());
  for (int attempt = 0; fd_ < 0; ++attempt) {
    temp_ = attempt == 0 ? base : base + "-" + std::to_string(attempt);
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ < 0 && (errno != EEXIST || attempt == 99))
      throw io_error(path_ + ": cannot write here (" + std::strerror(errno) + ")");
  }
}

output_file::~output_file() {
  if (fd_ >= 0) ::close(fd_);
  if (!temp_.empty()) ::unlink(temp_.c_str());
}

void output_file::commit(const std::string& text) {
  const char* p = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw io_error(path_ + ": cannot write (" + std::strerror(errno) + ")");
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(fd_) != 0) throw io_error(path_ + ": cannot write (" + std::strerror(errno) + ")");
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) throw io_error(path_ + ": cannot write (" + std::strerror(errno) + ")");
  if (std::rename(temp_.c_str(), path_.c_str()) != 0)
    throw io_error(path_ + ": cannot replace it (" + std::strerror(errno) + ")");
  temp_.clear();
}

}  // namespace penaltyflow::cli
