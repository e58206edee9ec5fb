// A scratch file for a test: a path under the temp directory, unique to the test process, removed with its
// SQLite companions (-wal, -shm, -journal) when the test ends.
#pragma once

#include <filesystem>
#include <string>
#include <system_error>
#include <unistd.h>

namespace pf_test {

/// A scratch path under the temp directory, unique to this process; removed (with -wal/-shm) on exit.
class scratch_file {
 public:
  explicit scratch_file(const std::string& name) {
    path_ = (std::filesystem::temp_directory_path() / ("pf_store_" + std::to_string(::getpid()) + "_" + name)).string();
    remove();
  }
  ~scratch_file() { remove(); }
  scratch_file(const scratch_file&) = delete;
  scratch_file& operator=(const scratch_file&) = delete;
  const std::string& path() const { return path_; }
  void remove() const {
    std::error_code ec;
    for (const char* s : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path_ + s, ec);
  }

 private:
  std::string path_;
};

}  // namespace pf_test
