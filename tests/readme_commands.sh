#!/usr/bin/env bash
# Runs the README's shell commands (the block after "and from the shell") as written, one by one, in a scratch
# folder laid out like the repository root (examples/ and data/ linked, build/bin the built programs, the demo
# store made by the demo program as `tools/setup.sh --demo` makes it). A command whose comment says "refused"
# must exit 1, every other command 0; `due` must list at least one deadline; nothing may be written outside
# build/.
#   readme_commands.sh SOURCE_DIR BIN_DIR SCRATCH_DIR
set -uo pipefail
src=$1 bin=$2 work=$3
rm -rf "$work" && mkdir -p "$work/build" || exit 1
ln -s "$src/examples" "$work/examples" && ln -s "$src/data" "$work/data" && ln -s "$bin" "$work/build/bin" || exit 1
cd "$work" || exit 1
"$bin/case_demo" examples/histories/ordinary-simple.json build/demo-store.sqlite >/dev/null || {
  echo "the demo failed"; exit 1; }

awk '/^and from the shell/{f=1; next} f && /^```sh/{g=1; next} g && /^```/{exit} g' "$src/README.md" > commands.sh
failures=0 count=0
while IFS= read -r line; do
  while [[ "$line" == *\\ ]]; do IFS= read -r next; line="${line%\\}${next}"; done
  [[ -z "${line// }" || "$line" =~ ^[[:space:]]*# ]] && continue
  count=$((count + 1))
  want=0
  [[ "$line" == *"# refused"* ]] && want=1
  out=$(eval "$line" 2>&1)
  rc=$?
  if [[ $rc -ne $want ]]; then
    echo "FAIL (exit $rc, want $want): $line"; echo "$out" | head -20; failures=$((failures + 1))
  elif [[ "$line" == *" due "* && "$out" == "0 deadlines"* ]]; then
    echo "FAIL (no deadline listed): $line"; failures=$((failures + 1))
  else
    echo "ok (exit $rc): ${line%%  *}"
  fi
done < commands.sh
rm -f commands.sh
stray=$(find . -mindepth 1 -maxdepth 1 ! -name build ! -name examples ! -name data)
if [[ -n "$stray" ]]; then echo "FAIL: files written outside build/: $stray"; failures=$((failures + 1)); fi
if ((count < 10)); then echo "FAIL: only $count commands found in the README"; failures=$((failures + 1)); fi
echo "$((count - failures)) passed, $failures failed"
((failures == 0))
