"""Seeds a moto_server with the VPC, the flow logs and their records that aws-moto.sh checks.

Usage: python seed.py ENDPOINT_URL REGION OUT_DIR
Writes OUT_DIR/ids.json (every id created, and the times used). Uses boto3 (moto depends on
it) because one process is much faster than one `aws` start-up per call; flowcause itself is
tested through the real AWS CLI. Why each REJECT has its expected cause: README.md.
"""

import gzip
import hashlib
import json
import sys
import time

import boto3

ENDPOINT, REGION, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
ACCOUNT = "123456789012"  # moto's account
kw = dict(endpoint_url=ENDPOINT, region_name=REGION)
ec2 = boto3.client("ec2", **kw)
logs = boto3.client("logs", **kw)
s3 = boto3.client("s3", **kw)

# --- VPC with an Amazon IPv6 /56, a public and a private subnet --------------------------------
vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", AmazonProvidedIpv6CidrBlock=True)["Vpc"]["VpcId"]
v6 = ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"][0]["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlock"]
v6_prefix = v6.split("::/")[0]  # e.g. 2400:6500:1234:5600
public = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.10.0/24", AvailabilityZone=REGION + "a",
                           Ipv6CidrBlock=v6_prefix + "::/64")["Subnet"]["SubnetId"]
private = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.20.0/24",
                            AvailabilityZone=REGION + "c")["Subnet"]["SubnetId"]

# --- Internet gateway, NAT gateway, route tables ----------------------------------------------
igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
rt_public = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
ec2.create_route(RouteTableId=rt_public, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
ec2.create_route(RouteTableId=rt_public, DestinationIpv6CidrBlock="::/0", GatewayId=igw)
ec2.associate_route_table(RouteTableId=rt_public, SubnetId=public)
eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
nat = ec2.create_nat_gateway(SubnetId=public, AllocationId=eip)["NatGateway"]["NatGatewayId"]
rt_private = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
ec2.create_route(RouteTableId=rt_private, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
ec2.associate_route_table(RouteTableId=rt_private, SubnetId=private)

# --- A transit gateway to a second VPC: the private subnet routes 10.5.0.0/16 to it --------------
# (moto associates the attachments with the gateway's default route table, as AWS does with the
# default options; its routes name no attachment, which AWS's do.)
spoke = ec2.create_vpc(CidrBlock="10.5.0.0/16")["Vpc"]["VpcId"]
spoke_subnet = ec2.create_subnet(VpcId=spoke, CidrBlock="10.5.1.0/24",
                                 AvailabilityZone=REGION + "c")["Subnet"]["SubnetId"]
tgw = ec2.create_transit_gateway(Description="hub")["TransitGateway"]["TransitGatewayId"]
tgw_attach = ec2.create_transit_gateway_vpc_attachment(
    TransitGatewayId=tgw, VpcId=vpc, SubnetIds=[private])["TransitGatewayVpcAttachment"][
    "TransitGatewayAttachmentId"]
ec2.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw, VpcId=spoke,
                                          SubnetIds=[spoke_subnet])
ec2.create_route(RouteTableId=rt_private, DestinationCidrBlock="10.5.0.0/16",
                 TransitGatewayId=tgw)

# --- A customer prefix list: the office ranges allowed to SSH -----------------------------------
pl = ec2.create_managed_prefix_list(
    PrefixListName="office", AddressFamily="IPv4", MaxEntries=5,
    Entries=[{"Cidr": "203.0.113.0/24", "Description": "office"}])["PrefixList"]["PrefixListId"]

# --- The public subnet's custom network ACL: no outbound ephemeral range to the internet ---------
acl = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]


def entry(number, egress, protocol, action, cidr=None, ipv6=None, ports=None):
    args = dict(NetworkAclId=acl, RuleNumber=number, Egress=egress, Protocol=protocol,
                RuleAction=action)
    if cidr:
        args["CidrBlock"] = cidr
    if ipv6:
        args["Ipv6CidrBlock"] = ipv6
    if ports:
        args["PortRange"] = {"From": ports[0], "To": ports[1]}
    ec2.create_network_acl_entry(**args)


