#!/usr/bin/env bash
# Spark in local mode against the in-process run, on the synthetic benchmark (`corroborate synth`,
# 100 sources, coverage 0.1, 4 values, seed 1) at 1M and 10M assertions: wall time and peak memory
# (/usr/bin/time -v: the largest resident set of the process and its children, which for
# spark-submit is the driver JVM that runs local mode), and Spark with 1 and 2 executor cores
# (`local[1]`, `local[2]`). Every run's report is compared with the in-process one (every number
# within 1e-9, the same iterations) by scripts/spark/compare.py.
#
# Spark on one machine is slower than the in-process run: it pays for the JVM, the query planner
# and a job per iteration. What it buys is the same numbers on a cluster whose memory is the sum
# of its machines'.
#
# Usage: nice -n 10 bash benches/spark.sh          (SIZES="1000000" for the 1M row only;
#        METHOD=em for EM instead of the default bayes; STRUCTURE=false for bayes with every
#        question categorical, without the pass that tells the kinds of values; KEEP=1 keeps
#        target/spark-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000000 10000000"}
METHOD=${METHOD:-bayes}
# bayes as Spark runs the default rubric: structured values on, copy detection (refused) off.
STRUCTURE=${STRUCTURE:-true}
CORES=${CORES:-"2 1"}
DRIVER_MEMORY=${DRIVER_MEMORY:-8g}
python=$(bash scripts/spark-env.sh)
bin_dir=$(dirname "$python")
cargo build --release --locked --quiet
bin="$PWD/${CARGO_TARGET_DIR:-target}/release/corroborate"
work="${CARGO_TARGET_DIR:-target}/spark-bench"
rm -rf "$work"
mkdir -p "$work"
if [ "$METHOD" = bayes ]; then
    table=$'method = "bayes"\ncopying = false\nstructure = '"$STRUCTURE"
else
    table="method = \"$METHOD\""
fi
{ cat config/default.toml; printf '\n[reliability]\n%s\n' "$table"; } > "$work/rubric.toml"
"$bin" spark-job --rubric "$work/rubric.toml" -o "$work/job.py"

# Seconds and peak MB of a command, from GNU time's report.
measure() {
    local log=$1
    shift
    /usr/bin/time -v "$@" 2> "$log" > /dev/null || { tail -20 "$log" >&2; return 1; }
    local wall kb
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log")
    kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
    python3 -c "
import sys
parts = [float(x) for x in sys.argv[1].split(':')]
s = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
print(f'{s:.1f} {int(sys.argv[2]) / 1024:.0f}')" "$wall" "$kb"
}

echo "# corroborate on Spark (local mode) against in process"
echo
echo "machine: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n1), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM; $(java -version 2>&1 | head -n1); pyspark $("$python" -c 'import pyspark; print(pyspark.__version__)'); method \`$METHOD\` (copying off, structure $STRUCTURE); driver memory $DRIVER_MEMORY"
echo
echo "| assertions | run | seconds | peak MB | iterations | vs in process | largest difference |"
echo "|---:|---|---:|---:|---:|---:|---:|"
for n in $SIZES; do
    d="$work/$n"
    mkdir -p "$d"
    "$bin" synth --assertions "$n" --seed 1 -o "$d/t.csv" --gold "$d/g.csv" > /dev/null
    read -r s0 m0 < <(measure "$d/in.log" "$bin" report "$d/t.csv" --rubric "$work/rubric.toml" --format json -o "$d/in.json")
    iters=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['reliability']['iterations'])" "$d/in.json")
    echo "| $n | in process (\`report --format json\`) | $s0 | $m0 | $iters | 1.0× | – |"
    for k in $CORES; do
        out="$d/out-$k"
        read -r s m < <(PATH="$bin_dir:$PATH" measure "$d/spark-$k.log" "$bin_dir/spark-submit" \
            --master "local[$k]" --driver-memory "$DRIVER_MEMORY" "$work/job.py" --input "$d/t.csv" --output "$out")
        "$bin" report --from-spark "$out" --format json -o "$d/spark-$k.json"
        # A disagreement is recorded in the table, not a reason to stop the bench.
        diff=$("$python" scripts/spark/compare.py "$d/in.json" "$d/spark-$k.json" 2>&1) ||
            diff="NOT within the bounds: $diff"
        ratio=$(python3 -c "import sys; print(f'{float(sys.argv[1]) / max(float(sys.argv[2]), 0.001):.0f}×')" "$s" "$s0")
        it=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['reliability']['iterations'])" "$d/spark-$k.json")
        echo "| $n | Spark \`local[$k]\` (spark-submit, whole) | $s | $m | $it | $ratio | $diff |"
    done
done
echo
echo "Peak MB of the in-process run per (source, claim) pair: see the rows above ÷ the pairs in counts.pairs."
if [ -z "${KEEP:-}" ]; then
    rm -rf "$work"
fi
