#!/usr/bin/env bash
# Installs what penaltyflow needs from Debian 12 packages, only what is missing (idempotent: when everything
# is present it changes nothing and runs no apt-get). Run as root (or with sudo).
#   tools/setup.sh          install what is missing
#   tools/setup.sh --demo   ... then build (build/) and run the main demo (a sample case in build/demo-store.sqlite)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  g++ cmake ninja-build make pkg-config git  # make: CMake's default generator, for projects that use the package
  libboost-dev libboost-date-time-dev      # Boost 1.74: MSM (header-only) and Date_Time
  libsqlitecpp-dev libsqlite3-dev sqlite3  # the record store; sqlite3 for verification by hand
  libssl-dev                               # SHA-256 (OpenSSL)
  nlohmann-json3-dev                       # JSON files and output
  libgtest-dev libgmock-dev libbenchmark-dev
  pybind11-dev python3-dev                 # Python bindings
  python3-pytest python3-pandas python3-matplotlib python3-hypothesis
)

missing=()
for p in "${packages[@]}"; do
  [[ "$p" == \#* ]] && continue
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all ${#packages[@]} packages present, nothing to install"
fi

if [[ "${1:-}" == "--demo" ]]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPENALTYFLOW_BUILD_PYTHON=ON
  # What the demos and the README's commands need (the CLI in build/bin, the Python module in build/python);
  # tools/test.sh builds and runs everything else.
  cmake --build build -j2 --target case_demo deadlines_demo penaltyflow_cli penaltyflow_python
  ./build/bin/case_demo examples/histories/ordinary-simple.json build/demo-store.sqlite
  ./build/bin/penaltyflow --db build/demo-store.sqlite verify
fi
