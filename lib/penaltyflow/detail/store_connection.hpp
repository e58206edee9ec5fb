// Private: how the record store opens an SQLite connection, and the check of the schema it finds there.
//
// Every connection the store opens (its own, and verify()'s read-only connections) is made by
// open_store_connection(): memory-mapped I/O off (a file truncated or replaced underneath fails a read with an
// error instead of SIGBUS), SQLITE_DBCONFIG_DEFENSIVE on, and `trusted_schema` off (a view or trigger in the file
// cannot call a function with side effects).
#pragma once

#include <SQLiteCpp/Database.h>

#include <memory>
#include <string>
#include <vector>

namespace penaltyflow::detail {

/// Opens `path` read-write (creating it) or read-only, with the settings above. A read-only opening that cannot
/// create the store's shared-memory file (a read-only medium, or a folder the reader cannot write) reads the
/// file as immutable (SQLite's `immutable=1`), unless a non-empty FILE-wal holds committed writes that an
/// immutable reading would ignore: then it throws a store_error saying that the archive is incomplete.
/// Throws store_error (SQLite's code in the message) if the file cannot be opened.
std::unique_ptr<SQLite::Database> open_store_connection(const std::string& path, bool read_only,
                                                        int busy_timeout_ms);

/// Whether `db` was opened as immutable by open_store_connection().
bool opened_immutable(SQLite::Database& db);

/// What differs between the schema in `db` (sqlite_schema) and the one the store creates (detail::schema_current
/// and the append-only triggers): each object added, missing, of another type or with another definition, named
/// ("view \"events\" (penaltyflow's is a table)"). Empty when they are the same. SQLite's own statistics tables
/// (sqlite_stat1, sqlite_stat4, written by ANALYZE) are allowed.
std::vector<std::string> schema_differences(SQLite::Database& db);

}  // namespace penaltyflow::detail
