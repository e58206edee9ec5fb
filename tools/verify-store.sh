#!/bin/sh
# Verifies a penaltyflow store's hash chain with the sqlite3 shell and sha256sum alone (no penaltyflow code):
# the recipe of docs/store.md, runnable.
#   tools/verify-store.sh STORE [CHECKPOINT.json]
# Works on read-only media and in folders the user cannot write (see below).
# Exit 0 and "OK <events> events, head <hash>" when every event hashes to its stored hash and links to the
# one before (schema 4 keeps the previous hash only in the row before; the recipe is the same for files of
# schemas 1-3, whose rows also stored a copy); exit 1 naming the first event that does not. With a checkpoint file (`penaltyflow checkpoint`),
# also checks that event <events> still has the checkpoint's head hash.
# Needs: sqlite3 (3.22 or later, for writefile), sha256sum, and POSIX sh, awk, sort, diff, mktemp.
set -eu
db=${1:?usage: verify-store.sh STORE [CHECKPOINT.json]}
cp_file=${2:-}
[ -r "$db" ] || { echo "verify-store: cannot read $db" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
mkdir "$work/in"

# On read-only media, or in a folder this user cannot write, sqlite3 cannot create STORE-shm and a plain read-only
# open fails: the file is then read as immutable (SQLite's immutable=1 URI), unless STORE-wal holds writes not yet
# moved into the file, which an immutable reading would ignore: then the archive is incomplete.
src=$db
if ! sqlite3 -readonly -batch "$db" "SELECT count(*) FROM sqlite_schema" >/dev/null 2>&1; then
  if [ -s "$db-wal" ]; then
    echo "verify-store: $db-wal holds writes not yet in $db, and this folder is read-only: the archive is incomplete" >&2
    exit 2
  fi
  src="file:$(printf '%s' "$db" | sed 's/%/%25/g; s/?/%3f/g; s/#/%23/g')?immutable=1"
fi
# trusted_schema=OFF: a view or trigger in the file cannot call a function with side effects.
q() { sqlite3 -readonly -batch -noheader -cmd "PRAGMA trusted_schema=OFF" "$src" "$1"; }

# 0. The recipe reads the tables `events` and `versions`: they must be tables, not views put in their place.
[ "$(q "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('events', 'versions')")" = 2 ] ||
  { echo "verify-store: events or versions is not a table: the schema was changed" >&2; exit 1; }

# 1. The hash input of every event: each field followed by a newline (docs/store.md, "The hash input"). The
#    previous hash is read from the row before (32 zero bytes before the first event, or where a row is
#    missing), never from a view or column the file could have been given to match.
q "SELECT writefile('$work/in/' || printf('%012d', e.seq),
         lower(hex(coalesce(p.hash, zeroblob(32)))) || char(10) || e.seq || char(10) || e.case_id || char(10) || e.case_seq || char(10)
      || e.type || char(10) || e.occurred_at || char(10) || e.recorded_at || char(10) || e.actors || char(10)
      || e.payload || char(10) || e.documents || char(10) || v.calendar_version || char(10) || v.profile_version
      || char(10))
   FROM events e JOIN versions v ON v.id = e.judged_under LEFT JOIN events p ON p.seq = e.seq - 1
   ORDER BY e.seq" >/dev/null

# 2. Recompute each hash and compare with the stored one. Since each input holds the previous row's hash, this
#    also checks every link: a row changed, removed or moved breaks the hash of the row after it.
(cd "$work/in" && ls | sort | xargs -r sha256sum) | awk '{ print ($2 + 0) " " $1 }' >"$work/computed"
q "SELECT e.seq || ' ' || lower(hex(e.hash)) FROM events e JOIN versions v ON v.id = e.judged_under
   ORDER BY e.seq" >"$work/stored"
if ! diff "$work/stored" "$work/computed" >"$work/diff"; then
  first=$(awk '/^[<>]/ { print $2; exit }' "$work/diff")
  echo "verify-store: event $first: the stored hash does not match its content" >&2
  exit 1
fi

# 3. Positions run 1..N without a gap, and no event lost its version row.
count=$(q "SELECT count(*) FROM events")
[ "$count" = "$(wc -l <"$work/computed" | tr -d ' ')" ] ||
  { echo "verify-store: some events refer to a missing calendar/profile version row" >&2; exit 1; }
[ "$count" = "$(q "SELECT coalesce(max(seq), 0) FROM events")" ] ||
  { echo "verify-store: log positions have a gap: an event was deleted" >&2; exit 1; }
head=$(q "SELECT lower(hex(hash)) FROM events ORDER BY seq DESC LIMIT 1")
[ -n "$head" ] || head=0000000000000000000000000000000000000000000000000000000000000000

# 4. The checkpoint: event <events> still has the head hash the auditor saved.
if [ -n "$cp_file" ]; then
  cp_events=$(sed -n 's/.*"events":\([0-9]*\).*/\1/p' "$cp_file")
  cp_hash=$(sed -n 's/.*"head_hash":"\([0-9a-f]*\)".*/\1/p' "$cp_file")
  [ -n "$cp_events" ] && [ -n "$cp_hash" ] || { echo "verify-store: $cp_file is not a checkpoint" >&2; exit 2; }
  if [ "$cp_events" -gt 0 ]; then
    now=$(q "SELECT lower(hex(hash)) FROM events WHERE seq = $cp_events")
    [ "$now" = "$cp_hash" ] ||
      { echo "verify-store: event $cp_events does not have the checkpoint's hash $cp_hash" >&2; exit 1; }
  fi
fi
echo "OK $count events, head $head"
