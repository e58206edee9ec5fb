#include "output_file.hpp"

#include <penaltyflow/error.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fcntl.h>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace penaltyflow::cli {

namespace {

namespace fs = std::filesystem;

/// The files SQLite keeps beside a store, by the suffix it gives them.
struct companion {
  const char* suffix;
  const char* what;
};
constexpr companion store_companions[] = {{"-wal", "the store's write-ahead log"},
                                          {"-shm", "the store's shared-memory index"},
                                          {"-journal", "the store's rollback journal"}};

std::string canonical(const std::string& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(p, ec);
  if (ec) c = fs::absolute(p, ec).lexically_normal();
  return c.string();
}

std::optional<struct stat> stat_of(const std::string& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return std::nullopt;
  return st;
}

bool same_file(const std::string& a, const std::string& b) {
  if (canonical(a) == canonical(b)) return true;
  const auto sa = stat_of(a), sb = stat_of(b);
  return sa && sb && sa->st_dev == sb->st_dev && sa->st_ino == sb->st_ino;
}

std::string errno_text(int e) { return std::strerror(e); }

/// Writes all of `text` to `fd`; false (errno set) if it cannot.
bool write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

[[noreturn]] void cannot_write(const std::string& path, std::string_view option, const std::string& why) {
  throw io_error(std::string(option) + " " + path + ": cannot write (" + why + "); 无法写入输出文件");
}

/// A device, pipe or other non-regular file that already exists: written in place, as a shell redirection would.
void write_in_place(const std::string& path, std::string_view text, std::string_view option) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) cannot_write(path, option, errno_text(errno));
  const bool ok = write_all(fd, text);
  const int e = errno;
  ::close(fd);
  if (!ok) cannot_write(path, option, errno_text(e));
}

}  // namespace

std::vector<command_input> command_inputs(const arg_parser& p, std::vector<std::string> input_options) {
  std::vector<command_input> inputs;
  if (const auto& db = globals().db) {
    inputs.push_back({*db, "the store (--db)"});
    // SQLite names its companion files after the store's real path (a symbolic link resolved).
    for (const std::string& base : {*db, canonical(*db)})
      for (const auto& c : store_companions) inputs.push_back({base + c.suffix, c.what});
  }
  input_options.push_back("profile");
  for (const auto& o : input_options)
    for (const auto& v : p.values(o))
      if (v != "-") inputs.push_back({v, "--" + o});
  return inputs;
}

void refuse_output_over_inputs(const std::string& path, const std::vector<command_input>& inputs,
                               std::string_view option) {
  for (const auto& in : inputs)
    if (same_file(path, in.path))
      throw io_error(std::string(option) + " " + path + " is " + in.what + " (" + in.path +
                     "), an input of this command: refusing to write over it, nothing written. 输出文件 " + path +
                     " 是本命令的输入文件 (" + in.path + ")，拒绝覆盖，未写入任何内容。");
}

namespace {

/// A new temporary file beside `path` (its name in `tmp`), or an io_error naming `path` and `option`.
int create_temporary(const std::string& path, std::string_view option, std::string& tmp) {
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  tmp = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) cannot_write(path, option, "cannot create a temporary file in " + dir.string() + ": " + errno_text(errno));
  return fd;
}

}  // namespace

void check_output_folder(const std::string& path, std::string_view option) {
  if (const auto st = stat_of(path); st && !S_ISREG(st->st_mode)) return;  // written in place
  std::string tmp;
  ::close(create_temporary(path, option, tmp));
  ::unlink(tmp.c_str());
}

void write_output_file(const std::string& path, std::string_view text, const std::vector<command_input>& inputs,
                       std::string_view option) {
  refuse_output_over_inputs(path, inputs, option);
  if (const auto st = stat_of(path); st && !S_ISREG(st->st_mode)) {
    if (S_ISDIR(st->st_mode)) cannot_write(path, option, "it is a directory");
    write_in_place(path, text, option);
    return;
  }
  std::string tmp;
  const int fd = create_temporary(path, option, tmp);
  // mkstemp creates the file 0600; give it the mode a new file would have (0666 less the umask).
  const mode_t mask = ::umask(0);
  ::umask(mask);
  bool ok = ::fchmod(fd, 0666 & ~mask) == 0 && write_all(fd, text) && ::fsync(fd) == 0;
  int e = errno;
  if (::close(fd) != 0 && ok) {
    ok = false;
    e = errno;
  }
  if (ok && ::rename(tmp.c_str(), path.c_str()) != 0) {
    ok = false;
    e = errno;
  }
  if (!ok) {
    ::unlink(tmp.c_str());
    cannot_write(path, option, errno_text(e));
  }
}

}  // namespace penaltyflow::cli
