#!/usr/bin/env bash
# Build driver of ap, the adaptive-precision compiler built on MLIR.
#
#   ./build.sh            install missing Debian packages, configure, build
#   ./build.sh test       build, then run every test (lit and gtest)
#   ./build.sh demo       build, then compile a bundled model and run it on
#                         the simulated default target (ap-opt, ap-run)
#   ./build.sh install [PREFIX]   build, then install (default: ./install)
#   ./build.sh docs       regenerate docs/generated/ from the TableGen sources
#   ./build.sh clean      remove the build directory
#
# Environment: AP_BUILD_DIR (default ./build), AP_BUILD_TYPE (default
# Release), AP_JOBS (default: the number of cores).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD_DIR="${AP_BUILD_DIR:-$ROOT/build}"
BUILD_TYPE="${AP_BUILD_TYPE:-Release}"
JOBS="${AP_JOBS:-$(nproc 2>/dev/null || echo 2)}"

# Debian packages ap needs to build and test (LLVM/MLIR 22 and the tools).
PACKAGES=(llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
          cmake ninja-build g++ lld libgtest-dev python3 python3-numpy)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'build.sh: error: %s\n' "$*" >&2; exit 1; }

install_missing_packages() {
  local missing=()
  for package in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
        grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    die "missing Debian packages: ${missing[*]}
  install them with:  sudo apt-get install -y ${missing[*]}
  then run ./build.sh again."
  fi
  say "Installing missing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q --no-install-recommends "${missing[@]}"; then
    say "Refreshing the package lists and retrying"
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}" ||
      die "could not install: ${missing[*]}"
  fi
}

configure() {
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    say "Configuring ($BUILD_TYPE) in $BUILD_DIR"
    cmake -G Ninja -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE="$BUILD_TYPE"
  fi
}

build() {
  install_missing_packages
  configure
  say "Building with $JOBS jobs"
  cmake --build "$BUILD_DIR" -j "$JOBS"
}

run_tests() {
  build
  say "Running the tests (lit and gtest)"
  cmake --build "$BUILD_DIR" -j "$JOBS" --target check-ap
}

demo() {
  build
  "$ROOT/scripts/demo.sh" "$BUILD_DIR/bin" "$BUILD_DIR/demo"
}

case "${1:-build}" in
  build) build ;;
  test) run_tests ;;
  demo) demo ;;
  install)
    build
    prefix="${2:-$ROOT/install}"
    say "Installing into $prefix"
    cmake --install "$BUILD_DIR" --prefix "$prefix" ;;
  docs)
    install_missing_packages
    configure
    cmake --build "$BUILD_DIR" --target ap-docs ;;
  clean) rm -rf "$BUILD_DIR" ;;
  -h|--help|help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command '$1' (try ./build.sh help)" ;;
esac
