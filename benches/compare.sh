#!/usr/bin/env bash
# corroborate against two Python truth-discovery peers, end to end, in one run. BENCHMARKS.md holds
# the output of a run and how to read it.
#
#   bash benches/compare.sh
#
# 1. Synthetic benchmark (`corroborate synth`: 100 sources, coverage 0.1, N = 1 000 000 assertions,
#    4 values, accuracies uniform in [0.2, 0.95], seed 1) timed end to end, each a separate process
#    under /usr/bin/time (wall seconds, peak resident memory):
#      bare read   examples/bare_read.rs: the `csv` crate reading every record, nothing else;
#      wc -l       for scale;
#      learn       `corroborate report` with a one-row table: read + learn reliability + score (the
#                  target's "reading plus learning": no gold file);
#      learn+gold  the same with `--gold`: the gold file read too, and the accuracy measured;
#      end to end  `corroborate report --format json` to a file: read + learn + score + JSON out;
#      truthdiscovery 1.0.4: every algorithm in one process for accuracy, then the best one alone,
#                  timed (reading the CSV and building its Dataset included);
#      crowd-kit 1.4.2: DawidSkene and OneCoinDawidSkene, each alone, timed (pandas.read_csv
#                  included).
#    Ratios: a peer's seconds over corroborate's end-to-end seconds; learn over the bare read.
# 2. Accuracy of every method of both tools and of corroborate on the AbeBooks data (100 gold books),
#    converted by benches/book_triples.py.
# 3. N = 10 000 000 end to end: seconds and peak memory.
#
# The Python peers are installed with pip into venvs under $WORK. truthdiscovery 1.0.4 pins pycairo,
# which builds against the system's cairo: the script installs libcairo2-dev and pkg-config with apt
# when pkg-config cannot find cairo, and GNU time when /usr/bin/time is missing.
#
# Environment: WORK (scratch directory; default target/compare), N (default 1000000), SEED (1),
# BIG (default 10000000; 0 skips part 3), REPEAT (rounds of the short corroborate and baseline
# measurements, interleaved, after one warm-up round; the median of each is kept; default 11), PEER_TIMEOUT (seconds per peer process; default 1800),
# BOOK_ONECOIN_TIMEOUT (crowd-kit OneCoinDawidSkene on the book data; default 300),
# SKIP_PEERS=1 (corroborate only), BOOK_DIR (default: ../shared/data/book beside the repository).
# Every process runs under `nice -n 5`; the machine should otherwise be idle.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
WORK=${WORK:-$REPO/target/compare}
N=${N:-1000000}
SEED=${SEED:-1}
BIG=${BIG:-10000000}
REPEAT=${REPEAT:-11}
PEER_TIMEOUT=${PEER_TIMEOUT:-1800}
BOOK_ONECOIN_TIMEOUT=${BOOK_ONECOIN_TIMEOUT:-300}
SKIP_PEERS=${SKIP_PEERS:-0}
BOOK_DIR=${BOOK_DIR:-$REPO/../shared/data/book}
mkdir -p "$WORK"
RESULTS=$WORK/results.jsonl
: > "$RESULTS"
log() { printf '[compare] %s\n' "$*" >&2; }

# --- tools ------------------------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
    log "installing GNU time"
    apt-get install -y -qq time >/dev/null
fi
if [ "$SKIP_PEERS" != 1 ] && ! pkg-config --exists cairo 2>/dev/null; then
    log "installing libcairo2-dev and pkg-config (truthdiscovery pins pycairo)"
    apt-get install -y -qq libcairo2-dev pkg-config >/dev/null
fi

log "building corroborate and the bare reader (release)"
cargo build --release --locked --quiet --bin corroborate --example bare_read
TARGET=${CARGO_TARGET_DIR:-$REPO/target}
BIN=$TARGET/release/corroborate
BARE=$TARGET/release/examples/bare_read

