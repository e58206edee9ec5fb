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
int cmd_rules(const args_t& args);
int cmd_replay(const args_t& args);
int cmd_init(const args_t& args);
int cmd_import(const args_t& args);
int cmd_export(const args_t& args);
int cmd_append(const args_t& args);
int cmd_show(const args_t& args);
int cmd_due(const args_t& args);
int cmd_verify(const args_t& args);
int cmd_checkpoint(const args_t& args);
int cmd_report(const args_t& args);
int cmd_evaluate(const args_t& args);
int cmd_sample_year(const args_t& args);

}  // namespace penaltyflow::cli
