#!/usr/bin/env bash
# Integration suite: `flowcause collect` and `flowcause diagnose --cloudwatch/--s3` run the real
# AWS CLI against moto_server on 127.0.0.1 (a free port; nothing else is contacted).
#
#   bash Tests/Integration/aws-moto.sh
#
# Installs moto[server] and the AWS CLI (pinned) into .build/moto-venv on first use, starts
# moto_server, seeds it (seed.py: a VPC, CloudWatch Logs, an S3 bucket with flow log objects at
# AWS's key layouts), builds flowcause, then checks collect, the diagnoses (check.py against
# expected.json, argued in README.md) and the error paths (fake-aws/aws). Stops the server it
# started, by its PID, on exit.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"
MOTO_VERSION=5.2.1
AWSCLI_VERSION=1.45.11
VENV="$ROOT/.build/moto-venv"
REGION=ap-northeast-1

# --- 1. moto and the AWS CLI in a local environment (skipped when already there) ----------------
PY="$VENV/bin/python"
installed() {
  [ -x "$PY" ] && [ -x "$VENV/bin/aws" ] &&
    "$PY" -c "import moto, awscli, sys; sys.exit(moto.__version__ != '$MOTO_VERSION' or awscli.__version__ != '$AWSCLI_VERSION')" 2>/dev/null
}
if ! installed; then
  echo "aws-moto: installing moto[server]==$MOTO_VERSION and awscli==$AWSCLI_VERSION into $VENV" >&2
  rm -rf "$VENV"
  if python3 -m venv "$VENV" 2>/dev/null && [ -x "$VENV/bin/pip" ]; then
    "$VENV/bin/pip" install -q --disable-pip-version-check \
      "moto[server]==$MOTO_VERSION" "awscli==$AWSCLI_VERSION"
  else
    # No venv module (Debian without python3-venv): install into a folder and wrap it.
    rm -rf "$VENV" && mkdir -p "$VENV/bin" "$VENV/lib"
    python3 -m pip install -q --disable-pip-version-check --target "$VENV/lib" \
      "moto[server]==$MOTO_VERSION" "awscli==$AWSCLI_VERSION" ||
      python3 -m pip install -q --disable-pip-version-check --break-system-packages \
        --target "$VENV/lib" "moto[server]==$MOTO_VERSION" "awscli==$AWSCLI_VERSION"
    printf '#!/bin/sh\nPYTHONPATH="%s/lib" exec python3 "$@"\n' "$VENV" > "$PY"
    printf '#!/bin/sh\nPYTHONPATH="%s/lib" exec python3 -m awscli "$@"\n' "$VENV" > "$VENV/bin/aws"
    chmod +x "$PY" "$VENV/bin/aws"
  fi
  installed || { echo "aws-moto: could not install moto and the AWS CLI" >&2; exit 1; }
fi