if [ "$SKIP_PEERS" != 1 ]; then
    if [ ! -x "$WORK/venv-td/bin/python" ] || ! "$WORK/venv-td/bin/python" -c 'import truthdiscovery' 2>/dev/null; then
        log "installing truthdiscovery 1.0.4 into $WORK/venv-td"
        python3 -m venv "$WORK/venv-td"
        "$WORK/venv-td/bin/pip" install -q truthdiscovery==1.0.4
    fi
    if [ ! -x "$WORK/venv-ck/bin/python" ] || ! "$WORK/venv-ck/bin/python" -c 'import crowdkit' 2>/dev/null; then
        log "installing crowd-kit 1.4.2 into $WORK/venv-ck"
        python3 -m venv "$WORK/venv-ck"
        "$WORK/venv-ck/bin/pip" install -q crowd-kit==1.4.2
    fi
fi

# once NAME TIMEOUT CMD...: runs CMD once (stdout to $WORK/NAME.out, stderr to $WORK/NAME.err) and
# appends its wall time to $WORK/NAME.runs (measured with $EPOCHREALTIME, microseconds:
# /usr/bin/time's hundredths are too coarse for runs of a few hundredths of a second), its peak
# memory (/usr/bin/time) to $WORK/NAME.peaks and any failing status to $WORK/NAME.status.
once() {
    local name=$1 limit=$2
    shift 2
    local status=0
    local t0=$EPOCHREALTIME
    /usr/bin/time -f '%M' -o "$WORK/$name.time" timeout "$limit" nice -n 5 "$@" \
        >"$WORK/$name.out" 2>"$WORK/$name.err" || status=$?
    local t1=$EPOCHREALTIME
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", b - a }' >>"$WORK/$name.runs"
    tail -n 1 "$WORK/$name.time" >>"$WORK/$name.peaks"
    [ "$status" = 0 ] || echo "$status" >"$WORK/$name.status"
}

