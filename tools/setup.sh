#!/usr/bin/env bash
# Installs what the build and the tests need, skipping whatever is already present at the
# right version. Usage: tools/setup.sh build | test
#   build: the wasm target, trunk, wasm-bindgen-cli (the exact version in Cargo.lock),
#          wasm-opt (npm binaryen, into tools/node_modules) and wasm-split-cli.
#   test:  all of build, plus Debian's chromium, chromium-driver, firefox-esr, a CJK font,
#          libreoffice-writer-nogui and the e2e npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "need root to run: $*"; exit 1
  fi
}

wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

trunk_tool() {
  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION (compiles for about 12 minutes on 2 cores, once)"
    cargo install --locked "trunk@$TRUNK_VERSION"
  fi
}

# The CLI must be exactly the version of the wasm-bindgen crate that Cargo.lock resolved.
wasm_bindgen_tool() {
  [ -f Cargo.lock ] || cargo generate-lockfile
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
  if [ -z "$want" ]; then say "no wasm-bindgen in Cargo.lock"; exit 1; fi
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $want" ]; then
    say "installing wasm-bindgen-cli $want"
    # Some releases cannot install with --locked (a locked dependency left the registry).
    cargo install --locked wasm-bindgen-cli --version "=$want" ||
      cargo install wasm-bindgen-cli --version "=$want"
  fi
}

# Cuts the pages marked `#[lazy]` out of the app's wasm into chunks fetched on first use
# (tools/split.mjs); about a minute to compile, once.
WASM_SPLIT_VERSION=0.2.3
wasm_split_tool() {
  if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    say "installing wasm-split-cli $WASM_SPLIT_VERSION"
    cargo install --locked wasm_split_cli_support --version "=$WASM_SPLIT_VERSION" \
      --features build-binary
  fi
}

# trunk builds offline (Trunk.toml), so every crate the build needs is fetched first: once
# on a new machine, a moment's check after.
crates() {
  cargo fetch --locked
}

wasm_opt_tool() {
  if [ ! -x tools/node_modules/.bin/wasm-opt ] ||
    [ tools/package.json -nt tools/node_modules/.package-lock.json ]; then
    say "installing wasm-opt (npm binaryen) into tools/node_modules"
    npm install --prefix tools --no-audit --no-fund --loglevel=error
  fi
}

# Chromium and its driver for the browser tests; a CJK font so that screenshots and printed
# pages show Chinese text (an office PC has one; a bare test machine does not); poppler's
# pdftotext and unzip, with which the report test reads the printed PDF and the downloads.
browsers() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] ||
    [ ! -d /usr/share/fonts/opentype/noto ] || [ ! -x /usr/bin/pdftotext ] ||
    [ ! -x /usr/bin/unzip ]; then
    say "installing Debian's chromium, chromium-driver, fonts-noto-cjk, poppler-utils, unzip"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y \
      chromium chromium-driver fonts-noto-cjk poppler-utils unzip
  fi
}

# LibreOffice's writer without a desktop: the report test turns the downloaded DOCX into a
# PDF with it and compares that with the printed page.
office_suite() {
  if [ ! -x /usr/bin/soffice ]; then
    say "installing Debian's libreoffice-writer-nogui"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libreoffice-writer-nogui
  fi
}

# Firefox for the smoke suite (tests/e2e/firefox): Debian's ESR, driven over WebDriver BiDi.
firefox() {
  if [ ! -x /usr/bin/firefox-esr ]; then
    say "installing Debian's firefox-esr"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y firefox-esr
  fi
}

e2e_packages() {
  if [ ! -d tests/e2e/node_modules ] ||
    [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
    say "installing the end-to-end suite's npm packages"
    npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error
  fi
}

case "${1:-build}" in
  build) wasm_target; trunk_tool; wasm_bindgen_tool; wasm_opt_tool; wasm_split_tool; crates ;;
  test) wasm_target; trunk_tool; wasm_bindgen_tool; wasm_opt_tool; wasm_split_tool; crates; browsers; office_suite; firefox; e2e_packages ;;
  *) echo "usage: $0 build|test" >&2; exit 2 ;;
esac
