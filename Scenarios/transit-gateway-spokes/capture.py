#!/usr/bin/env python3
"""Capture the transit-gateway-spokes scenario.

Seeds two spoke VPCs and a transit gateway into a local moto server with the real AWS CLI, then
writes what `aws ec2 describe-* --output json` prints into ./topology/, one file per call. Run
by hand (not by CI); the outputs are committed:

    python3 Scenarios/transit-gateway-spokes/capture.py

Uses <repo>/.build/moto-venv (made by Tests/Integration/aws-moto.sh, or by this script): moto
listens on 127.0.0.1 only, with dummy credentials and AWS_CONFIG_FILE=/dev/null, so no real AWS
account is ever used. What moto does not serve as AWS does is written by hand afterwards, in the
same JSON shape, and README.md says which (`search-transit-gateway-routes`: moto leaves out each
route's `TransitGatewayAttachments`; the transit gateway's own network interfaces).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

MOTO_VERSION = "5.2.1"
AWSCLI_VERSION = "1.45.11"
REGION = "us-east-1"
SEED = 25

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VENV = os.path.join(ROOT, ".build", "moto-venv")


def venv():
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(os.path.join(VENV, "bin", "aws")):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run(
            [python, "-m", "pip", "install", "-q", f"moto[server]=={MOTO_VERSION}",
             f"awscli=={AWSCLI_VERSION}"], check=True)
    return python


def with_moto(seed, region, callback):
    """Runs `callback(ec2, work)` against a fresh moto server seeded with `seed`: `ec2(*args)` runs
    `aws ec2 ARGS --output json` there and returns the parsed output (`ec2.aws(service, *args)`
    another service's call); `work` is a temporary folder removed afterwards. Also used by the
    other scenarios' capture scripts."""
    python = venv()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    work = tempfile.mkdtemp()
    server = subprocess.Popen(
        [python, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=open(os.path.join(work, "moto.log"), "w"), stderr=subprocess.STDOUT)
    try:
        endpoint = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(endpoint + "/moto-api/")
                break
            except OSError:
                time.sleep(0.2)
        request = urllib.request.Request(endpoint + f"/moto-api/seed?a={seed}", method="POST")
        urllib.request.urlopen(request)
        env = dict(os.environ, AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="testing",
                   AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION=region, AWS_PAGER="",
                   AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null")

        def aws(service, *args):
            out = subprocess.run(
                [os.path.join(VENV, "bin", "aws"), service, *args, "--output", "json"], env=env,
                check=True, capture_output=True, text=True).stdout
            return json.loads(out) if out.strip() else {}

        def ec2(*args):
            return aws("ec2", *args)

        ec2.aws = aws  # other services: ec2.aws("elbv2", ...)
        callback(ec2, work)
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


def save(ec2, folder, calls):
    """Writes each call's output, as the CLI prints it, to `folder/NAME.json`."""
    os.makedirs(folder)
    for name, args in calls:
        with open(os.path.join(folder, name + ".json"), "w") as out:
            json.dump(ec2(*args), out, indent=4)
            out.write("\n")


def replace(folder, target):
    """Moves `folder` to `target`, replacing what was there."""
    if os.path.isdir(target):
        shutil.rmtree(target)
    shutil.move(folder, target)


def main():
    with_moto(SEED, REGION, seed_and_capture)


def seed_and_capture(ec2, work):
    def tag(kind, name):
        return f"ResourceType={kind},Tags=[{{Key=Name,Value={name}}}]"

    ids = {}
    # The spokes: app 10.31.0.0/16 and data 10.32.0.0/16, each with a workload subnet and a /28
    # for the transit gateway's attachment, in us-east-1a.
    az = REGION + "a"
    for name, cidr in [("app", "10.31"), ("data", "10.32")]:
        vpc = ec2("create-vpc", "--cidr-block", f"{cidr}.0.0/16",
                  "--tag-specifications", tag("vpc", name))["Vpc"]["VpcId"]
        ids[f"VPC_{name.upper()}"] = vpc
        for subnet, block in [(name, f"{cidr}.1.0/24"), (f"{name}-tgw", f"{cidr}.255.0/28")]:
            ids[f"SUBNET_{subnet.upper().replace('-', '_')}"] = ec2(
                "create-subnet", "--vpc-id", vpc, "--cidr-block", block, "--availability-zone", az,
                "--tag-specifications", tag("subnet", subnet))["Subnet"]["SubnetId"]
    # The transit gateway: security group referencing left off (its default), no default table.
    tgw = ec2("create-transit-gateway", "--description", "hub", "--options",
              "DefaultRouteTableAssociation=disable,DefaultRouteTablePropagation=disable,"
              "SecurityGroupReferencingSupport=disable",
              "--tag-specifications", tag("transit-gateway", "hub"))["TransitGateway"]
    ids["TGW"] = tgw["TransitGatewayId"]
    table = ec2("create-transit-gateway-route-table", "--transit-gateway-id", ids["TGW"],
                "--tag-specifications", tag("transit-gateway-route-table", "spokes"))
    ids["TGW_RTB"] = table["TransitGatewayRouteTable"]["TransitGatewayRouteTableId"]
    for name in ["app", "data"]:
        attachment = ec2(
            "create-transit-gateway-vpc-attachment", "--transit-gateway-id", ids["TGW"],
            "--vpc-id", ids[f"VPC_{name.upper()}"],
            "--subnet-ids", ids[f"SUBNET_{name.upper()}_TGW"],
            "--tag-specifications", tag("transit-gateway-attachment", name))
        attachment_id = attachment["TransitGatewayVpcAttachment"]["TransitGatewayAttachmentId"]
        ids[f"TGW_ATTACH_{name.upper()}"] = attachment_id
        ec2("associate-transit-gateway-route-table", "--transit-gateway-route-table-id",
            ids["TGW_RTB"], "--transit-gateway-attachment-id", attachment_id)
        ec2("enable-transit-gateway-route-table-propagation", "--transit-gateway-route-table-id",
            ids["TGW_RTB"], "--transit-gateway-attachment-id", attachment_id)
    # A retired spoke: its attachment deleted, a static blackhole left for 10.33.0.0/16.
    ec2("create-transit-gateway-route", "--transit-gateway-route-table-id", ids["TGW_RTB"],
        "--destination-cidr-block", "10.33.0.0/16", "--blackhole")
    # Each workload subnet's table sends the other spoke's CIDR to the transit gateway.
    for name, other in [("app", "10.32.0.0/16"), ("data", "10.31.0.0/16")]:
        vpc = ids[f"VPC_{name.upper()}"]
        rtb = ec2("create-route-table", "--vpc-id", vpc,
                  "--tag-specifications", tag("route-table", f"rt-{name}"))
        rtb_id = rtb["RouteTable"]["RouteTableId"]
        ids[f"RT_{name.upper()}"] = rtb_id
        ec2("create-route", "--route-table-id", rtb_id, "--destination-cidr-block", other,
            "--transit-gateway-id", ids["TGW"])
        if name == "app":
            ec2("create-route", "--route-table-id", rtb_id, "--destination-cidr-block",
                "10.33.0.0/16", "--transit-gateway-id", ids["TGW"])
        ec2("associate-route-table", "--route-table-id", rtb_id,
            "--subnet-id", ids[f"SUBNET_{name.upper()}"])
    # The data subnet's network ACL: 5432 from the app VPC; 6379 only from the transit gateway's
    # own /28 (the defect: packets from the app keep the app's source address).
    acl = ec2("create-network-acl", "--vpc-id", ids["VPC_DATA"],
              "--tag-specifications", tag("network-acl", "nacl-data"))["NetworkAcl"]["NetworkAclId"]
    ids["ACL_DATA"] = acl
    for direction, number, ports, cidr in [
        ("--ingress", "100", "5432", "10.31.0.0/16"),
        ("--ingress", "110", "6379", "10.32.255.0/28"),
        ("--ingress", "120", "icmp", "10.31.0.0/16"),
        ("--egress", "100", "1024-65535", "10.31.0.0/16"),
        ("--egress", "110", "icmp", "10.31.0.0/16"),
    ]:
        if ports == "icmp":
            ec2("create-network-acl-entry", "--network-acl-id", acl, direction, "--rule-number",
                number, "--rule-action", "allow", "--protocol", "1", "--cidr-block", cidr,
                "--icmp-type-code", "Type=-1,Code=-1")
            continue
        low, _, high = ports.partition("-")
        ec2("create-network-acl-entry", "--network-acl-id", acl, direction, "--rule-number",
            number, "--rule-action", "allow", "--protocol", "6", "--cidr-block", cidr,
            "--port-range", f"From={low},To={high or low}")
    association = ec2("describe-network-acls", "--filters",
                      f"Name=association.subnet-id,Values={ids['SUBNET_DATA']}")
    association_id = next(a["NetworkAclAssociationId"]
                          for a in association["NetworkAcls"][0]["Associations"]
                          if a["SubnetId"] == ids["SUBNET_DATA"])
    ec2("replace-network-acl-association", "--association-id", association_id,
        "--network-acl-id", acl)
    # Security groups: db admits 5432 from the app's group (across the transit gateway) and 6379
    # from the app VPC's CIDR.
    groups = {}
    for name, vpc in [("app-sg", "VPC_APP"), ("db-sg", "VPC_DATA")]:
        groups[name] = ec2("create-security-group", "--vpc-id", ids[vpc], "--group-name", name,
                           "--description", name)["GroupId"]
    ids["SG_APP"], ids["SG_DB"] = groups["app-sg"], groups["db-sg"]
    ec2("authorize-security-group-ingress", "--group-id", ids["SG_DB"], "--ip-permissions",
        f"IpProtocol=tcp,FromPort=5432,ToPort=5432,UserIdGroupPairs=[{{GroupId={ids['SG_APP']},"
        "Description=from-app}]",
        "IpProtocol=tcp,FromPort=6379,ToPort=6379,IpRanges=[{CidrIp=10.31.0.0/16,"
        "Description=redis-from-app}]",
        "IpProtocol=icmp,FromPort=8,ToPort=-1,IpRanges=[{CidrIp=10.31.0.0/16,"
        "Description=ping-from-app}]")
    # The instances.
    ami = ec2("describe-images", "--owners", "amazon", "--filters",
              "Name=name,Values=amzn-ami-hvm-*")["Images"]
    ami = sorted((i for i in ami if "Platform" not in i), key=lambda i: i["Name"])[0]["ImageId"]
    for name, subnet, group, address in [("app", "SUBNET_APP", "SG_APP", "10.31.1.10"),
                                         ("db", "SUBNET_DATA", "SG_DB", "10.32.1.20")]:
        instance = ec2("run-instances", "--image-id", ami, "--instance-type", "t3.micro",
                       "--subnet-id", ids[subnet], "--security-group-ids", ids[group],
                       "--private-ip-address", address,
                       "--tag-specifications", tag("instance", name))["Instances"][0]
        ids[f"INSTANCE_{name.upper()}"] = instance["InstanceId"]
        ids[f"ENI_{name.upper()}"] = instance["NetworkInterfaces"][0]["NetworkInterfaceId"]

    capture = os.path.join(work, "topology")
    vpcs = f"Name=vpc-id,Values={ids['VPC_APP']},{ids['VPC_DATA']}"
    calls = [
        ("describe-vpcs", ["describe-vpcs", "--vpc-ids", ids["VPC_APP"], ids["VPC_DATA"]]),
        ("describe-subnets", ["describe-subnets", "--filters", vpcs]),
        ("describe-route-tables", ["describe-route-tables", "--filters", vpcs]),
        ("describe-network-acls", ["describe-network-acls", "--filters", vpcs]),
        ("describe-security-groups", ["describe-security-groups", "--filters", vpcs]),
        ("describe-network-interfaces", ["describe-network-interfaces", "--filters", vpcs]),
        ("describe-instances", ["describe-instances", "--filters", vpcs]),
        ("describe-transit-gateways", ["describe-transit-gateways"]),
        ("describe-transit-gateway-attachments", ["describe-transit-gateway-attachments"]),
        ("describe-transit-gateway-vpc-attachments", ["describe-transit-gateway-vpc-attachments"]),
        ("describe-transit-gateway-route-tables", ["describe-transit-gateway-route-tables"]),
        (f"get-transit-gateway-route-table-associations.{ids['TGW_RTB']}",
         ["get-transit-gateway-route-table-associations", "--transit-gateway-route-table-id",
          ids["TGW_RTB"]]),
        (f"get-transit-gateway-route-table-propagations.{ids['TGW_RTB']}",
         ["get-transit-gateway-route-table-propagations", "--transit-gateway-route-table-id",
          ids["TGW_RTB"]]),
        (f"search-transit-gateway-routes.{ids['TGW_RTB']}",
         ["search-transit-gateway-routes", "--transit-gateway-route-table-id", ids["TGW_RTB"],
          "--filters", "Name=state,Values=active,blackhole"]),
    ]
    save(ec2, capture, calls)
    complete_as_aws(capture, ids)
    replace(capture, os.path.join(HERE, "topology"))
    print(json.dumps(ids, indent=2))


def complete_as_aws(capture, ids):
    """Where moto 5.2.1 differs from AWS for this network, the files are set to what AWS gives
    (README.md, "Where the data came from"):
    - moto makes a default transit gateway route table even with DefaultRouteTableAssociation and
      DefaultRouteTablePropagation disabled, and `describe-transit-gateway-attachments` shows the
      attachments associated with it; AWS makes none, and shows the table they were associated
      with (`get-transit-gateway-route-table-associations` already does);
    - moto does not propagate routes: with propagation enabled AWS lists each VPC attachment's
      CIDR as a `propagated` route ("How transit gateways work"), and every route names its
      attachments in `TransitGatewayAttachments`."""
    def edit(name, change):
        path = os.path.join(capture, name + ".json")
        with open(path) as f:
            document = json.load(f)
        change(document)
        with open(path, "w") as f:
            json.dump(document, f, indent=4)
            f.write("\n")

    def gateways(document):
        for gateway in document["TransitGateways"]:
            gateway["Options"].pop("AssociationDefaultRouteTableId", None)
            gateway["Options"].pop("PropagationDefaultRouteTableId", None)

    def tables(document):
        document["TransitGatewayRouteTables"] = [
            t for t in document["TransitGatewayRouteTables"]
            if t["TransitGatewayRouteTableId"] == ids["TGW_RTB"]]

    def attachments(document):
        for attachment in document["TransitGatewayAttachments"]:
            attachment["Association"]["TransitGatewayRouteTableId"] = ids["TGW_RTB"]

    def routes(document):
        propagated = [
            {"DestinationCidrBlock": cidr,
             "TransitGatewayAttachments": [{"ResourceId": ids[vpc],
                                            "TransitGatewayAttachmentId": ids[attachment],
                                            "ResourceType": "vpc"}],
             "Type": "propagated", "State": "active"}
            for cidr, vpc, attachment in [("10.31.0.0/16", "VPC_APP", "TGW_ATTACH_APP"),
                                          ("10.32.0.0/16", "VPC_DATA", "TGW_ATTACH_DATA")]]
        document["Routes"] = propagated + document["Routes"]
        document["AdditionalRoutesAvailable"] = False

    edit("describe-transit-gateways", gateways)
    edit("describe-transit-gateway-route-tables", tables)
    edit("describe-transit-gateway-attachments", attachments)
    edit(f"search-transit-gateway-routes.{ids['TGW_RTB']}", routes)


if __name__ == "__main__":
    main()