# summarize NAME: appends {"run", "seconds", "peak_kb", "status", "runs"} to $RESULTS: the median
# of NAME's runs, the largest peak memory, the last failing status (0 if none), every run's time.
summarize() {
    local name=$1
    local secs kb status runs
    secs=$(sort -g "$WORK/$name.runs" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    kb=$(sort -n "$WORK/$name.peaks" | tail -n 1)
    status=$(cat "$WORK/$name.status" 2>/dev/null || echo 0)
    runs=$(tr '\n' ' ' <"$WORK/$name.runs" | sed 's/ $//')
    printf '{"run": "%s", "seconds": %s, "peak_kb": %s, "status": %s, "runs": "%s"}\n' \
        "$name" "$secs" "${kb:-0}" "$status" "$runs" >>"$RESULTS"
}

# fresh NAME...: forgets earlier runs of these names.
fresh() {
    for name in "$@"; do
        rm -f "$WORK/$name.runs" "$WORK/$name.peaks" "$WORK/$name.status"
    done
}

# measure NAME TIMEOUT TIMES CMD...: runs CMD TIMES times in a row and summarizes them.
measure() {
    local name=$1 limit=$2 times_=$3
    shift 3
    log "running $name ($times_ run(s))"
    fresh "$name"
    for _ in $(seq "$times_"); do
        once "$name" "$limit" "$@"
    done
    summarize "$name"
}

# --- 1. synthetic benchmark ---------------------------------------------------------------------
T=$WORK/triples.csv
G=$WORK/gold.csv
"$BIN" synth --assertions "$N" --sources 100 --coverage 0.1 --seed "$SEED" -o "$T" --gold "$G" --force \
    >"$WORK/synth.txt"
# The short runs are interleaved, one of each per round, so that a burst of load from elsewhere on
# the machine slows all of them alike instead of one; a first round warms the binaries and the file
# and is not counted.
SHORT=(bare wc learn learn-gold end-to-end)
short_round() {
    once bare 600 "$BARE" "$T"
    once wc 600 wc -l "$T"
    once learn 600 "$BIN" report "$T" --limit 1
    once learn-gold 600 "$BIN" report "$T" --gold "$G" --limit 1
    once end-to-end 600 "$BIN" report "$T" --gold "$G" --format json
    # The JSON just written (35 MB) would otherwise be flushed to disk by the kernel during the next
    # round's first runs, slowing the bare read.
    sync
}
log "running ${SHORT[*]} ($REPEAT interleaved rounds after one not counted)"
short_round
fresh "${SHORT[@]}"
for _ in $(seq "$REPEAT"); do
    short_round
done
for name in "${SHORT[@]}"; do
    summarize "$name"
done
for m in none bayes em sums average-log investment pooled-investment truthfinder; do
    measure "method-$m" 600 1 "$BIN" report "$T" --gold "$G" --format json --method "$m"
done
if [ "$SKIP_PEERS" != 1 ]; then
    measure td-survey "$PEER_TIMEOUT" 1 "$WORK/venv-td/bin/python" benches/peers/td_run.py "$T" "$G" \
        MajorityVoting,Sums,AverageLog,Investment,PooledInvestment,TruthFinder
    BEST=$(python3 - "$WORK/td-survey.out" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print(max(rows, key=lambda r: r["accuracy"])["algorithm"] if rows else "Investment")
EOF
)
    measure td-best "$PEER_TIMEOUT" 1 "$WORK/venv-td/bin/python" benches/peers/td_run.py "$T" "$G" "$BEST"
    measure ck-ds "$PEER_TIMEOUT" 1 "$WORK/venv-ck/bin/python" benches/peers/ck_run.py "$T" "$G" DawidSkene
    measure ck-onecoin "$PEER_TIMEOUT" 1 "$WORK/venv-ck/bin/python" benches/peers/ck_run.py "$T" "$G" OneCoinDawidSkene
fi

# --- 2. AbeBooks --------------------------------------------------------------------------------
if [ -f "$BOOK_DIR/book.txt" ]; then
    python3 benches/book_triples.py "$BOOK_DIR" "$WORK/book" >"$WORK/book.txt"
    BT=$WORK/book/book-triples.csv
    BG=$WORK/book/book-gold.csv
    for m in none bayes em sums average-log investment pooled-investment truthfinder; do
        measure "book-$m" 600 1 "$BIN" report "$BT" --gold "$BG" --format json --method "$m"
    done
    if [ "$SKIP_PEERS" != 1 ]; then
        measure book-td "$PEER_TIMEOUT" 1 "$WORK/venv-td/bin/python" benches/peers/td_run.py "$BT" "$BG" \
            MajorityVoting,Sums,AverageLog,Investment,PooledInvestment,TruthFinder
        measure book-ck "$PEER_TIMEOUT" 1 "$WORK/venv-ck/bin/python" benches/peers/ck_run.py "$BT" "$BG" \
            MajorityVote,DawidSkene
        # crowd-kit's models take every distinct value as a class: thousands of author lists here, and
        # OneCoinDawidSkene ran for over an hour without finishing on this machine.
        measure book-ck-onecoin "$BOOK_ONECOIN_TIMEOUT" 1 "$WORK/venv-ck/bin/python" benches/peers/ck_run.py \
            "$BT" "$BG" OneCoinDawidSkene
    fi
else
    log "no $BOOK_DIR/book.txt: skipping the AbeBooks part"
fi

# --- 3. ten million -----------------------------------------------------------------------------
if [ "$BIG" != 0 ]; then
    "$BIN" synth --assertions "$BIG" --sources 100 --coverage 0.1 --seed "$SEED" \
        -o "$WORK/big.csv" --gold "$WORK/big-gold.csv" --force >"$WORK/big-synth.txt"
    measure big-bare 600 1 "$BARE" "$WORK/big.csv"
    measure big-end-to-end 600 1 "$BIN" report "$WORK/big.csv" --gold "$WORK/big-gold.csv" --format json
fi

# --- report -------------------------------------------------------------------------------------
python3 benches/compare_report.py "$WORK" "$N" "$BIG"
