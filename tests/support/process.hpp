// Running a program from a test: a shell command line with its stdout, stderr and exit status captured, the
// penaltyflow CLI under test (when the test program is given PENALTYFLOW_CLI), and the small file helpers
// these tests need around it.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace pf_test {

/// What a program did: its exit status (-1 if a signal ended it), its standard output and its standard error.
struct run_result {
  int status = -1;
  std::string out;
  std::string err;
};

/// The whole file, bytes as they are ("" if it cannot be read).
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Writes `text` to `path`, bytes as they are, replacing the file.
inline void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

/// Runs `command` with /bin/sh (quote arguments as the shell needs); stdout and stderr go to scratch files
/// that are read back and removed.
inline run_result run_shell(const std::string& command) {
  static int counter = 0;
  const auto base = std::filesystem::temp_directory_path() /
                    ("pf_run_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  const auto out = base.string() + ".out", err = base.string() + ".err";
  const int raw = std::system((command + " >'" + out + "' 2>'" + err + "'").c_str());
  run_result r{WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(out), slurp(err)};
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return r;
}

#ifdef PENALTYFLOW_CLI
/// Runs the penaltyflow CLI under test with `args` (quoted as the shell needs).
inline run_result run_cli(const std::string& args) {
  return run_shell(std::string("'") + PENALTYFLOW_CLI + "' " + args);
}
#endif

}  // namespace pf_test