entry(90, False, "6", "deny", cidr="192.0.2.0/24", ports=(22, 22))
entry(100, False, "6", "allow", cidr="0.0.0.0/0", ports=(80, 80))
entry(110, False, "6", "allow", cidr="0.0.0.0/0", ports=(443, 443))
entry(120, False, "6", "allow", cidr="203.0.113.0/24", ports=(22, 22))
entry(130, False, "6", "allow", cidr="0.0.0.0/0", ports=(1024, 65535))
entry(140, False, "-1", "allow", cidr="10.0.0.0/16")
entry(150, False, "6", "allow", ipv6="::/0", ports=(80, 80))
entry(100, True, "6", "allow", cidr="0.0.0.0/0", ports=(80, 80))
entry(110, True, "6", "allow", cidr="0.0.0.0/0", ports=(443, 443))
entry(140, True, "-1", "allow", cidr="10.0.0.0/16")
# (deliberately no egress 1024-65535 to 0.0.0.0/0: replies to internet clients are dropped)
acls = ec2.describe_network_acls(Filters=[{"Name": "association.subnet-id", "Values": [public]}])
association = next(a["NetworkAclAssociationId"] for a in acls["NetworkAcls"][0]["Associations"]
                   if a["SubnetId"] == public)
ec2.replace_network_acl_association(AssociationId=association, NetworkAclId=acl)
default_acl = next(a["NetworkAclId"] for a in ec2.describe_network_acls(
    Filters=[{"Name": "vpc-id", "Values": [vpc]}, {"Name": "default", "Values": ["true"]}]
)["NetworkAcls"])

