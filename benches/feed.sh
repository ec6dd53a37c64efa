#!/usr/bin/env bash
# The rubric path at scale (issue 15), measured as ratios in one run. BENCHMARKS.md holds the output
# of a run and how to read it.
#
#   bash benches/feed.sh
#
# Data: `examples/feed.rs` (seeded): bulk reports files `claim,source,stated,stance,via` of 100k and
# 1M reports (one claim per 50 reports, 2 000 sources, a quarter refutations, dates over 2024, one in
# ten relayed), the same reports of a smaller feed as a TOML ledger of about 60 MB, and 1M triples
# (`corroborate synth --assertions 1000000 --sources 100 --coverage 0.1 --seed 1`, as in
# benches/compare.sh).
#
# Every run is its own process under `nice -n 10` and GNU time: wall seconds (bash's
# $EPOCHREALTIME), CPU seconds (user + system) and peak resident memory. Each command runs REPEAT
# times and keeps its median times and largest peak (the 10M feed runs once). Ratios are of wall
# seconds, and of CPU seconds beside them (on a machine shared with other work the CPU ratio is the
# steadier one). Outputs go to files under $WORK.
#
# Environment: WORK (default target/feed-bench), SEED (1), BIG (default 0: skips the 10M feed; e.g.
# BIG=10000000; its JSON goes to /dev/null), TOML_REPORTS (reports of the TOML ledger; default
# 550000, about 60 MB), REPEAT (runs of each command but the 10M feed; default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
WORK=${WORK:-$REPO/target/feed-bench}
SEED=${SEED:-1}
BIG=${BIG:-0}
REPEAT=${REPEAT:-5}
TOML_REPORTS=${TOML_REPORTS:-550000}
mkdir -p "$WORK"
log() { printf '[feed] %s\n' "$*" >&2; }

if [ ! -x /usr/bin/time ]; then
    log "installing GNU time"
    apt-get install -y -qq time >/dev/null
fi
log "building corroborate and the feed generator (release)"
cargo build --release --locked --quiet --bin corroborate --example feed
TARGET=${CARGO_TARGET_DIR:-$REPO/target}
BIN=$TARGET/release/corroborate
FEED=$TARGET/release/examples/feed

[ -s "$WORK/f100k.csv" ] || "$FEED" 100000 "$SEED" > "$WORK/f100k.csv"
[ -s "$WORK/f1m.csv" ] || "$FEED" 1000000 "$SEED" > "$WORK/f1m.csv"
[ -s "$WORK/ledger.toml" ] || "$FEED" "$TOML_REPORTS" "$SEED" toml > "$WORK/ledger.toml"
[ -s "$WORK/triples.csv" ] || "$BIN" synth -o "$WORK/triples.csv" --assertions 1000000 \
    --sources 100 --coverage 0.1 --seed 1 --force > /dev/null
if [ "$BIG" != 0 ]; then
    [ -s "$WORK/fbig.csv" ] || "$FEED" "$BIG" "$SEED" > "$WORK/fbig.csv"
fi

# run NAME CMD...: one timed process; sets WALL_<NAME>, CPU_<NAME>, MB_<NAME>, RC_<NAME>. Its
# standard output goes to $WORK/NAME.stdout, or to $OUT if set.
run() {
    local name=$1
    shift
    local t0 t1 rc=0
    sync
    t0=$EPOCHREALTIME
    /usr/bin/time -f '%U %S %M' -o "$WORK/$name.time" nice -n 10 "$@" \
        > "${OUT:-$WORK/$name.stdout}" 2> "$WORK/$name.stderr" || rc=$?
    t1=$EPOCHREALTIME
    local u s m
    read -r u s m < <(tail -n 1 "$WORK/$name.time")
    printf -v "WALL_$name" '%.2f' "$(echo "$t1 - $t0" | bc -l)"
    printf -v "CPU_$name" '%.2f' "$(echo "$u + $s" | bc -l)"
    printf -v "MB_$name" '%s' "$((m / 1024))"
    printf -v "RC_$name" '%s' "$rc"
    log "$name: $(eval echo \$WALL_$name) s wall, $(eval echo \$CPU_$name) s CPU, $((m / 1024)) MB, exit $rc"
}

# measure NAME CMD...: `run` REPEAT times (default 5); keeps the median wall and CPU seconds and
# the largest peak. A single run is not a measurement here: the first write of a 36 MB output over
# an older one has cost 0.7 s of system time in one run and 0.04 s in the next.
measure() {
    local name=$1
    shift
    local walls=() cpus=() peak=0 i
    for ((i = 0; i < REPEAT; i++)); do
        run "$name" "$@"
        walls+=("$(eval echo "\$WALL_$name")")
        cpus+=("$(eval echo "\$CPU_$name")")
        local mb
        mb=$(eval echo "\$MB_$name")
        [ "$mb" -gt "$peak" ] && peak=$mb
    done
    local mid=$(((REPEAT + 1) / 2))
    printf -v "WALL_$name" '%s' "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "${mid}p")"
    printf -v "CPU_$name" '%s' "$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "${mid}p")"
    printf -v "MB_$name" '%s' "$peak"
}

