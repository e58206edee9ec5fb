// How the record store's SQLite backend opens a connection (hardened: no memory mapping, defensive), and the
// comparison of the schema it finds with the one the store creates (detail/store_connection.hpp).
#include "penaltyflow/detail/store_connection.hpp"

#include "penaltyflow/detail/store_schema.hpp"

#include <penaltyflow/store.hpp>

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <cctype>
#include <cstdint>
#include <filesystem>
#include <map>

namespace penaltyflow::detail {

namespace {

/// The settings of every connection: no memory-mapped I/O, defensive, untrusted schema.
void harden(SQLite::Database& db) {
  sqlite3* h = db.getHandle();
  int on = -1;
  if (sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, &on) != SQLITE_OK || on != 1 ||
      sqlite3_db_config(h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &on) != SQLITE_OK || on != 0)
    throw store_error(std::string(sqlite3_db_filename(h, "main")) +
                      ": SQLite refused the defensive settings (SQLITE_DBCONFIG_DEFENSIVE, trusted_schema=OFF)");
  db.exec("PRAGMA trusted_schema=OFF");
  db.exec("PRAGMA mmap_size=0");
}

/// `path` as an absolute `file:` URI with `immutable=1` (RFC 3986: every byte but the unreserved ones and '/'
/// percent-encoded).
std::string immutable_uri(const std::string& path) {
  std::error_code ec;
  std::string abs = std::filesystem::absolute(path, ec).string();
  if (ec) abs = path;
  std::string uri = "file:";
  constexpr char hex[] = "0123456789ABCDEF";
  for (unsigned char c : abs) {
    if (std::isalnum(c) != 0 || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
      uri.push_back(static_cast<char>(c));
    } else {
      uri.push_back('%');
      uri.push_back(hex[c >> 4]);
      uri.push_back(hex[c & 15]);
    }
  }
  return uri + "?immutable=1";
}

/// Whether a read-only connection failed because it could not set up its shared memory (the -shm file) in a
/// place it cannot write.
bool shared_memory_unavailable(int extended_code) {
  const int primary = extended_code & 0xff;
  return primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN;
}

std::uintmax_t wal_bytes(const std::string& path) {
  std::error_code ec;
  const auto n = std::filesystem::file_size(path + "-wal", ec);
  return ec ? 0 : n;
}

std::unique_ptr<SQLite::Database> open_hardened(const std::string& name, int flags, int busy_timeout_ms) {
  auto db = std::make_unique<SQLite::Database>(name, flags | SQLITE_OPEN_NOMUTEX, busy_timeout_ms);
  harden(*db);
  return db;
}

}  // namespace

std::unique_ptr<SQLite::Database> open_store_connection(const std::string& path, bool read_only,
                                                        int busy_timeout_ms) {
  if (!read_only) return open_hardened(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, busy_timeout_ms);
  auto db = open_hardened(path, SQLite::OPEN_READONLY, busy_timeout_ms);
  // Opening reads nothing: the first read is where a WAL-mode file needs its -shm.
  const int rc = sqlite3_exec(db->getHandle(), "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK) return db;
  const int ext = sqlite3_extended_errcode(db->getHandle());
  if (!shared_memory_unavailable(ext)) return db;  // the caller's first read reports it
  db.reset();
  if (const auto n = wal_bytes(path); n > 0)
    throw store_error(path + ": the archive is incomplete: " + path + "-wal holds " + std::to_string(n) +
                          " bytes of writes not yet moved into " + path +
                          ", and this folder or medium is read-only, so SQLite cannot read them (it cannot create " +
                          path + "-shm; SQLite error " + std::to_string(ext) + ", " + sqlite3_errstr(ext) +
                          "). Copy the store with its -wal file to a writable folder and verify the copy, or open "
                          "it read-write once where it was written (that moves the writes into the file) before "
                          "archiving it. 归档不完整：-wal 文件中有尚未写入存储文件的记录。",
                      ext);
  return open_hardened(immutable_uri(path), SQLite::OPEN_READONLY | SQLite::OPEN_URI, busy_timeout_ms);
}

bool opened_immutable(SQLite::Database& db) {
  return sqlite3_uri_boolean(sqlite3_db_filename(db.getHandle(), "main"), "immutable", 0) != 0;
}

namespace {

struct schema_object {
  std::string type, table, sql;
};
using schema_map = std::map<std::string, schema_object>;  // by name

schema_map read_schema(SQLite::Database& db) {
  schema_map out;
  SQLite::Statement q(db, "SELECT type, name, tbl_name, sql FROM sqlite_schema");
  while (q.executeStep())
    out[q.getColumn(1).getString()] = {q.getColumn(0).getString(), q.getColumn(2).getString(),
                                       q.getColumn(3).getString()};
  return out;
}

/// The schema a new store has: created once, in memory, by the same statements.
const schema_map& created_schema() {
  static const schema_map schema = [] {
    SQLite::Database mem(":memory:", SQLite::OPEN_READWRITE);
    mem.exec(schema_current());
    mem.exec(std::string(append_only_triggers));
    return read_schema(mem);
  }();
  return schema;
}

/// Whether `found` is the definition `created`. A table renamed into place by a migration (`ALTER TABLE
/// events_v4 RENAME TO events`) is stored by SQLite with its name quoted: `CREATE TABLE "events" (`.
bool same_definition(const std::string& name, const schema_object& created, const schema_object& found) {
  if (found.sql == created.sql) return true;
  const std::string plain = "CREATE TABLE " + name + " (";
  return created.type == "table" && created.sql.compare(0, plain.size(), plain) == 0 &&
         found.sql == "CREATE TABLE \"" + name + "\" (" + created.sql.substr(plain.size());
}

}  // namespace

std::vector<std::string> schema_differences(SQLite::Database& db) {
  const schema_map& want = created_schema();
  const schema_map found = read_schema(db);
  std::vector<std::string> out;
  for (const auto& [name, w] : want) {
    const auto it = found.find(name);
    if (it == found.end())
      out.push_back(w.type + " \"" + name + "\" is missing");
    else if (it->second.type != w.type)
      out.push_back(it->second.type + " \"" + name + "\" (penaltyflow's is a " + w.type + ")");
    else if (it->second.table != w.table || !same_definition(name, w, it->second))
      out.push_back(w.type + " \"" + name + "\" is not defined as penaltyflow defines it");
  }
  for (const auto& [name, f] : found)
    if (want.count(name) == 0 && !(f.type == "table" && (name == "sqlite_stat1" || name == "sqlite_stat4")))
      out.push_back(f.type + " \"" + name + "\"" + (f.table != name ? " on \"" + f.table + "\"" : std::string()) +
                    " is not part of the penaltyflow schema");
  return out;
}

}  // namespace penaltyflow::detail
