#!/usr/bin/env bash
# `flowcause lint --output sarif` read back by a SARIF reader: sarif-tools (pinned, from pip, into
# .build/sarif-venv on first use) loads each document, and the checks below compare what it reads
# with what lint found: one result per finding, the levels, rule ids and locations, and a
# baseline run that lists only new results. docs/lint.md, "--output sarif".
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"
SARIF_TOOLS_VERSION=3.0.5
VENV="$ROOT/.build/sarif-venv"
PY="$VENV/bin/python"

installed() {
  [ -x "$PY" ] &&
    "$PY" -c "import importlib.metadata as m, sys; sys.exit(m.version('sarif-tools') != '$SARIF_TOOLS_VERSION')" 2>/dev/null
}
if ! installed; then
  echo "sarif: installing sarif-tools==$SARIF_TOOLS_VERSION into $VENV" >&2
  rm -rf "$VENV"
  if python3 -m venv "$VENV" 2>/dev/null && [ -x "$VENV/bin/pip" ]; then
    "$VENV/bin/pip" install -q --disable-pip-version-check "sarif-tools==$SARIF_TOOLS_VERSION"
  else
    # No venv module (Debian without python3-venv): install into a folder and wrap it.
    rm -rf "$VENV" && mkdir -p "$VENV/bin" "$VENV/lib"
    python3 -m pip install -q --disable-pip-version-check --target "$VENV/lib" \
      "sarif-tools==$SARIF_TOOLS_VERSION" ||
      python3 -m pip install -q --disable-pip-version-check --break-system-packages \
        --target "$VENV/lib" "sarif-tools==$SARIF_TOOLS_VERSION"
    printf '#!/bin/sh\nPYTHONPATH="%s/lib" exec python3 "$@"\n' "$VENV" > "$PY"
    chmod +x "$PY"
  fi
  installed || { echo "sarif: could not install sarif-tools" >&2; exit 1; }
fi

swift build -q --product flowcause
FLOWCAUSE="$ROOT/.build/debug/flowcause"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Every bundled scenario's topology, and the captured web-app VPC: SARIF and JSON of each.
failed=0
for topology in Scenarios/*/topology; do
  name=$(basename "$(dirname "$topology")")
  "$FLOWCAUSE" lint --topology "$topology" --output sarif > "$WORK/$name.sarif" 2>/dev/null || true
  "$FLOWCAUSE" lint --topology "$topology" --output json > "$WORK/$name.json" 2>/dev/null || true
  "$FLOWCAUSE" lint --topology "$topology" --output sarif --baseline "$WORK/$name.json" \
    > "$WORK/$name.baseline.sarif" 2>/dev/null || true
  "$PY" - "$WORK/$name.sarif" "$WORK/$name.json" "$WORK/$name.baseline.sarif" "$name" <<'PY' || failed=1
import json, sys
from sarif import loader

sarif_path, json_path, baseline_path, name = sys.argv[1:]
sarif = loader.load_sarif_file(sarif_path)
findings = json.load(open(json_path))["Findings"]
results = sarif.get_results()
problems = []
if len(results) != len(findings):
    problems.append(f"{len(results)} results for {len(findings)} findings")
levels = {"error": "error", "warning": "warning", "notice": "note"}
for result, finding in zip(results, findings):
    if result.get("ruleId") != finding["FindingId"]:
        problems.append(f"ruleId {result.get('ruleId')} for {finding['FindingId']}")
    if result.get("level") != levels[finding["Severity"]]:
        problems.append(f"level {result.get('level')} for {finding['Severity']}")
    prints = result.get("partialFingerprints", {})
    if prints.get("flowcauseFinding/v1") != finding["Fingerprint"]:
        problems.append(f"fingerprint {prints} for {finding['Fingerprint']}")
    location = result["locations"][0]
    uri = location["physicalLocation"]["artifactLocation"]["uri"]
    if not uri.endswith(".json") or location["physicalLocation"]["region"]["startLine"] < 1:
        problems.append(f"location {location}")
    if location["logicalLocations"][0]["name"] != finding["ComponentId"]:
        problems.append(f"logical location {location['logicalLocations']}")
# What sarif-tools reads: its records' levels, rules, files and lines, by finding.
records = sarif.get_records()
if sarif.get_result_count() != len(findings) or len(records) != len(findings):
    problems.append(f"sarif-tools reads {sarif.get_result_count()} results")
for record, finding in zip(records, findings):
    if record.get("Severity") != levels[finding["Severity"]] or record.get("Code") != finding["FindingId"]:
        problems.append(f"sarif-tools record {record.get('Severity')} {record.get('Code')}")
    if not str(record.get("Location", "")).endswith(".json") or int(record.get("Line", 0)) < 1:
        problems.append(f"sarif-tools record without a file and line: {record}")
rules = sarif.runs[0].run_data["tool"]["driver"]["rules"]
if [r["id"] for r in rules][:3] != ["nacl-blocks-replies", "tier-replies-blocked", "nacl-blocks-outbound-replies"]:
    problems.append("rules out of order")
# Against its own baseline, nothing is new.
if loader.load_sarif_file(baseline_path).get_results():
    problems.append("the baseline run lists results")
if problems:
    print(f"sarif: {name}: " + "; ".join(problems[:5]), file=sys.stderr)
    sys.exit(1)
print(f"sarif: {name}: {len(results)} results read back")
PY
done
exit $failed
