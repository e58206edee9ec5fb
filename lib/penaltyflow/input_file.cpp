#include <penaltyflow/input_file.hpp>

#include <penaltyflow/error.hpp>

#include <algorithm>
#include <fstream>
#include <istream>

namespace penaltyflow {

namespace {

std::string describe(std::string_view what, const std::string& name) {
  return std::string(what) + " '" + name + "'";
}

}  // namespace

std::string read_input(std::istream& in, const std::string& name, std::string_view what) {
  std::string text;
  char buf[65536];
  // At most max_input_bytes + 1 bytes: enough to tell that the input is too large.
  while (text.size() <= max_input_bytes) {
    const std::size_t want = std::min(sizeof buf, max_input_bytes + 1 - text.size());
    in.read(buf, static_cast<std::streamsize>(want));
    text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (in.bad()) throw io_error("cannot read " + describe(what, name));
    if (!in) break;  // end of the input
  }
  if (text.size() > max_input_bytes)
    throw io_error(describe(what, name) + " is larger than " + std::to_string(max_input_bytes >> 20) +
                   " MiB, the limit for an input file (is it a device or a pipe that never ends?)");
  return text;
}

std::string read_input_file(const std::string& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw io_error("cannot open " + describe(what, path));
  return read_input(in, path, what);
}

}  // namespace penaltyflow
