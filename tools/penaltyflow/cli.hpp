// The penaltyflow command-line tool: shared argument handling (private to tools/).
#pragma once

#include <penaltyflow/error.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace penaltyflow::cli {

/// Exit codes: 0 success; 1 the input or the data was refused (a clear message on stderr);
/// 2 the command line itself is wrong (unknown command or option, missing value).
inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;
inline constexpr int exit_usage = 2;

/// A command line that cannot be understood: an invalid argument of the tool's own, so one of penaltyflow's
/// errors (docs/errors.md). main() prints its message with the command's usage and exits 2.
class usage_error : public invalid_argument_error {
 public:
  using invalid_argument_error::invalid_argument_error;
};

struct option_spec {
  std::string name;          ///< without the leading "--"
  bool takes_value = false;
  bool repeatable = false;
};

/// Parses "--name value", "--name=value", flags and positional arguments. Throws usage_error.
class arg_parser {
 public:
  arg_parser(const std::vector<std::string>& args, std::vector<option_spec> specs);

  bool flag(const std::string& name) const { return flags_.count(name) != 0; }
  std::optional<std::string> value(const std::string& name) const;
  /// The value of a required option; throws usage_error naming it when absent.
  std::string required(const std::string& name) const;
  std::vector<std::string> values(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::vector<option_spec> specs_;
  std::map<std::string, std::vector<std::string>> values_;
  std::map<std::string, int> flags_;
  std::vector<std::string> positional_;
};

/// `j` as the CLI prints JSON (indented by 2). Never throws on text: a byte that is not UTF-8 (a case id recorded
/// by a release that did not check, an argument in GBK) is written as U+FFFD. File names from the command line
/// are shown through printable_utf8() (penaltyflow/utf8.hpp) instead, which keeps them recognisable.
inline std::string json_text(const nlohmann::json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// Options given before the command (e.g. `penaltyflow --db FILE show CASE`).
struct global_options {
  std::optional<std::string> db;
};
const global_options& globals();
void set_globals(global_options g);

}  // namespace penaltyflow::cli
