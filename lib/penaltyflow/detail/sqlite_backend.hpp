// Private: the record store's SQLite backend — one SQLite file (through SQLiteCpp), its schema and migrations
// (sqlite_schema.cpp), its transactions, statements and queries (sqlite_backend.cpp). Implements
// detail::store_backend; only the backend's files include this header.
#pragma once

#include "penaltyflow/detail/store_backend.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <memory>
#include <string>

namespace penaltyflow::detail {

/// A store_error naming `context`, with SQLite's extended code, for `e`.
[[noreturn]] void rethrow_sqlite(const SQLite::Exception& e, const std::string& context);

class sqlite_backend final : public store_backend {
 public:
  sqlite_backend(std::string path, const store_options& options) : path_(std::move(path)), options_(options) {}

  void open(const migration_hooks& hooks) override;
  void translate(const std::string& context) const override;

  void begin() override;
  void commit() override;
  void rollback() noexcept override;
  std::int64_t data_version() override;

  std::optional<std::pair<std::uint64_t, std::string>> head() override;
  std::int64_t versions_id(const std::string& calendar_version, const std::string& profile_version) override;
  void case_events(const std::string& case_id,
                   const std::function<void(std::uint64_t, std::string_view, std::string_view, std::string_view,
                                            std::string_view)>& fn) override;
  void insert_event(const event_insert& e) override;
  void insert_document(std::uint64_t seq, const std::string& case_id, const document& d) override;
  void upsert_officer(const std::string& id, const std::string& name) override;
  void insert_certificate(const std::string& officer_id, const certificate& c) override;
  void clear_registers() override;

  int update_case_version(const std::string& case_id, std::uint64_t version, const std::string& last_event_at,
                          std::uint64_t stored_version) override;
  int write_case_row(const std::string& case_id, const projection_row& p, std::uint64_t stored_version) override;
  void delete_deadlines(const std::string& case_id) override;
  void insert_deadline(const std::string& case_id, const deadline_row& r) override;
  void clear_projections() override;

  void events_by_case(bool with_versions, const std::function<bool(const replay_row&)>& fn) const override;
  void event_rows(const std::string* case_id, const std::function<void(const event_row&)>& fn) const override;
  std::optional<projection_row> stored_projection(const std::string& case_id) const override;
  std::uint64_t case_version(const std::string& case_id) const override;
  std::vector<std::string> case_ids() const override;
  void due_rows(const std::string& from, const std::string& to,
                const std::function<void(std::string, std::string, deadline_row)>& fn) const override;
  std::vector<std::pair<std::string, std::uint64_t>> closed_by_outcome(int year) const override;
  void summaries(const summary_filter& filter, const std::function<void(case_summary&)>& fn) const override;
  std::vector<store::officer_record> officers() const override;
  std::vector<registered_document> documents_of(const std::string& case_id, std::uint64_t seq) const override;
  std::map<std::string, std::string> stored_officers() const override;
  std::set<expected_registers::certificate_key> stored_certificates() const override;
  std::optional<std::string> orphan_projection() const override;

  std::string schema_problems() const override;
  std::uint64_t last_seq() const override;
  version_table versions() const override;
  std::pair<std::uint64_t, std::uint64_t> count_upto(std::uint64_t upto) const override;
  chain_source& chain() const override;
  std::unique_ptr<chain_source> open_chain_source() const override;

 private:
  // Opening and migrating (sqlite_schema.cpp).
  void check_schema();
  void create_schema();
  void migrate(int from, const migration_hooks& hooks);
  void migrate_v1_to_v2();
  void migrate_log_to_v4();

  /// Finalizes the cached statements; each is prepared again when next used.
  void reset_statements() noexcept;
  SQLite::Statement& stmt(std::unique_ptr<SQLite::Statement>& s, const char* sql) const {
    if (!s) s = std::make_unique<SQLite::Statement>(*db_, sql);
    return *s;
  }

  std::string path_;
  store_options options_;
  std::unique_ptr<SQLite::Database> db_;
  mutable std::unique_ptr<chain_source> chain_;  // the store's own connection's, made when first asked

  // Prepared statements (created lazily, reset after use).
  mutable std::unique_ptr<SQLite::Statement> st_insert_event, st_insert_doc, st_upsert_case, st_update_case_version,
      st_delete_deadlines, st_insert_deadline, st_insert_officer, st_insert_certificate, st_case_events, st_head,
      st_data_version, st_find_versions, st_insert_versions, st_begin, st_commit, st_proj, st_proj_deadlines,
      st_history, st_documents_of;
};

}  // namespace penaltyflow::detail
