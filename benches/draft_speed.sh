#!/usr/bin/env bash
# Speed of `corroborate draft` on a 1,000-word article, in one run: the issue's budget is 50 ms.
#
#   bash benches/draft_speed.sh
#
# The article is the test fixtures (tests/fixtures/draft/*.txt, passages written for the tests)
# repeated until it has at least 1,000 words. Each run is a separate process writing the TOML
# draft to /dev/null; `corroborate --version` is timed the same way, for the cost of starting a
# process. Prints the median and fastest wall times of REPEAT runs (default 30) and the ratio of
# the 50 ms budget to the median (above 1: within budget).
set -euo pipefail
cd "$(dirname "$0")/.."
repeat="${REPEAT:-30}"
cargo build --release --locked --quiet
bin="$PWD/target/release/corroborate"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
article="$work/article.txt"
: > "$article"
while [ "$(wc -w < "$article")" -lt 1000 ]; do
  cat tests/fixtures/draft/harbour.txt tests/fixtures/draft/briefing.txt tests/fixtures/draft/later.txt >> "$article"
  echo >> "$article"
done
words=$(wc -w < "$article")

# Wall milliseconds of each of $repeat runs of "$@", sorted.
times() {
  for _ in $(seq "$repeat"); do
    local s e
    s=$(date +%s%N)
    "$@" > /dev/null
    e=$(date +%s%N)
    echo $(( (e - s) / 1000 ))
  done | sort -n
}
median() { awk '{a[NR]=$1} END {print a[int((NR+1)/2)]/1000}'; }
fastest() { head -1 | awk '{print $1/1000}'; }

draft_t=$(times "$bin" draft "$article" --published 2025-03-06)
start_t=$(times "$bin" --version)
dm=$(echo "$draft_t" | median); df=$(echo "$draft_t" | fastest)
sm=$(echo "$start_t" | median); sf=$(echo "$start_t" | fastest)
reports=$("$bin" draft "$article" --published 2025-03-06 | grep -c '^\[\[reports\]\]')
echo "article: $words words, $reports reports drafted; $repeat runs each"
echo "draft:           median ${dm} ms, fastest ${df} ms (process start included)"
echo "process start:   median ${sm} ms, fastest ${sf} ms (corroborate --version)"
awk -v m="$dm" 'BEGIN { printf "budget 50 ms / median: %.1fx\n", 50 / m }'
