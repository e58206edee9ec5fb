// An output file of the penaltyflow tool written whole or not at all (private to tools/).
#pragma once

#include <string>

namespace penaltyflow::cli {

/// The text goes to a temporary file beside the target ("<path>.tmp-<pid>"), which replaces the target by a
/// rename only once all of it is written and synced: a failure leaves the target as it was. Constructing it
/// creates the temporary file, so a folder that cannot be written is known before any work is done.
class output_file {
 public:
  /// Throws io_error naming `path` when the temporary file cannot be created.
  explicit output_file(std::string path);
  ~output_file();  ///< removes the temporary file unless committed
  output_file(const output_file&) = delete;
  output_file& operator=(const output_file&) = delete;

  /// Writes `text`, syncs and renames over the target. Throws io_error naming the target.
  void commit(const std::string& text);

 private:
  std::string path_, temp_;
  int fd_ = -1;
};

}  // namespace penaltyflow::cli
