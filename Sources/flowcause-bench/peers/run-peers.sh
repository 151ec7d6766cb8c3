#!/usr/bin/env bash
# flowcause against DuckDB and polars (issue 6): the same jobs on the same files in the same run.
#
#   bash Sources/flowcause-bench/peers/run-peers.sh [--records N] [--seed S] [--runs R]
#                                                   [--profile quiet|busy] [--rate R]
#   bash Sources/flowcause-bench/peers/run-peers.sh --scaling "1000000 10000000 50000000" [--runs R]
#   bash Sources/flowcause-bench/peers/run-peers.sh --s3-day [--rate R] [--records N] [--runs R]
#
# Makes .build/peers-venv (python3 -m venv) with pinned duckdb and polars from PyPI, builds
# flowcause and flowcause-bench in release, generates in .build/peers-data the v2 flow log with
# `flowcause-bench generate` (or reuses it) at a fixed rate (7,000 records a minute, about 10
# million a day), the topology it ran on, a gzip copy, and a flow log of twice the records at
# the same rate; then runs peers.py, which times every job as a whole process, reads its peak
# RSS, checks every result against the generator's expected.json (counts, and the true cause
# of every REJECT) and prints the table and the ratios of issue 6.
# --profile busy writes a busy day instead (a web service on the internet at --rate records a
# second, default 800: scanners, backscatter, NAT egress, a database tier whose replies a
# network ACL cuts; docs/performance.md, "The busy day").
# --scaling times only flowcause diagnose on flow logs of each size, to show how cost grows.
# --s3-day writes a busy day (a whole day at --rate: 69,120,000 records at 800 a second, unless
# --records says fewer) as 24 hourly .log.gz objects in AWS's key layout, and times
# `flowcause diagnose` of the folder against `zcat` of the objects.
# Exit 0 when every check passed (speed goals are reported, never asserted), 1 when a check or
# a step failed, 2 on a usage error. docs/performance.md ("Against DuckDB and polars") has the
# jobs and the numbers.
set -euo pipefail

DUCKDB_VERSION=1.5.6
POLARS_VERSION=1.44.2

records=1000000
seed=1
runs=3
scaling=""
s3_day=""
records_given=""
per_window=7000
profile=quiet
rate=800

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
  case "$1" in
    --records) records="${2:-}"; records_given=1; shift 2 || { usage >&2; exit 2; } ;;
    --s3-day) s3_day=1; shift ;;
    --seed) seed="${2:-}"; shift 2 || { usage >&2; exit 2; } ;;
    --runs) runs="${2:-}"; shift 2 || { usage >&2; exit 2; } ;;
    --scaling) scaling="${2:-}"; shift 2 || { usage >&2; exit 2; } ;;
    --profile) profile="${2:-}"; shift 2 || { usage >&2; exit 2; } ;;
    --rate) rate="${2:-}"; shift 2 || { usage >&2; exit 2; } ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run-peers.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
for value in "$records" "$seed" "$runs" "$rate" $scaling; do
  case "$value" in
    ''|*[!0-9]*) echo "run-peers.sh: --records, --seed, --runs and --rate take whole numbers" >&2; exit 2 ;;
  esac
done
case "$profile" in
  quiet|busy) ;;
  *) echo "run-peers.sh: --profile takes quiet or busy" >&2; exit 2 ;;
esac
if [ "$records" -lt 1 ] || [ "$runs" -lt 1 ]; then
  echo "run-peers.sh: --records and --runs must be at least 1" >&2
  exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cd "$root"

venv="$root/.build/peers-venv"
data_dir="$root/.build/peers-data"
mkdir -p "$data_dir"

# 1. The virtual environment, with the pinned peers.
python="$venv/bin/python"
if ! "$python" -c "
import duckdb, polars, sys
sys.exit(0 if (duckdb.__version__, polars.__version__) == ('$DUCKDB_VERSION', '$POLARS_VERSION') else 1)
" 2>/dev/null; then
  echo "== installing duckdb $DUCKDB_VERSION and polars $POLARS_VERSION into $venv" >&2
  if [ ! -x "$python" ]; then
    python3 -m venv "$venv" || {
      echo "run-peers.sh: 'python3 -m venv' failed (on Debian: apt-get install python3-venv)" >&2
      exit 1
    }
  fi
  "$python" -m pip install --quiet --disable-pip-version-check \
    "duckdb==$DUCKDB_VERSION" "polars==$POLARS_VERSION"
