#!/usr/bin/env bash
# Makes the Python venv that runs corroborate's generated Spark job in local mode, and prints the
# python to use (the venv's; its bin/ also holds spark-submit).
#   - Java 17 or newer must be on PATH (Spark 4 runs on Java 17/21); when `java` is missing and apt is
#     there, installs Debian's openjdk-17-jre-headless. An older java is refused, not replaced.
#   - The venv is made from scripts/spark/requirements.txt and kept, keyed by that file's hash, under
#     ${SPARK_VENV:-${CARGO_TARGET_DIR:-target}/spark-venv}, so that CI installs it once.
# Usage: python=$(scripts/spark-env.sh)   (progress goes to stderr, only the python to stdout)
set -euo pipefail
cd "$(dirname "$0")/.."
say() { echo "spark-env: $*" >&2; }

if ! command -v java >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1; then
        say "java is missing: installing openjdk-17-jre-headless with apt-get"
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >&2
    else
        say "java is missing and apt-get is not there: install Java 17 or newer and try again"
        exit 1
    fi
fi
# `java -version` prints e.g. `openjdk version "17.0.15" 2025-04-15` (or "1.8.0_…" for Java 8).
jv=$(java -version 2>&1 | sed -n 's/.*version "\([0-9][0-9.]*\).*/\1/p' | head -n1)
major=${jv%%.*}
[ "$major" = 1 ] && major=$(echo "$jv" | cut -d. -f2)
if [ -z "$major" ] || [ "$major" -lt 17 ]; then
    say "Spark 4 needs Java 17 or newer; \`java -version\` says ${jv:-nothing readable}"
    exit 1
fi

req=scripts/spark/requirements.txt
venv=${SPARK_VENV:-${CARGO_TARGET_DIR:-target}/spark-venv}
stamp="$venv/.requirements-$(sha256sum "$req" | cut -c1-16)"
if [ ! -e "$stamp" ]; then
    say "making the Spark venv in $venv (pyspark is about 450 MB)"
    rm -rf "$venv"
    # A venv that did not install whole is removed, not left to hold the disk or look made.
    trap 'rm -rf "$venv"' ERR
    python3 -m venv "$venv"
    # Without pip's cache: the download and its built wheel would double the disk it needs.
    "$venv/bin/pip" install --quiet --no-cache-dir --disable-pip-version-check -r "$req" >&2
    trap - ERR
    touch "$stamp"
fi
# An absolute path, so that callers may run it from any directory.
echo "$(cd "$venv" && pwd)/bin/python"
