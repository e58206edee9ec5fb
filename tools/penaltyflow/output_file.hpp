// Files the CLI writes (`--out`, `--manifest`): never over one of the command's inputs, never half-written.
#pragma once

#include "cli.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace penaltyflow::cli {

/// A file a command reads, and what it is ("the store", "--benchmarks").
struct command_input {
  std::string path;
  std::string what;
};

/// What a command reads and must therefore never write over: the store given with --db and the files SQLite
/// keeps beside it (FILE-wal, FILE-shm, FILE-journal), and the files named by `input_options` of `p` (always
/// also --profile).
std::vector<command_input> command_inputs(const arg_parser& p, std::vector<std::string> input_options = {});

/// Throws the io_error write_output_file() throws when `path` is one of `inputs` (for a command that must refuse
/// before it starts writing elsewhere).
void refuse_output_over_inputs(const std::string& path, const std::vector<command_input>& inputs,
                               std::string_view option);

/// Throws the io_error write_output_file() would throw when no file can be created in `path`'s folder (it creates
/// and removes a temporary file there): for a command that must know before it does any work.
void check_output_folder(const std::string& path, std::string_view option);

/// Writes `text` to the file `path` (named `option` in messages, e.g. "--out"). Refuses (refuse_output_over_inputs), with an
/// io_error that names both, a path that is one of `inputs` (the same canonical path, or the same file through another name or
/// a hard link). A regular file is written whole or not at all: the text goes to a temporary file in the same
/// directory, synced and renamed over `path`; a failure removes the temporary file and leaves `path` as it was.
/// Anything else that exists at `path` (a terminal, a pipe, /dev/null) is written in place.
void write_output_file(const std::string& path, std::string_view text, const std::vector<command_input>& inputs,
                       std::string_view option);

}  // namespace penaltyflow::cli
