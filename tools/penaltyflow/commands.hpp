// The subcommands of the penaltyflow tool. Each returns its exit code; errors propagate as exceptions
// (cli::usage_error for a wrong command line, penaltyflow::error for refused input) and main() reports them.
#pragma once

#include <string>
#include <vector>

namespace penaltyflow::cli {

using args_t = std::vector<std::string>;

int cmd_periods(const args_t& args);
int cmd_deadline(const args_t& args);
int cmd_calendar(const args_t& args);
#ifdef PENALTYFLOW_CLI_WORKFLOW
int cmd_rules(const args_t& args);
int cmd_replay(const args_t& args);
#endif

}  // namespace penaltyflow::cli