log "running (each command $REPEAT times; the 10M feed once)"
measure triples "$BIN" report "$WORK/triples.csv" --format json -o "$WORK/triples.json" --force
measure r1m "$BIN" report "$WORK/f1m.csv" --format json -o "$WORK/r1m.json" --force
measure check1m "$BIN" check "$WORK/f1m.csv"
CLAIM=$(head -n 2 "$WORK/f1m.csv" | tail -n 1 | cut -d, -f1)
measure explain1m "$BIN" explain "$CLAIM" "$WORK/f1m.csv"
measure j100k "$BIN" report "$WORK/f100k.csv" --format json -o "$WORK/r100k.json" --force
measure h100k "$BIN" report "$WORK/f100k.csv" --format html -o "$WORK/r100k.html" --force
measure s100k "$BIN" sources "$WORK/f100k.csv" -o "$WORK/s100k.txt" --force
measure t100k "$BIN" timeline --all "$WORK/f100k.csv" --format json -o "$WORK/t100k.json" --force
measure toml "$BIN" report "$WORK/ledger.toml" --format json -o "$WORK/toml.json" --force
if [ "$BIG" != 0 ]; then
    # The JSON of 10M reports is about 15 GB: written to standard output, into /dev/null.
    OUT=/dev/null run big "$BIN" report "$WORK/fbig.csv" --format json
fi

ratio() { echo "scale=2; $1 / $2" | bc -l; }
ok() { if [ "$(echo "$1" | bc -l)" = 1 ]; then echo met; else echo "not met"; fi; }
size() { stat -c %s "$1" 2>/dev/null | awk '{printf "%.0f MB", $1 / 1e6}'; }

machine="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM; Linux $(uname -r); $(rustc --version)"
cat <<EOF
# corroborate: the rubric path at scale

machine: $machine; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)

data: \`cargo run --release --example feed -- N $SEED\` (N = 100 000 and 1 000 000; $(size "$WORK/f1m.csv") at 1M);
a TOML ledger of $TOML_REPORTS reports (\`-- $TOML_REPORTS $SEED toml\`, $(size "$WORK/ledger.toml"));
1M triples (\`corroborate synth --assertions 1000000 --sources 100 --coverage 0.1 --seed 1\`)

| run | wall s | CPU s | peak MB | output | exit |
|---|---:|---:|---:|---:|---:|
| 1M triples, end to end, JSON | $WALL_triples | $CPU_triples | $MB_triples | $(size "$WORK/triples.json") | $RC_triples |
| 1M reports, end to end, JSON | $WALL_r1m | $CPU_r1m | $MB_r1m | $(size "$WORK/r1m.json") | $RC_r1m |
| 1M reports, \`check\` | $WALL_check1m | $CPU_check1m | $MB_check1m | – | $RC_check1m |
| 1M reports, \`explain $CLAIM\` | $WALL_explain1m | $CPU_explain1m | $MB_explain1m | – | $RC_explain1m |
| 100k reports, JSON | $WALL_j100k | $CPU_j100k | $MB_j100k | $(size "$WORK/r100k.json") | $RC_j100k |
| 100k reports, HTML | $WALL_h100k | $CPU_h100k | $MB_h100k | $(size "$WORK/r100k.html") | $RC_h100k |
| 100k reports, \`sources\` | $WALL_s100k | $CPU_s100k | $MB_s100k | – | $RC_s100k |
| 100k reports, \`timeline --all --format json\` | $WALL_t100k | $CPU_t100k | $MB_t100k | $(size "$WORK/t100k.json") | $RC_t100k |
| TOML ledger, JSON | $WALL_toml | $CPU_toml | $MB_toml | $(size "$WORK/toml.json") | $RC_toml |
EOF
if [ "$BIG" != 0 ]; then
    echo "| $BIG reports, end to end, JSON (to /dev/null) | $WALL_big | $CPU_big | $MB_big | – | $RC_big |"
fi
cat <<EOF

Targets (ratios of wall seconds; of CPU seconds in brackets):

- 1M reports within 10× of 1M triples: $(ratio "$WALL_r1m" "$WALL_triples")× [$(ratio "$CPU_r1m" "$CPU_triples")×]: $(ok "$(ratio "$WALL_r1m" "$WALL_triples") <= 10")
- 1M reports under 500 MB: $MB_r1m MB: $(ok "$MB_r1m < 500")
- HTML on 100k within 5× of JSON: $(ratio "$WALL_h100k" "$WALL_j100k")× [$(ratio "$CPU_h100k" "$CPU_j100k")×]: $(ok "$(ratio "$WALL_h100k" "$WALL_j100k") <= 5")
- \`sources\` on 100k within 5× of JSON: $(ratio "$WALL_s100k" "$WALL_j100k")× [$(ratio "$CPU_s100k" "$CPU_j100k")×]: $(ok "$(ratio "$WALL_s100k" "$WALL_j100k") <= 5")
- \`timeline --all\` (every claim) on 100k within 5× of JSON: $(ratio "$WALL_t100k" "$WALL_j100k")× [$(ratio "$CPU_t100k" "$CPU_j100k")×]: $(ok "$(ratio "$WALL_t100k" "$WALL_j100k") <= 5")
- \`explain\` on 1M under 1 s: $WALL_explain1m s: $(ok "$WALL_explain1m < 1")
- TOML ledger under 10 s and 1 GB: $WALL_toml s, $MB_toml MB: $(ok "$WALL_toml < 10 && $MB_toml < 1024")
EOF
if [ "$BIG" != 0 ]; then
    echo "- $BIG reports under 30 s and 3 GB: $WALL_big s, $MB_big MB: $(ok "$WALL_big < 30 && $MB_big < 3072")"
fi
