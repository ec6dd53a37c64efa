#!/usr/bin/env bash
# Timeline and HTML report at the sizes of issue 12, against the JSON report of the same ledger, in
# one run: 2,000 and 30,000 dated reports on one claim (200 sources, four stances, over 1,500 days)
# and a `cites` chain 100,000 reports long (each report repeats the one before; 100 a day). Each is
# a separate process of the release binary under /usr/bin/time (wall seconds, peak resident memory).
# The ratio is timeline (or HTML) seconds over JSON-report seconds: about 1 when the timeline is one
# sweep over the reports; it grew with the reports when each listed report was looked up by a scan.
#
#   bash benches/timeline_scale.sh        (WORK: scratch directory, default target/timeline-scale)
set -euo pipefail
cd "$(dirname "$0")/.."
work="${WORK:-target/timeline-scale}"
mkdir -p "$work"
cargo build --release --locked -q
bin=target/release/corroborate
python3 - "$work" <<'PY'
import datetime, sys
work = sys.argv[1]
def gen(n, path, chain=False):
    out = ['[case]\ntitle = "scale"\n']
    for i in range(200):
        kind = ["newspaper", "government", "wire-agency", "social-media"][i % 4]
        out.append(f'[[sources]]\nid = "s{i}"\nname = "S{i}"\nkind = "{kind}"\n')
    out.append('[[claims]]\nid = "c"\nstatement = "C"\n')
    base = datetime.date(2020, 1, 1)
    for i in range(n):
        d = base + datetime.timedelta(days=(i // 100) if chain else (i % 1500))
        stance = "supports" if chain else ["supports", "refutes", "repeats", "cannot-confirm"][i % 4]
        s = f'[[reports]]\nid = "r{i}"\nclaim = "c"\nsource = "s{i % 200}"\nstance = "{stance}"\nstated = {d}\n'
        if chain and i > 0:
            s += f'cites = "r{i - 1}"\n'
        out.append(s)
    open(f"{work}/{path}", "w").write("\n".join(out))
gen(2000, "dated-2k.toml")
gen(30000, "dated-30k.toml")
gen(100000, "chain-100k.toml", chain=True)
PY
measure() { # prints "seconds peak-KB"
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$bin" "$@" > /dev/null
  cat "$work/time.txt"
}
printf '%-16s %-22s %8s %10s %6s\n' ledger command seconds peak-MB ratio
for f in dated-2k dated-30k chain-100k; do
  read -r js jm < <(measure report --format json "$work/$f.toml")
  printf '%-16s %-22s %8s %10s %6s\n' "$f" "report --format json" "$js" "$((jm / 1024))" "1.00"
  for cmd in "timeline c" "report --format html"; do
    # shellcheck disable=SC2086
    read -r s m < <(measure $cmd "$work/$f.toml")
    printf '%-16s %-22s %8s %10s %6s\n' "$f" "$cmd" "$s" "$((m / 1024))" \
      "$(python3 -c "print(f'{$s / max($js, 0.01):.2f}')")"
  done
done
