#!/usr/bin/env bash
# Capture the web-app-vpc scenario: seed a three-tier VPC into a local moto server with the real
# AWS CLI, then write what `aws ec2 describe-* --output json` prints into ./topology/, one file
# per call. Run by hand from anywhere (not by CI); the outputs are committed.
#
#   bash Scenarios/web-app-vpc/capture.sh
#
# Needs python3 (with venv), curl and network access to PyPI the first time: moto and awscli go
# into <repo>/.build/moto-venv (git-ignored), pinned below. moto listens on 127.0.0.1 only, with
# dummy credentials and AWS_CONFIG_FILE/AWS_SHARED_CREDENTIALS_FILE=/dev/null, so no real AWS
# account or profile is ever used. Same seed => same ids on every run; only time stamps and
# ClientToken values change.
set -euo pipefail

MOTO_VERSION=5.2.5
AWSCLI_VERSION=1.46.3
SEED=20
REGION=us-east-1

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
VENV=$ROOT/.build/moto-venv
OUT=$HERE/topology

say() { printf '%s\n' "$*" >&2; }
die() { say "capture.sh: $*"; exit 1; }

# --- 1. Python venv with pinned moto[server] and awscli ------------------------------------------
command -v python3 >/dev/null || die "python3 is needed"
command -v curl >/dev/null || die "curl is needed"
venv_ok() {
  [[ -x "$VENV/bin/moto_server" && -x "$VENV/bin/aws" ]] &&
    "$VENV/bin/python" - "$MOTO_VERSION" "$AWSCLI_VERSION" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
sys.exit(0 if (version("moto"), version("awscli")) == (sys.argv[1], sys.argv[2]) else 1)
PY
}
if ! venv_ok; then
  say "installing moto[server]==$MOTO_VERSION and awscli==$AWSCLI_VERSION into $VENV"
  mkdir -p "$ROOT/.build"
  [[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "moto[server]==$MOTO_VERSION" "awscli==$AWSCLI_VERSION"
  venv_ok || die "the venv at $VENV does not have moto $MOTO_VERSION and awscli $AWSCLI_VERSION"
fi
PY=$VENV/bin/python

# --- 2. moto_server on a free loopback port, stopped on exit ---------------------------------------
WORK=$(mktemp -d)
MOTO_PID=
cleanup() {
  if [[ -n "$MOTO_PID" ]]; then kill "$MOTO_PID" 2>/dev/null || true; wait "$MOTO_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$VENV/bin/moto_server" -H 127.0.0.1 -p "$PORT" >"$WORK/moto.log" 2>&1 &
MOTO_PID=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$PORT/moto-api/" >/dev/null 2>&1 && break
  kill -0 "$MOTO_PID" 2>/dev/null || { cat "$WORK/moto.log" >&2; die "moto_server exited"; }
  sleep 0.2
done
curl -sf "http://127.0.0.1:$PORT/moto-api/" >/dev/null || { cat "$WORK/moto.log" >&2; die "moto_server did not start"; }
# Reproducible ids: seed moto's random generator before any other call (any EC2 call creates the
# default VPC first and consumes random numbers).
curl -sf -X POST "http://127.0.0.1:$PORT/moto-api/seed?a=$SEED" >/dev/null || die "seeding moto failed"
say "moto_server $MOTO_VERSION pid $MOTO_PID on 127.0.0.1:$PORT (seed $SEED)"

export AWS_ENDPOINT_URL="http://127.0.0.1:$PORT"
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_SESSION_TOKEN=testing
export AWS_DEFAULT_REGION=$REGION AWS_PAGER=""
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
unset AWS_PROFILE AWS_DEFAULT_PROFILE
ec2() { "$VENV/bin/aws" ec2 "$@"; }
# ec2 call whose --query result (--output text) must be a single non-empty value
one() {
  local v
  v=$(ec2 "$@" --output text) || die "aws ec2 $1 failed"
  [[ -n "$v" && "$v" != None && "$v" != *[[:space:]]* ]] || die "aws ec2 $1 returned '$v'"
  printf '%s' "$v"
}
tags() { printf 'ResourceType=%s,Tags=[{Key=Name,Value=%s}]' "$1" "$2"; }

# --- 3. seed the scenario -----------------------------------------------------------------------------
# VPC 10.20.0.0/16 + Amazon-provided IPv6 /56
VPC=$(one create-vpc --cidr-block 10.20.0.0/16 --amazon-provided-ipv6-cidr-block \
  --tag-specifications "$(tags vpc web-app-vpc)" --query Vpc.VpcId)
ec2 modify-vpc-attribute --vpc-id "$VPC" --enable-dns-hostnames '{"Value":true}'
V6=$(one describe-vpcs --vpc-ids "$VPC" --query 'Vpcs[0].Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlock')
# /64 number n of the /56, and address ::host inside a /64
v6net() { "$PY" -c 'import ipaddress,sys; print(list(ipaddress.ip_network(sys.argv[1]).subnets(new_prefix=64))[int(sys.argv[2])])' "$V6" "$1"; }
v6addr() { "$PY" -c 'import ipaddress,sys; print(ipaddress.ip_network(sys.argv[1])[int(sys.argv[2], 16)])' "$1" "$2"; }
PUB6=$(v6net 1); APP6=$(v6net 2)

# Subnets (one AZ)
AZ=${REGION}a
PUB=$(one create-subnet --vpc-id "$VPC" --cidr-block 10.20.1.0/24 --ipv6-cidr-block "$PUB6" --availability-zone "$AZ" \
  --tag-specifications "$(tags subnet public)" --query Subnet.SubnetId)
APP=$(one create-subnet --vpc-id "$VPC" --cidr-block 10.20.2.0/24 --ipv6-cidr-block "$APP6" --availability-zone "$AZ" \
  --tag-specifications "$(tags subnet app)" --query Subnet.SubnetId)
DB=$(one create-subnet --vpc-id "$VPC" --cidr-block 10.20.3.0/24 --availability-zone "$AZ" \
  --tag-specifications "$(tags subnet db)" --query Subnet.SubnetId)
ec2 modify-subnet-attribute --subnet-id "$PUB" --map-public-ip-on-launch

# Internet gateway; rt-public: 0.0.0.0/0 and ::/0 -> IGW
IGW=$(one create-internet-gateway --tag-specifications "$(tags internet-gateway web-app-igw)" \
  --query InternetGateway.InternetGatewayId)
ec2 attach-internet-gateway --internet-gateway-id "$IGW" --vpc-id "$VPC"
RT_PUB=$(one create-route-table --vpc-id "$VPC" --tag-specifications "$(tags route-table rt-public)" --query RouteTable.RouteTableId)
ec2 create-route --route-table-id "$RT_PUB" --destination-cidr-block 0.0.0.0/0 --gateway-id "$IGW" >/dev/null
ec2 create-route --route-table-id "$RT_PUB" --destination-ipv6-cidr-block ::/0 --gateway-id "$IGW" >/dev/null
ec2 associate-route-table --route-table-id "$RT_PUB" --subnet-id "$PUB" >/dev/null

# NAT gateway (public subnet, Elastic IP) and egress-only IGW; rt-app: 0.0.0.0/0 -> NAT, ::/0 -> EIGW
EIP_NAT=$(one allocate-address --domain vpc --tag-specifications "$(tags elastic-ip nat-eip)" --query AllocationId)
# --private-ip-address: on AWS the NAT's ENI takes 10.20.1.5; moto ignores it (see README).
NAT=$(one create-nat-gateway --subnet-id "$PUB" --allocation-id "$EIP_NAT" --private-ip-address 10.20.1.5 \
  --tag-specifications "$(tags natgateway web-app-nat)" --query NatGateway.NatGatewayId)
EIGW=$(one create-egress-only-internet-gateway --vpc-id "$VPC" \
  --tag-specifications "$(tags egress-only-internet-gateway web-app-eigw)" \
  --query EgressOnlyInternetGateway.EgressOnlyInternetGatewayId)
RT_APP=$(one create-route-table --vpc-id "$VPC" --tag-specifications "$(tags route-table rt-app)" --query RouteTable.RouteTableId)
ec2 create-route --route-table-id "$RT_APP" --destination-cidr-block 0.0.0.0/0 --nat-gateway-id "$NAT" >/dev/null
ec2 create-route --route-table-id "$RT_APP" --destination-ipv6-cidr-block ::/0 --egress-only-internet-gateway-id "$EIGW" >/dev/null
ec2 associate-route-table --route-table-id "$RT_APP" --subnet-id "$APP" >/dev/null
# The db subnet gets no association: it uses the main route table (local routes only).
RT_MAIN=$(one describe-route-tables --filters "Name=vpc-id,Values=$VPC" "Name=association.main,Values=true" \
  --query 'RouteTables[0].RouteTableId')
ec2 create-tags --resources "$RT_MAIN" --tags Key=Name,Value=rt-main

# Customer-managed prefix list "office"
PL=$(one create-managed-prefix-list --prefix-list-name office --address-family IPv4 --max-entries 5 \
  --entries Cidr=198.51.100.0/24,Description=office-a Cidr=203.0.113.0/24,Description=office-b \
  --tag-specifications "$(tags prefix-list office)" --query PrefixList.PrefixListId)

# Network ACLs: one custom ACL per subnet
nacl() { one create-network-acl --vpc-id "$VPC" --tag-specifications "$(tags network-acl "$1")" --query NetworkAcl.NetworkAclId; }
entry() { # acl ingress|egress number action protocol ports|- cidr
  local acl=$1 dir=$2 num=$3 act=$4 proto=$5 ports=$6 cidr=$7 args=()
  [[ "$ports" != - ]] && args+=(--port-range "From=${ports%-*},To=${ports#*-}")
  if [[ "$cidr" == *:* ]]; then args+=(--ipv6-cidr-block "$cidr"); else args+=(--cidr-block "$cidr"); fi
  ec2 create-network-acl-entry --network-acl-id "$acl" "--$dir" --rule-number "$num" --rule-action "$act" \
    --protocol "$proto" "${args[@]}"
}
associate_nacl() { # subnet acl: move the subnet off the default ACL
  local assoc
  assoc=$(one describe-network-acls --filters "Name=association.subnet-id,Values=$1" \
    --query "NetworkAcls[0].Associations[?SubnetId=='$1'].NetworkAclAssociationId | [0]")
  ec2 replace-network-acl-association --association-id "$assoc" --network-acl-id "$2" >/dev/null
}
ACL_PUB=$(nacl nacl-public)
entry "$ACL_PUB" ingress 100 allow 6 80-80       0.0.0.0/0
entry "$ACL_PUB" ingress 110 allow 6 443-443     0.0.0.0/0
entry "$ACL_PUB" ingress 120 allow 6 22-22       198.51.100.0/24
entry "$ACL_PUB" ingress 130 allow 6 1024-65535  0.0.0.0/0
entry "$ACL_PUB" ingress 140 allow -1 -          10.20.0.0/16
entry "$ACL_PUB" ingress 150 allow 6 80-80       ::/0
entry "$ACL_PUB" ingress 160 allow 6 443-443     ::/0
entry "$ACL_PUB" egress  100 allow 6 80-80       0.0.0.0/0
entry "$ACL_PUB" egress  110 allow 6 443-443     0.0.0.0/0
entry "$ACL_PUB" egress  120 allow 6 1024-65535  0.0.0.0/0
entry "$ACL_PUB" egress  130 allow -1 -          10.20.0.0/16
entry "$ACL_PUB" egress  140 allow 6 1024-65535  ::/0
associate_nacl "$PUB" "$ACL_PUB"

ACL_APP=$(nacl nacl-app)
entry "$ACL_APP" ingress 100 allow 6 8080-8080   10.20.1.0/24
entry "$ACL_APP" ingress 110 allow 6 1024-65535  0.0.0.0/0
entry "$ACL_APP" ingress 120 allow 6 1024-65535  ::/0
entry "$ACL_APP" egress  100 allow -1 -          0.0.0.0/0
entry "$ACL_APP" egress  110 allow -1 -          ::/0
associate_nacl "$APP" "$ACL_APP"

# The defect: outbound to the app subnet allows 0-1023 where the app's ephemeral ports need 1024-65535.
ACL_DB=$(nacl nacl-db)
entry "$ACL_DB" ingress 100 allow 6 5432-5432    10.20.0.0/16
entry "$ACL_DB" ingress 110 allow 6 1024-65535   0.0.0.0/0
entry "$ACL_DB" egress  100 allow 6 0-1023       10.20.2.0/24
entry "$ACL_DB" egress  110 allow 6 443-443      0.0.0.0/0
associate_nacl "$DB" "$ACL_DB"

# Security groups
sg() { one create-security-group --vpc-id "$VPC" --group-name "$1" --description "$2" \
  --tag-specifications "$(tags security-group "$1")" --query GroupId; }
SG_WEB=$(sg web-sg "web tier")
SG_APP=$(sg app-sg "app tier")
SG_DB=$(sg db-sg "db tier")
ec2 authorize-security-group-ingress --group-id "$SG_WEB" --ip-permissions \
  'IpProtocol=tcp,FromPort=80,ToPort=80,IpRanges=[{CidrIp=0.0.0.0/0,Description=http}],Ipv6Ranges=[{CidrIpv6=::/0,Description=http}]' \
  'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0,Description=https}],Ipv6Ranges=[{CidrIpv6=::/0,Description=https}]' \
  "IpProtocol=tcp,FromPort=22,ToPort=22,PrefixListIds=[{PrefixListId=$PL,Description=ssh-from-office}]" >/dev/null
ec2 authorize-security-group-ingress --group-id "$SG_APP" --ip-permissions \
  "IpProtocol=tcp,FromPort=8080,ToPort=8080,UserIdGroupPairs=[{GroupId=$SG_WEB,Description=from-web}]" >/dev/null
ec2 authorize-security-group-ingress --group-id "$SG_DB" --ip-permissions \
  "IpProtocol=tcp,FromPort=5432,ToPort=5432,UserIdGroupPairs=[{GroupId=$SG_APP,Description=from-app}]" >/dev/null
# Outbound: the default allow-all. CreateSecurityGroup adds it for IPv4; make sure IPv6 has it too
# (moto already adds ::/0; on AWS this adds it when it is missing).
for g in "$SG_WEB" "$SG_APP" "$SG_DB"; do
  has6=$(ec2 describe-security-groups --group-ids "$g" --output text \
    --query "length(SecurityGroups[0].IpPermissionsEgress[?IpProtocol=='-1'].Ipv6Ranges[] | [?CidrIpv6=='::/0'])")
  if [[ "$has6" == 0 ]]; then
    ec2 authorize-security-group-egress --group-id "$g" --ip-permissions 'IpProtocol=-1,Ipv6Ranges=[{CidrIpv6=::/0}]' >/dev/null
  fi
done

# Instances: a Linux AMI (moto's image list also has Windows ones, which add "Platform": "windows")
AMI=$(one describe-images --owners amazon --filters 'Name=name,Values=amzn-ami-hvm-*' \
  --query 'sort_by(Images[?Platform==null], &Name)[0].ImageId')
run() { # name subnet sg private-ip
  one run-instances --image-id "$AMI" --instance-type t3.micro --count 1 --subnet-id "$2" \
    --security-group-ids "$3" --private-ip-address "$4" \
    --tag-specifications "$(tags instance "$1")" --query 'Instances[0].InstanceId'
}
eni_of() { one describe-instances --instance-ids "$1" --query 'Reservations[0].Instances[0].NetworkInterfaces[0].NetworkInterfaceId'; }
I_WEB=$(run web "$PUB" "$SG_WEB" 10.20.1.10)
I_APP=$(run app "$APP" "$SG_APP" 10.20.2.20)
I_DB=$(run db "$DB" "$SG_DB" 10.20.3.30)
ENI_WEB=$(eni_of "$I_WEB"); ENI_APP=$(eni_of "$I_APP"); ENI_DB=$(eni_of "$I_DB")
# IPv6 for web and app: moto ignores run-instances --ipv6-addresses, so assign after launch (same
# result as launching with it on AWS).
ec2 assign-ipv6-addresses --network-interface-id "$ENI_WEB" --ipv6-addresses "$(v6addr "$PUB6" 10)" >/dev/null
ec2 assign-ipv6-addresses --network-interface-id "$ENI_APP" --ipv6-addresses "$(v6addr "$APP6" 20)" >/dev/null
for e in "$ENI_WEB" "$ENI_APP"; do
  [[ $(one describe-network-interfaces --network-interface-ids "$e" --query 'length(NetworkInterfaces[0].Ipv6Addresses)') == 1 ]] ||
    die "$e did not get its IPv6 address"
done

cat >"$WORK/ids.env" <<IDS
VPC=$VPC
VPC_IPV6=$V6
SUBNET_PUBLIC=$PUB
SUBNET_APP=$APP
SUBNET_DB=$DB
IGW=$IGW
NAT=$NAT
EIP_NAT=$EIP_NAT
EIGW=$EIGW
RT_PUBLIC=$RT_PUB
RT_APP=$RT_APP
RT_MAIN=$RT_MAIN
PREFIX_LIST=$PL
ACL_PUBLIC=$ACL_PUB
ACL_APP=$ACL_APP
ACL_DB=$ACL_DB
SG_WEB=$SG_WEB
SG_APP=$SG_APP
SG_DB=$SG_DB
INSTANCE_WEB=$I_WEB
INSTANCE_APP=$I_APP
INSTANCE_DB=$I_DB
ENI_WEB=$ENI_WEB
ENI_APP=$ENI_APP
ENI_DB=$ENI_DB
IDS
cat "$WORK/ids.env" >&2

# --- 4. capture: one file per call, exactly as the CLI prints it -----------------------------------
CAP=$WORK/topology
mkdir -p "$CAP"
F="Name=vpc-id,Values=$VPC"
cap() { local name=$1; shift; ec2 "$@" --output json >"$CAP/$name.json" || die "aws ec2 $1 failed"; say "wrote $name.json"; }
cap describe-vpcs                          describe-vpcs --vpc-ids "$VPC"
cap describe-subnets                       describe-subnets --filters "$F"
cap describe-route-tables                  describe-route-tables --filters "$F"
cap describe-internet-gateways             describe-internet-gateways --filters "Name=attachment.vpc-id,Values=$VPC"
cap describe-egress-only-internet-gateways describe-egress-only-internet-gateways
cap describe-nat-gateways                  describe-nat-gateways --filter "$F"
cap describe-network-acls                  describe-network-acls --filters "$F"
cap describe-security-groups               describe-security-groups --filters "$F"
cap describe-security-group-rules          describe-security-group-rules \
  --filters "Name=group-id,Values=$(ec2 describe-security-groups --filters "$F" --query 'join(`,`, SecurityGroups[].GroupId)' --output text)"
cap describe-network-interfaces            describe-network-interfaces --filters "$F"
cap describe-instances                     describe-instances --filters "$F"
cap describe-addresses                     describe-addresses
cap describe-managed-prefix-lists          describe-managed-prefix-lists
cap "get-managed-prefix-list-entries.$PL"  get-managed-prefix-list-entries --prefix-list-id "$PL"
cap describe-vpc-peering-connections       describe-vpc-peering-connections --filters "Name=requester-vpc-info.vpc-id,Values=$VPC"

# Nothing of moto's default VPC may leak in: every VpcId in the capture must be ours.
"$PY" - "$CAP" "$VPC" <<'PY'
import json, os, sys
cap, vpc = sys.argv[1], sys.argv[2]
def walk(x, path):
    if isinstance(x, dict):
        for k, v in x.items():
            if k == "VpcId" and v != vpc:
                sys.exit(f"capture.sh: {path}: foreign VpcId {v}")
            walk(v, path)
    elif isinstance(x, list):
        for v in x: walk(v, path)
for name in sorted(os.listdir(cap)):
    with open(os.path.join(cap, name)) as f:
        walk(json.load(f), name)
PY

# Replace the committed capture only after everything succeeded.
rm -rf "$OUT.new"
cp -R "$CAP" "$OUT.new"
rm -rf "$OUT"
mv "$OUT.new" "$OUT"
say "captured $(ls "$OUT" | wc -l | tr -d ' ') files into ${OUT#"$ROOT"/} with $("$VENV/bin/aws" --version 2>&1)"
