#!/usr/bin/env bash
# The generated Spark job against the in-process run on the realistic synthetic sets of
# benches/realistic_sets.py (numbers, daily readings, times, author lists, labels: the kinds of
# values that structured values link), with the default rubric as Spark runs it (structured values
# on, copy detection off). For each set: the questions by kind, the Spark run's wall time in local
# mode, and the largest difference of any number between the two JSON reports, with --gold
# (scripts/spark/compare.py, which fails above 1e-9 or on any other difference, the iterations
# included).
#
# Usage: nice -n 10 bash benches/spark_realistic.sh        (SEED=N for other sets; CORES=k)
set -euo pipefail
cd "$(dirname "$0")/.."
SEED=${SEED:-1}
CORES=${CORES:-2}
python=$(bash scripts/spark-env.sh)
bin_dir=$(dirname "$python")
cargo build --release --locked --quiet
bin="$PWD/${CARGO_TARGET_DIR:-target}/release/corroborate"
work="${CARGO_TARGET_DIR:-target}/spark-realistic"
rm -rf "$work"
mkdir -p "$work"
python3 benches/realistic_sets.py "$work" "$SEED" > /dev/null
{ cat config/default.toml; printf '\n[reliability]\ncopying = false\n'; } > "$work/rubric.toml"
"$bin" spark-job --rubric "$work/rubric.toml" -o "$work/job.py"

echo "# corroborate on Spark (local[$CORES]) against in process: realistic sets (seed $SEED)"
echo
echo "| set | questions by kind | iterations | Spark seconds | largest difference |"
echo "|---|---|---:|---:|---:|"
for n in populations weather flights authors labels; do
    d="$work/$n"
    start=$(date +%s.%N)
    PATH="$bin_dir:$PATH" spark-submit --master "local[$CORES]" --driver-memory 2g "$work/job.py" \
        --input "$work/$n.csv" --output "$d" > /dev/null 2> "$work/$n.log" || { tail -20 "$work/$n.log" >&2; exit 1; }
    secs=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)")
    "$bin" report "$work/$n.csv" --rubric "$work/rubric.toml" --gold "$work/$n-gold.csv" --format json > "$work/$n-here.json"
    "$bin" report --from-spark "$d" --gold "$work/$n-gold.csv" --format json > "$work/$n-there.json"
    worst=$(python3 scripts/spark/compare.py "$work/$n-here.json" "$work/$n-there.json" | tail -n1)
    kinds=$("$bin" report --from-spark "$d" --limit 1 | sed -n 's/.*questions: //p')
    iters=$(python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['reliability']['iterations'])" "$work/$n-here.json")
    echo "| $n | $kinds | $iters | $secs | $worst |"
done
