#!/usr/bin/env bash
# Screenshots the HTML report of the seeds (or of the ledgers given after `--`) with headless
# Chromium at desktop width (1400 px) and phone width (400 px), for a person to look at: the page
# must reflow at 400 px (claims as labelled blocks, timeline cards one per row, wide tables and the
# sources chart scrolling sideways at full size). Installs Debian's chromium if it is missing.
# Usage: scripts/check-html.sh [OUT_DIR] [-- corroborate report arguments...]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/html-check}
[ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
if ! command -v chromium >/dev/null; then
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
mkdir -p "$out"
for w in 1400 400; do
    scripts/screenshot-html.sh "$out/report-$w.png" "$w" 2600 -- "$@" >/dev/null
    echo "$out/report-$w.png"
done
