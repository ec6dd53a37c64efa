#!/usr/bin/env bash
# Checks the exports of the bundled case with the platforms' own tools, as a new user would:
#   STIX 2.1    stix2-validator --strict, and the stix2 library with allow_custom=False
#   MISP        PyMISP loads the event; every tag is a machinetag of a MISP taxonomy (pytaxonomies);
#               the analyst data (Opinion, Note) loads
#   ClaimReview Google's fact-check markup requirements (scripts/validators/check_exports.py)
# then imports each STIX and MISP export back and checks the ledger with `corroborate check`.
# The validators live in a venv made from scripts/validators/requirements.txt, kept (keyed by the
# file's hash) under ${VALIDATORS_VENV:-target/validators} so that CI installs them once.
# Usage: scripts/validate-exports.sh [path/to/corroborate]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-}
if [ -z "$bin" ]; then
    cargo build --quiet --locked
    bin="${CARGO_TARGET_DIR:-target}/debug/corroborate"
fi
req=scripts/validators/requirements.txt
venv=${VALIDATORS_VENV:-${CARGO_TARGET_DIR:-target}/validators}
stamp="$venv/.requirements-$(sha256sum "$req" | cut -c1-16)"
if [ ! -e "$stamp" ]; then
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req"
    touch "$stamp"
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$bin" export --to stix --tlp amber --namespace example.org -o "$dir/bundle.json"
"$bin" export --to misp --tlp amber -o "$dir/event.json"
"$bin" export --to claimreview --base-url https://example.org/fact-checks -o "$dir/reviews.json"
echo "== stix2-validator --strict"
"$venv/bin/stix2_validator" --strict "$dir/bundle.json"
"$venv/bin/python" scripts/validators/check_exports.py "$dir/bundle.json" "$dir/event.json" "$dir/reviews.json"
echo "== import back, then check"
"$bin" import stix "$dir/bundle.json" -o "$dir/from-stix.toml"
"$bin" check "$dir/from-stix.toml"
"$bin" import misp "$dir/event.json" -o "$dir/from-misp.toml"
"$bin" check "$dir/from-misp.toml"
echo "exports validated"