# --- 2. moto_server on a free loopback port; stopped by its PID on exit --------------------------
WORK=$(mktemp -d)
PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$PY" -m moto.server -H 127.0.0.1 -p "$PORT" > "$WORK/moto.log" 2>&1 &
MOTO_PID=$!
cleanup() {
  kill "$MOTO_PID" 2>/dev/null || true
  wait "$MOTO_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
ENDPOINT="http://127.0.0.1:$PORT"
"$PY" - "$ENDPOINT" <<'PY' || { echo "aws-moto: moto_server did not start" >&2; cat "$WORK/moto.log" >&2; exit 1; }
import sys, time, urllib.request
for _ in range(100):
    try:
        urllib.request.urlopen(sys.argv[1] + "/moto-api/", timeout=1)
        sys.exit(0)
    except Exception:
        time.sleep(0.2)
sys.exit(1)
PY
echo "aws-moto: moto_server pid $MOTO_PID on 127.0.0.1:$PORT" >&2

# Dummy credentials; never a developer's real profile; the endpoint is moto's. Only AWS_REGION
# is set (not AWS_DEFAULT_REGION): AWS CLI v1 ignores it, so this checks flowcause passes it on.
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_SESSION_TOKEN=testing
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_PAGER=""
export AWS_ENDPOINT_URL="$ENDPOINT" NO_PROXY="127.0.0.1,localhost" no_proxy="127.0.0.1,localhost"
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_DEFAULT_REGION
"$PY" "$HERE/seed.py" "$ENDPOINT" "$REGION" "$WORK" > /dev/null
export AWS_REGION=$REGION
ids() { "$PY" -c "import json, sys; print(json.load(open('$WORK/ids.json'))[sys.argv[1]])" "$1"; }
VPC=$(ids VPC)
GROUP=$(ids LOG_GROUP)
BUCKET=$(ids BUCKET)
WEB_ENI=$(ids WEB_ENI)
T0=$(ids T0)

# --- 3. flowcause --------------------------------------------------------------------------------
swift build -q --product flowcause
FLOWCAUSE="$ROOT/.build/debug/flowcause"
AWS_PATH="$VENV/bin:$PATH"
failures=0
fail() { echo "  FAIL $*" >&2; failures=$((failures + 1)); }
# run NAME EXPECTED_EXIT [ENV=VALUE ...] -- ARGS: runs flowcause, keeps stdout/stderr in $WORK/NAME.*
run() {
  local name=$1 expected=$2
  shift 2
  local assignments=()
  while [ "$1" != "--" ]; do assignments+=("$1"); shift; done
  shift
  local status=0
  env PATH="$AWS_PATH" "${assignments[@]}" "$FLOWCAUSE" "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" || status=$?
  if [ "$status" != "$expected" ]; then
    fail "$name: exit $status, expected $expected"; sed 's/^/    /' "$WORK/$name.err" >&2
  elif grep -q -E "Fatal error|Stack dump|Backtrace" "$WORK/$name.err"; then
    fail "$name: crashed"; sed 's/^/    /' "$WORK/$name.err" >&2
  else
    echo "  ok   $name (exit $status)"
  fi
}
expect_stderr() { # NAME TEXT
  grep -q -F -- "$2" "$WORK/$1.err" || { fail "$1: stderr lacks: $2"; sed 's/^/    /' "$WORK/$1.err" >&2; }
}

echo "aws-moto: collect" >&2
TOPO="$WORK/topology"
run collect 0 -- collect --vpc "$VPC" --out "$TOPO"
for file in describe-vpcs describe-subnets describe-route-tables describe-internet-gateways \
  describe-egress-only-internet-gateways describe-nat-gateways describe-network-acls \
  describe-security-groups describe-network-interfaces describe-managed-prefix-lists \
  describe-vpc-peering-connections.requester describe-flow-logs \
  "get-managed-prefix-list-entries.$(ids PREFIX_LIST)" flowcause-collect \
  describe-transit-gateways describe-transit-gateway-attachments \
  describe-transit-gateway-vpc-attachments describe-transit-gateway-route-tables; do
  [ -s "$TOPO/$file.json" ] || fail "collect: $file.json missing"
done
# Each of the transit gateway's route tables: its routes, associations and propagations, the
# table's id in the file names (the outputs never name it).
TGW_TABLES=$("$PY" -c 'import json,sys; print(" ".join(t["TransitGatewayRouteTableId"] for t in json.load(open(sys.argv[1]))["TransitGatewayRouteTables"]))' "$TOPO/describe-transit-gateway-route-tables.json")
[ -n "$TGW_TABLES" ] || fail "collect: no transit gateway route table"
for table in $TGW_TABLES; do
  for call in search-transit-gateway-routes get-transit-gateway-route-table-associations \
    get-transit-gateway-route-table-propagations; do
    [ -s "$TOPO/$call.$table.json" ] || fail "collect: $call.$table.json missing"
  done
done
grep -q "$(ids TGW_ATTACH)" "$TOPO/describe-transit-gateway-vpc-attachments.json" ||
  fail "collect: the VPC's transit gateway attachment is missing"
"$PY" - "$TOPO/flowcause-collect.json" "$VPC" "$REGION" <<'PY' || fail "collect: manifest"
import json, sys
m = json.load(open(sys.argv[1]))
assert m["flowcause-collect"] == 1 and m["vpc"] == sys.argv[2], m
assert m["region"] == sys.argv[3] and m["account"] == "123456789012", m
assert m["aws-cli-version"].startswith("aws-cli/") and m["failed"] == [], m
assert m["endpoint-url"].startswith("http://127.0.0.1:"), m
PY
# The folder loads as a topology without a warning (describe-flow-logs and the manifest skipped),
# but one: moto gives the NAT gateway's ENI a random address outside its subnet (AWS takes it from
# the subnet), which the loader rightly points out.
run trace 1 -- trace --topology "$TOPO" --from 192.0.2.77 --to "$WEB_ENI" --protocol tcp --port 22
grep -v -E "^[^ ]+: warning: eni-[0-9a-f]+: its address [0-9.]+ lies outside subnet subnet-[0-9a-f]+'s CIDRs" \
  "$WORK/trace.err" > "$WORK/trace.other.err" || true
[ ! -s "$WORK/trace.other.err" ] || { fail "trace: the collected topology gives warnings"; cat "$WORK/trace.err" >&2; }

echo "aws-moto: diagnose from CloudWatch Logs and S3" >&2
run cloudwatch 0 -- diagnose --topology "$TOPO" --cloudwatch "$GROUP" --since 1h --output jsonl
"$PY" "$HERE/check.py" cloudwatch "$WORK/ids.json" "$WORK/cloudwatch.out" || fail "cloudwatch diagnoses"
run s3 0 -- diagnose --topology "$TOPO" --s3 "s3://$BUCKET" --since 1h --output jsonl
"$PY" "$HERE/check.py" s3 "$WORK/ids.json" "$WORK/s3.out" || fail "s3 diagnoses"
expect_stderr s3 "read from 2 inputs"
run s3-prefix 0 -- diagnose --topology "$TOPO" --s3 "s3://$BUCKET/AWSLogs/" --start "$((T0 - 600))" --end "$((T0 + 600))" --output jsonl
"$PY" "$HERE/check.py" s3 "$WORK/ids.json" "$WORK/s3-prefix.out" || fail "s3 diagnoses (prefix listing)"
run interface 0 -- diagnose --topology "$TOPO" --cloudwatch "$GROUP" --interface "$WEB_ENI" --output jsonl
"$PY" "$HERE/check.py" cloudwatch "$WORK/ids.json" "$WORK/interface.out" --only WEB_ENI || fail "--interface"

echo "aws-moto: diagnose --follow" >&2
# A group of its own, default-format messages on the web interface's stream. A REJECT 50 minutes
# old waits for its window (42 minutes of later records); one a minute old, added while the
# follow runs, closes it; one 10 minutes old added after that (a late delivery) is still read;
# SIGINT ends the follow with the summary, every event read once. (Rule 90 denies tcp 22 from
# 192.0.2.0/24, as for the first REJECT above; `medium`, since v2 records carry no tcp-flags and
# the interface has no accepted record here: a packet after a close is not ruled out.)
FOLLOW=/vpc/flowlogs/follow
before=$failures
NACL=$(ids NACL_PUBLIC)
put_event() { # SECONDS_AGO CLIENT
  local start=$(($(date +%s) - $1))
  env PATH="$VENV/bin:$PATH" aws --region "$REGION" logs put-log-events --log-group-name "$FOLLOW" \
    --log-stream-name "$WEB_ENI-all" --log-events "timestamp=$((start * 1000)),message=2 123456789012 $WEB_ENI $2 10.0.10.25 50122 22 6 1 40 $start $((start + 60)) REJECT OK" > /dev/null
}
wait_for() { # FILE TEXT: up to 30 s
  for _ in $(seq 60); do grep -q -F -- "$2" "$1" && return 0; sleep 0.5; done
  return 1
}
env PATH="$VENV/bin:$PATH" aws --region "$REGION" logs create-log-group --log-group-name "$FOLLOW"
env PATH="$VENV/bin:$PATH" aws --region "$REGION" logs create-log-stream --log-group-name "$FOLLOW" --log-stream-name "$WEB_ENI-all"
put_event 3000 192.0.2.77
env PATH="$AWS_PATH" "$FLOWCAUSE" diagnose --topology "$TOPO" --cloudwatch "$FOLLOW" --since 2h \
  --follow --poll 1 > "$WORK/follow.out" 2> "$WORK/follow.err" &
FOLLOW_PID=$!
sleep 3
[ ! -s "$WORK/follow.out" ] || fail "follow: a REJECT was written before its window closed"
put_event 60 192.0.2.78
wait_for "$WORK/follow.out" "192.0.2.77:50122 -> 10.0.10.25:22 tcp, ingress request: network-acl $NACL rule 90 (medium)" ||
  fail "follow: the first REJECT was not written once a later record closed its window"
[ "$(grep -c -F "192.0.2.78:50122 ->" "$WORK/follow.out")" = 0 ] || fail "follow: the second REJECT was decided early"
put_event 600 192.0.2.79
sleep 3
kill -INT "$FOLLOW_PID"
status=0
wait "$FOLLOW_PID" || status=$?
if [ "$status" != 0 ]; then fail "follow: exit $status after SIGINT"; sed 's/^/    /' "$WORK/follow.err" >&2; fi
[ "$(grep -c "^cloudwatch:$FOLLOW:" "$WORK/follow.out")" = 3 ] || fail "follow: not one line a REJECT"
for client in 192.0.2.78 192.0.2.79; do
  grep -q -F "$client:50122 -> 10.0.10.25:22 tcp, ingress request: network-acl $NACL rule 90 (medium)" "$WORK/follow.out" ||
    fail "follow: $client's REJECT not decided at the end"
done
grep -q "^3 REJECT records, evaluated against the topology" "$WORK/follow.out" || fail "follow: no closing summary"
grep -q -F "     3  $WEB_ENI ingress request, tcp 22: network-acl $NACL rule 90" "$WORK/follow.out" ||
  fail "follow: the summary's pattern"
if [ "$failures" != "$before" ]; then
  sed 's/^/    out: /' "$WORK/follow.out" >&2; sed 's/^/    err: /' "$WORK/follow.err" >&2
else
  echo "  ok   follow"
fi

echo "aws-moto: error paths" >&2
DAY_BEFORE=$((T0 - 2 * 86400))
run empty-cloudwatch 4 -- diagnose --topology "$TOPO" --cloudwatch "$GROUP" --start "$DAY_BEFORE" --end "$((DAY_BEFORE + 3600))"
expect_stderr empty-cloudwatch "error: no events in log group $GROUP between"
run empty-s3 4 -- diagnose --topology "$TOPO" --s3 "s3://$BUCKET" --start "$DAY_BEFORE" --end "$((DAY_BEFORE + 3600))"
expect_stderr empty-s3 "error: no flow log objects under s3://$BUCKET/"
run no-log-group 69 -- diagnose --topology "$TOPO" --cloudwatch /no/such/group
expect_stderr no-log-group "aws logs filter-log-events: not found (ResourceNotFoundException)"
AWS_PATH="$WORK/empty-path"
mkdir -p "$AWS_PATH"
run no-aws 69 -- diagnose --topology "$TOPO" --cloudwatch "$GROUP"
expect_stderr no-aws "flowcause diagnose: error: the AWS CLI (aws) was not found on PATH; install it"
run no-aws-collect 69 -- collect --vpc "$VPC" --out "$WORK/unused"
# A stand-in aws that fails like the real one for one call and hands every other to it.
AWS_PATH="$HERE/fake-aws:/usr/bin:/bin"
REAL="FAKE_AWS_REAL=$VENV/bin/aws"
run denied-collect 77 "$REAL" FAKE_AWS_FAIL=describe-network-acls:denied -- collect --vpc "$VPC" --out "$WORK/denied"
expect_stderr denied-collect "describe-network-acls.json: error: not written: aws ec2 describe-network-acls: access denied (UnauthorizedOperation); the caller needs the IAM permission ec2:DescribeNetworkAcls"
[ -s "$WORK/denied/describe-subnets.json" ] || fail "denied-collect: the other files were not written"
run denied-logs 77 "$REAL" FAKE_AWS_FAIL=filter-log-events:denied -- diagnose --topology "$TOPO" --cloudwatch "$GROUP"
expect_stderr denied-logs "the caller needs the IAM permission logs:FilterLogEvents"
run denied-get 65 "$REAL" FAKE_AWS_FAIL=cp:denied -- diagnose --topology "$TOPO" --s3 "s3://$BUCKET"
expect_stderr denied-get "error: cannot read: aws s3 cp: access denied (403); the caller needs the IAM permission s3:GetObject"
run no-credentials 77 "$REAL" FAKE_AWS_FAIL=get-caller-identity:nocreds -- collect --vpc "$VPC" --out "$WORK/nocreds"
expect_stderr no-credentials "no usable AWS credentials (Unable to locate credentials."
run throttled 0 "$REAL" FAKE_AWS_FAIL=filter-log-events:throttled-2 "FAKE_AWS_STATE=$WORK" -- diagnose --topology "$TOPO" --cloudwatch "$GROUP" --output jsonl
"$PY" "$HERE/check.py" cloudwatch "$WORK/ids.json" "$WORK/throttled.out" || fail "diagnoses after throttling"

if [ "$failures" -gt 0 ]; then
  echo "aws-moto: $failures failures" >&2
  exit 1
fi
echo "aws-moto: all checks passed" >&2
