#!/usr/bin/env bash
# `flowcause report` opened in a real browser: Debian's chromium (installed with apt-get on
# first use) renders the report of every bundled scenario, with its topology and without, and
# report_browser.py checks each page (no console error, a diagram for each drawn pattern with
# the checkpoint diagnose names marked, the counts of --output summary, a screenshot that is not
# blank). One browser start for all pages. docs/report.md, "Checked in a browser".
#
#   bash Tests/Integration/report-browser.sh            the test
#   bash Tests/Integration/report-browser.sh --images   also remakes docs/images/*.png
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"

CHROMIUM=$(command -v chromium || true)
if [ -z "$CHROMIUM" ]; then
  echo "report-browser: installing Debian's chromium" >&2
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    chromium fonts-dejavu-core >/dev/null
  CHROMIUM=$(command -v chromium)
fi

swift build -q --product flowcause
FLOWCAUSE="$ROOT/.build/debug/flowcause"
WORK="$ROOT/.build/report-browser"
rm -rf "$WORK" && mkdir -p "$WORK"

cases="["
separator=""
for folder in Scenarios/*/; do
  folder=${folder%/}
  name=$(basename "$folder")
  log="$folder/flows.log"
  [ -f "$log" ] || continue
  variants=("logs-only")
  [ -e "$folder/topology" ] && variants+=("topology")
  for variant in "${variants[@]}"; do
    options=()
    [ "$variant" = topology ] && options=(--topology "$folder/topology")
    base="$WORK/$name.$variant"
    # Exit 0, or 65 for a scenario whose log holds a line it reports as bad on purpose.
    status=0
    "$FLOWCAUSE" report "${options[@]}" "$log" --out "$base.html" 2>"$base.stderr" || status=$?
    if [ "$status" != 0 ] && [ "$status" != 65 ]; then
      echo "report-browser: FAIL: $name ($variant): report exited $status" >&2
      cat "$base.stderr" >&2
      exit 1
    fi
    "$FLOWCAUSE" diagnose "${options[@]}" --output summary "$log" >"$base.summary.json" 2>/dev/null || true
    "$FLOWCAUSE" diagnose "${options[@]}" --output jsonl "$log" >"$base.jsonl" 2>/dev/null || true
    cases+="$separator{\"name\": \"$name ($variant)\", \"page\": \"$base.html\", "
    cases+="\"summary\": \"$base.summary.json\", \"jsonl\": \"$base.jsonl\"}"
    separator=", "
  done
done
echo "$cases]" >"$WORK/cases.json"
python3 "$HERE/report_browser.py" "$CHROMIUM" "$WORK/cases.json"

if [ "${1:-}" = "--images" ]; then
  # The pictures docs/report.md shows, from the scenario the README diagnoses.
  scenario=Scenarios/nacl-missing-ephemeral-outbound
  mkdir -p docs/images
  python3 "$HERE/report_browser.py" "$CHROMIUM" --shoot \
    "$WORK/nacl-missing-ephemeral-outbound.topology.html" docs/images/report.png 1100 2200
  "$FLOWCAUSE" trace --topology "$scenario/topology" --from 192.0.2.140 \
    --to eni-0a1b7f3c9d5e70505 --protocol tcp --port 80 --source-port 52814 \
    --output svg >"$WORK/trace.svg" || true
  height=$(grep -o 'height="[0-9]*"' "$WORK/trace.svg" | head -1 | tr -dc 0-9)
  python3 "$HERE/report_browser.py" "$CHROMIUM" --shoot "$WORK/trace.svg" \
    docs/images/trace-svg.png 1040 "$height"
  echo "report-browser: wrote docs/images/report.png and docs/images/trace-svg.png"
fi
