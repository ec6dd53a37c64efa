#!/usr/bin/env bash
# Calibration of the default rubric against rumours whose outcome became known (BENCHMARKS.md,
# "Calibration against real outcomes").
#
#   bash benches/calibration.sh NEWS.csv THREADS.jsonl [OUT]
#
# NEWS.csv is the news-rumour set (Emergent) and THREADS.jsonl the Twitter rumour threads
# (RumourEval 2019), in the native forms that benches/rumours.py reads (see its header). For each
# file it prints rumours.py's figures (the default rubric, the base rate, the support share; with
# every report in force and with what was known 24 hours after a claim's first report), then fits a
# rubric to the file's ledger with `corroborate fit` (whose cross-validated figures estimate how
# the fit does on claims it has not seen), again with --half-true (each outcome's claims weighing
# half: what the claims say about evidence, whatever their share of true ones) and, for claims
# tagged with their news event (the threads), with each event kept in one fold (--group event:);
# and writes the calibration report with its reliability diagram as HTML into OUT (default
# target/calibration).
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: bash benches/calibration.sh NEWS.csv THREADS.jsonl [OUT]" >&2; exit 2; }
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${3:-$root/target/calibration}"
mkdir -p "$out"
if [ -z "${CORROBORATE:-}" ]; then
  (cd "$root" && cargo build --release --locked --quiet)
  CORROBORATE="$root/target/release/corroborate"
fi
export CORROBORATE
echo "corroborate: $("$CORROBORATE" --version)"
for f in "$1" "$2"; do
  name="$(basename "$f")"; name="${name%.*}"
  echo; echo "== $name ($f)"
  python3 "$root/benches/rumours.py" "$f" --keep "$out/$name"
  echo "-- fit on every resolved claim of $name (penalised maximum likelihood, 5-fold cross-validation)"
  "$CORROBORATE" fit "$out/$name/all.toml" -o "$out/$name/fitted.toml" --force 2>&1 \
    | sed -n '/^┌─*┬─*┬─*┬─*┬─*┐$/,/^Wrote /p' | grep -v -E "^(┌|╞|└|Wrote )" || true
  echo "-- the same fit for claims half true (--half-true: each outcome's claims weigh half)"
  "$CORROBORATE" fit "$out/$name/all.toml" -o "$out/$name/fitted-half-true.toml" --force --half-true 2>&1 \
    | sed -n '/^┌─*┬─*┬─*┬─*┬─*┐$/,/^Wrote /p' | grep -v -E "^(┌|╞|└|Wrote )" || true
  if grep -q '^tags = \["event:' "$out/$name/all.toml"; then
    # The threads come from a few news events, and the held-out threads from events of their
    # own: folds that keep each event whole estimate how a fit does on a new event.
    echo "-- the plain fit again, each news event's claims kept in one fold (--group event:)"
    "$CORROBORATE" fit "$out/$name/all.toml" -o "$out/$name/fitted-by-event.toml" --force --group event: 2>&1 \
      | sed -n '/^┌─*┬─*┬─*┬─*┬─*┐$/,/^Wrote /p' | grep -v -E "^(┌|╞|└|Wrote )" || true
  fi
  "$CORROBORATE" calibrate "$out/$name/all.toml" --format html -o "$out/$name/calibration.html" --force
  echo "-- reliability diagram: $out/$name/calibration.html"
done