# --- Security groups that reference each other ---------------------------------------------------
sg_web = ec2.create_security_group(VpcId=vpc, GroupName="web", Description="web")["GroupId"]
sg_app = ec2.create_security_group(VpcId=vpc, GroupName="app", Description="app")["GroupId"]
sg_db = ec2.create_security_group(VpcId=vpc, GroupName="db", Description="db")["GroupId"]
ec2.authorize_security_group_ingress(GroupId=sg_web, IpPermissions=[
    {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
     "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
    {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
     "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
    {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "PrefixListIds": [{"PrefixListId": pl}]},
])
ec2.authorize_security_group_ingress(GroupId=sg_app, IpPermissions=[
    {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080,
     "UserIdGroupPairs": [{"GroupId": sg_web}]}])
ec2.authorize_security_group_ingress(GroupId=sg_db, IpPermissions=[
    {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
     "UserIdGroupPairs": [{"GroupId": sg_app}]}])

# --- Interfaces: web (dual-stack, public subnet), app and db (private subnet) --------------------
web_v6 = v6_prefix + "::25"
web = ec2.create_network_interface(SubnetId=public, Groups=[sg_web], PrivateIpAddress="10.0.10.25",
                                   Ipv6Addresses=[{"Ipv6Address": web_v6}])
web = web["NetworkInterface"]["NetworkInterfaceId"]
app = ec2.create_network_interface(SubnetId=private, Groups=[sg_app],
                                   PrivateIpAddress="10.0.20.40")["NetworkInterface"]
app = app["NetworkInterfaceId"]
db = ec2.create_network_interface(SubnetId=private, Groups=[sg_db],
                                  PrivateIpAddress="10.0.20.50")["NetworkInterface"]
db = db["NetworkInterfaceId"]
# The web interface is reachable from the internet through an Elastic IP (flow logs still show
# its private address: the internet gateway translates; moto allocates EIPs from 127.0.0.0/8).
web_eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
ec2.associate_address(AllocationId=web_eip, NetworkInterfaceId=web)

# --- Records ------------------------------------------------------------------------------------
now = int(time.time())
t0 = (now - 20 * 60) // 60 * 60   # twenty minutes ago: inside --since 1h
old = t0 - 3 * 3600               # three hours before: outside it
# (name, eni, src, dst, sport, dport, action, tcp-flags, direction, start)
RECORDS = [
    ("ssh-from-denied-range", web, "192.0.2.77", "10.0.10.25", 50122, 22, "REJECT", 2, "ingress", t0),
    ("http-request", web, "198.51.100.9", "10.0.10.25", 61000, 80, "ACCEPT", 2, "ingress", t0 + 5),
    ("http-reply", web, "10.0.10.25", "198.51.100.9", 80, 61000, "REJECT", 18, "egress", t0 + 5),
    ("port-8443", web, "198.51.100.9", "10.0.10.25", 61001, 8443, "REJECT", 2, "ingress", t0 + 10),
    ("ipv6-https", web, "2001:db8::7", web_v6, 50200, 443, "REJECT", 2, "ingress", t0 + 15),
    ("web-to-app-8080", web, "10.0.10.25", "10.0.20.40", 40000, 8080, "ACCEPT", 2, "egress", t0 + 20),
    ("app-from-web-8080", app, "10.0.10.25", "10.0.20.40", 40000, 8080, "ACCEPT", 2, "ingress", t0 + 20),
    ("ssh-web-to-app", app, "10.0.10.25", "10.0.20.40", 40001, 22, "REJECT", 2, "ingress", t0 + 30),
    ("postgres-web-to-db", db, "10.0.10.25", "10.0.20.50", 40002, 5432, "REJECT", 2, "ingress", t0 + 40),
]
OLD = [("rdp-three-hours-ago", web, "203.0.113.5", "10.0.10.25", 51000, 3389, "REJECT", 2, "ingress", old)]

# CloudWatch Logs flow log: a custom format in a non-default order, so a reader that ignored
# the flow log's LogFormat would misread every message (no header in CloudWatch Logs).
CW_FIELDS = ["version", "interface-id", "account-id", "action", "srcaddr", "srcport", "dstaddr",
             "dstport", "protocol", "packets", "bytes", "start", "end", "log-status", "tcp-flags",
             "flow-direction", "vpc-id", "subnet-id"]
S3_FIELDS = ["version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport",
             "protocol", "packets", "bytes", "start", "end", "action", "log-status", "vpc-id",
             "subnet-id", "instance-id", "tcp-flags", "type", "pkt-srcaddr", "pkt-dstaddr",
             "flow-direction", "traffic-path"]
SUBNET_OF = {web: public, app: private, db: private}


def render(record, fields):
    name, eni, src, dst, sport, dport, action, flags, direction, start = record
    values = {"version": "5", "account-id": ACCOUNT, "interface-id": eni, "srcaddr": src,
              "dstaddr": dst, "srcport": sport, "dstport": dport, "protocol": 6, "packets": 3,
              "bytes": 180, "start": start, "end": start + 60, "action": action,
              "log-status": "OK", "vpc-id": vpc, "subnet-id": SUBNET_OF[eni], "instance-id": "-",
              "tcp-flags": flags, "type": "IPv6" if ":" in src else "IPv4", "pkt-srcaddr": src,
              "pkt-dstaddr": dst, "flow-direction": direction, "traffic-path": "-"}
    return " ".join(str(values[f]) for f in fields)


def log_format(fields):
    return " ".join("${%s}" % f for f in fields)


group = "/vpc/flowlogs/integration"
logs.create_log_group(logGroupName=group)
by_eni = {}
for record in OLD + RECORDS:
    by_eni.setdefault(record[1], []).append(record)
for eni, records in by_eni.items():
    stream = eni + "-all"  # AWS names each stream after its interface
    logs.create_log_stream(logGroupName=group, logStreamName=stream)
    events = [{"timestamp": r[9] * 1000, "message": render(r, CW_FIELDS)}
              for r in sorted(records, key=lambda r: r[9])]
    logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=events)
fl_cw = ec2.create_flow_logs(
    ResourceType="VPC", ResourceIds=[vpc], TrafficType="ALL", LogDestinationType="cloud-watch-logs",
    LogGroupName=group, DeliverLogsPermissionArn=f"arn:aws:iam::{ACCOUNT}:role/flow-logs",
    LogFormat=log_format(CW_FIELDS))["FlowLogIds"][0]

# S3: two flow logs into one bucket, one with the classic layout (the VPC), one Hive-style with
# hourly partitions (the private subnet); each object gzip text with a header line, named as AWS
# names them.
bucket = "flowcause-integration-flowlogs"
s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})


