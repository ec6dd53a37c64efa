#!/usr/bin/env bash
# Runs every fuzz target for a while (default 600 s each) from the committed seed corpus.
# Usage: fuzz/run.sh [SECONDS] [TARGET...]
# Needs cargo-fuzz (installed here if missing). Works on stable Rust without a sanitizer (`-s none`):
# libFuzzer still finds panics, overflows (debug assertions are on) and hangs (-timeout).
# A crash leaves its input in fuzz/artifacts/TARGET/; keep it as a regression test under
# tests/hostile/ and fix the cause.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-600}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo fuzz list 2>/dev/null || ls fuzz_targets | sed 's/\.rs$//')
fi
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  [ -d "seeds/$t" ] && cp -n seeds/"$t"/* "corpus/$t/" 2>/dev/null || true
  echo "== $t: ${secs}s"
  # Built first, on its own: a target that no longer compiles stops the script with the error
  # (the run below keeps only libFuzzer's summary lines).
  cargo fuzz build -s none "$t"
  cargo fuzz run -s none "$t" "corpus/$t" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 2>&1 \
    | grep -E "^(#[0-9]+.*(DONE|pulse)|stat::|SUMMARY|==[0-9]+== ERROR|Done [0-9]+ runs)" || true
done
