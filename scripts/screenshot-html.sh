#!/bin/sh
# Renders the HTML report of a ledger (default: the bundled seeds) and screenshots it with headless
# Chromium, so that a person can look at the page. Needs Debian's `chromium` package:
#   apt-get update && apt-get install -y chromium
# Usage: scripts/screenshot-html.sh [OUT.png] [WIDTH] [HEIGHT] [-- corroborate report arguments...]
# Network is off for the browser (the page must need none) and a throwaway profile is used.
set -eu
out=${1:-/tmp/corroborate-report.png}
width=${2:-1400}
height=${3:-3000}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] && shift
[ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
bin=${CORROBORATE:-}
if [ -z "$bin" ]; then
    cargo build --quiet --locked
    bin="${CARGO_TARGET_DIR:-target}/debug/corroborate"
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$bin" report --format html -o "$dir/report.html" "$@"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --proxy-server='127.0.0.1:9' --proxy-bypass-list='<-loopback>' \
    --user-data-dir="$dir/profile" --hide-scrollbars \
    --screenshot="$out" --window-size="$width,$height" "file://$dir/report.html" 2>/dev/null
echo "$out"
