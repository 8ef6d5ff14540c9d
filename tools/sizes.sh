#!/usr/bin/env bash
# Prints the raw and gzip size of each wasm, js and css file in the build.
set -euo pipefail
dir=${1:-dist}
printf '%-44s %10s %10s\n' file raw gzip
for f in "$dir"/*.wasm "$dir"/*.js "$dir"/*.css; do
  [ -f "$f" ] || continue
  printf '%-44s %10s %10s\n' "$(basename "$f")" "$(stat -c %s "$f")" "$(gzip -9c "$f" | wc -c)"
done
