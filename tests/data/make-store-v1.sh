#!/usr/bin/env bash
# Regenerates tests/data/store-v1.sqlite, the schema-version-1 store the migration test opens.
# usage: tests/data/make-store-v1.sh BUILD_DIR
# A current store is written by the test writer (3 cases, 12 events, a filing document each), then rewritten
# into the version-1 layout (versions inline in every event row; no version, document, officer or certificate
# tables; no closed_year) — the layout of penaltyflow's first development builds. The hash input never
# changed between the versions, so the chain is the one the writer computed.
set -euo pipefail
build=${1:?usage: make-store-v1.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/tests/store_writer" "$tmp/v2.db" 3 12 7 >/dev/null
sqlite3 "$tmp/v2.db" <<'SQL'
PRAGMA journal_mode=DELETE;
BEGIN;
DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete;
DROP TRIGGER versions_append_only_update; DROP TRIGGER versions_append_only_delete;
DROP TRIGGER documents_append_only_update; DROP TRIGGER documents_append_only_delete;
CREATE TABLE events_v1 (
  seq              INTEGER PRIMARY KEY,
  case_id          TEXT    NOT NULL,
  case_seq         INTEGER NOT NULL,
  type             TEXT    NOT NULL,
  occurred_at      TEXT    NOT NULL,
  recorded_at      TEXT    NOT NULL,
  actors           TEXT    NOT NULL,
  payload          TEXT    NOT NULL,
  documents        TEXT    NOT NULL,
  calendar_version TEXT    NOT NULL,
  profile_version  TEXT    NOT NULL,
  prev_hash        BLOB    NOT NULL,
  hash             BLOB    NOT NULL,
  UNIQUE (case_id, case_seq)
);
INSERT INTO events_v1 SELECT e.seq, e.case_id, e.case_seq, e.type, e.occurred_at, e.recorded_at, e.actors,
  e.payload, e.documents, v.calendar_version, v.profile_version, e.prev_hash, e.hash
  FROM events e JOIN versions v ON v.id = e.judged_under ORDER BY e.seq;
CREATE TABLE cases_v1 (
  case_id       TEXT PRIMARY KEY,
  version       INTEGER NOT NULL,
  stage         TEXT    NOT NULL,
  remedy        TEXT    NOT NULL,
  proc          TEXT    NOT NULL,
  filed         TEXT,
  decided       TEXT,
  closed        TEXT,
  outcome       TEXT,
  last_event_at TEXT    NOT NULL,
  findings      TEXT    NOT NULL
) WITHOUT ROWID;
INSERT INTO cases_v1 SELECT case_id, version, stage, remedy, proc, filed, decided, closed, outcome,
  last_event_at, findings FROM cases;
DROP TABLE documents; DROP TABLE certificates; DROP TABLE officers; DROP TABLE events; DROP TABLE cases;
DROP TABLE versions;
ALTER TABLE events_v1 RENAME TO events;
ALTER TABLE cases_v1 RENAME TO cases;
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'penaltyflow: the event log is append-only (UPDATE refused)'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'penaltyflow: the event log is append-only (DELETE refused)'); END;
PRAGMA user_version=1;
COMMIT;
VACUUM;
SQL
cp "$tmp/v2.db" "$here/store-v1.sqlite"
echo "wrote $here/store-v1.sqlite: $(sqlite3 "$here/store-v1.sqlite" 'SELECT count(*) FROM events') events"