fi

# 2. The release builds.
echo "== swift build -c release (flowcause, flowcause-bench)" >&2
swift build -c release --product flowcause-bench >&2
swift build -c release --product flowcause >&2
bin="$(swift build -c release --show-bin-path)"

# 3. The data: the generator's v2 flow log at a fixed rate, its topology and counts, and a gzip
# copy. Reused while the counts file matches the file's size, N, the seed and the generator
# version (and the .gz is newer than the text).
generate() {  # generate N [gzip]: sets file, expected, topology; makes FILE.gz when asked
  local n="$1" zip="${2:-}"
  if [ "$profile" = busy ]; then
    file="$data_dir/busy-v2-n$n-s$seed-r$rate.log"
  else
    file="$data_dir/flows-v2-n$n-s$seed-w$per_window.log"
  fi
  expected="$file.expected.json"
  topology="$file.topology.json"
  if [ -f "$file" ] && [ -f "$expected" ] && [ -f "$topology" ] &&
    { [ -z "$zip" ] || { [ -f "$file.gz" ] && [ "$file.gz" -nt "$file" ]; }; } &&
    "$python" - "$file" "$expected" "$n" "$seed" "$generator_version" <<'EOF'
import json, os, sys
path, counts_path, records, seed, version = sys.argv[1:6]
counts = json.load(open(counts_path))
ok = (counts.get("format") == "v2" and counts.get("records") == int(records)
      and counts.get("seed") == int(seed) and counts.get("generator") == int(version)
      and counts.get("bytes") == os.path.getsize(path))
sys.exit(0 if ok else 1)
EOF
  then
    echo "== reusing $file" >&2
    return
  fi
  echo "== generating $file" >&2
  rm -f "$file.gz"
  if [ "$profile" = busy ]; then
    "$bin/flowcause-bench" generate --records "$n" --seed "$seed" --format v2 \
      --profile busy --rate "$rate" --topology "$topology" --out "$file" >&2
  else
    "$bin/flowcause-bench" generate --records "$n" --seed "$seed" --format v2 \
      --per-window "$per_window" --topology "$topology" --out "$file" >&2
  fi
  if [ -n "$zip" ]; then
    echo "== gzip -c -n $file > $file.gz" >&2
    gzip -c -n "$file" > "$file.gz.partial"
    mv "$file.gz.partial" "$file.gz"
  fi
}
generator_source="$root/Sources/flowcause-bench/FlowLogGenerator.swift"
if [ "$profile" = busy ]; then generator_source="$root/Sources/flowcause-bench/BusyDayGenerator.swift"; fi
generator_version="$(sed -n 's/^  static let version = \([0-9]*\)$/\1/p' "$generator_source")"

if [ -n "$scaling" ]; then
  inputs=()
  for n in $scaling; do
    generate "$n"
    inputs+=("$file:$topology:$expected")
  done
  exec "$python" "$here/peers.py" scale --flowcause "$bin/flowcause" \
    --work "$data_dir/scale-s$seed" --runs "$runs" "${inputs[@]}"
fi

if [ -n "$s3_day" ]; then
  profile=busy
  generator_version="$(sed -n 's/^  static let version = \([0-9]*\)$/\1/p' \
    "$root/Sources/flowcause-bench/BusyDayGenerator.swift")"
  if [ -z "$records_given" ]; then records=$((rate * 86400)); fi
  generate "$records"
  exec "$python" "$here/peers.py" s3day --file "$file" --topology "$topology" \
    --expected "$expected" --flowcause "$bin/flowcause" --work "$data_dir/s3day-n$records-s$seed-r$rate" \
    --runs "$runs"
fi

generate "$((records * 2))"
double="$file"
generate "$records" gzip

# 4. The jobs, the checks and the table.
exec "$python" "$here/peers.py" run --file "$file" --gz "$file.gz" --expected "$expected" \
  --topology "$topology" --double "$double" --flowcause "$bin/flowcause" \
  --bench "$bin/flowcause-bench" --work "$data_dir/out-$profile-n$records-s$seed" --runs "$runs"
