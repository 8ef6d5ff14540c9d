#!/usr/bin/env bash
# make bench: setup, release build, the generator and its files, the bench's npm packages,
# then run.mjs, which writes docs/BENCHMARKS.md and docs/benchmarks.json. Prints the time
# the whole took. BENCH_DIR (default $TMPDIR/taizhang-bench) keeps the generated files
# between runs; a file is made again only when its seed or sizes change.
set -euo pipefail
cd "$(dirname "$0")/../.."
export BENCH_STARTED=${BENCH_STARTED:-$(date +%s)}
export BENCH_SEED=${BENCH_SEED:-9}
DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/taizhang-bench}
say() { printf '\033[1mbench:\033[0m %s\n' "$*"; }

tools/setup.sh test
make --no-print-directory build
say "building the generator (release, native)"
cargo build --release --locked --bin generate
mkdir -p "$DIR"
file_for() { echo "$DIR/ledger-$1-$2-seed$BENCH_SEED.json"; }
for size in "10000 50000" "100000 500000"; do
  set -- $size
  out=$(file_for "$1" "$2")
  if [ -s "$out" ]; then
    say "$out is there"
  else
    say "writing $out"
    target/release/generate "$1" "$2" "$BENCH_SEED" "$out.part"
    mv "$out.part" "$out"
  fi
done
export BENCH_SMALL=$(file_for 10000 50000) BENCH_BIG=$(file_for 100000 500000)
npm ci --prefix tests/bench --no-audit --no-fund --loglevel=error
node tests/bench/run.mjs
say "make bench took $(( $(date +%s) - BENCH_STARTED )) s (limit: 1200 s)"