def s3_flow_log(hive, resource_type, resource):
    return ec2.create_flow_logs(
        ResourceType=resource_type, ResourceIds=[resource], TrafficType="ALL",
        LogDestinationType="s3",
        LogDestination=f"arn:aws:s3:::{bucket}", LogFormat=log_format(S3_FIELDS),
        DestinationOptions={"FileFormat": "plain-text", "HiveCompatiblePartitions": hive,
                            "PerHourPartition": hive})["FlowLogIds"][0]


# (AWS and moto refuse a second flow log of one resource to one destination, so the Hive-style
# one watches the private subnet.)
fl_s3 = s3_flow_log(False, "VPC", vpc)
fl_s3_hive = s3_flow_log(True, "Subnet", private)


def put_object(flow_log, hive, records, start):
    end = (start + 300) // 300 * 300  # the file is named for the end of its five minutes
    t = time.gmtime(end)
    stamp = time.strftime("%Y%m%dT%H%MZ", t)
    digest = hashlib.md5(f"{flow_log}{stamp}{hive}".encode()).hexdigest()[:8]
    name = f"{ACCOUNT}_vpcflowlogs_{REGION}_{flow_log}_{stamp}_{digest}.log.gz"
    if hive:
        folder = (f"AWSLogs/aws-account-id={ACCOUNT}/aws-service=vpcflowlogs/aws-region={REGION}/"
                  + time.strftime("year=%Y/month=%m/day=%d/hour=%H/", t))
    else:
        folder = f"AWSLogs/{ACCOUNT}/vpcflowlogs/{REGION}/" + time.strftime("%Y/%m/%d/", t)
    text = " ".join(S3_FIELDS) + "\n" + "".join(render(r, S3_FIELDS) + "\n" for r in records)
    s3.put_object(Bucket=bucket, Key=folder + name, Body=gzip.compress(text.encode(), mtime=0))
    return folder + name


# The web interface's records in a classic object, the private subnet's in a Hive-style one,
# and a three-hour-old object that a one-hour range must leave out.
keys = [
    put_object(fl_s3, False, [r for r in RECORDS if r[1] == web], t0),
    put_object(fl_s3_hive, True, [r for r in RECORDS if r[1] != web], t0),
    put_object(fl_s3, False, OLD, old),
]
# Something in the bucket that is not a flow log file: listed, never read.
s3.put_object(Bucket=bucket, Key=f"AWSLogs/{ACCOUNT}/vpcflowlogs/{REGION}/README.txt", Body=b"x")

ids = dict(VPC=vpc, PUBLIC_SUBNET=public, PRIVATE_SUBNET=private, IGW=igw, NAT=nat,
           RT_PUBLIC=rt_public, RT_PRIVATE=rt_private, PREFIX_LIST=pl, NACL_PUBLIC=acl,
           NACL_DEFAULT=default_acl, SG_WEB=sg_web, SG_APP=sg_app, SG_DB=sg_db, WEB_ENI=web,
           APP_ENI=app, DB_ENI=db, WEB_IPV6=web_v6, LOG_GROUP=group, BUCKET=bucket,
           FL_CLOUDWATCH=fl_cw, FL_S3=fl_s3, FL_S3_HIVE=fl_s3_hive, T0=t0, OLD=old,
           S3_KEYS=keys, ACCOUNT=ACCOUNT, REGION=REGION, TGW=tgw, TGW_ATTACH=tgw_attach)
with open(f"{OUT}/ids.json", "w") as f:
    json.dump(ids, f, indent=2)
print(json.dumps(ids, indent=2))
