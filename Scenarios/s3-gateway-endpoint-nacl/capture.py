#!/usr/bin/env python3
"""Capture the s3-gateway-endpoint-nacl scenario.

Seeds a private subnet that reaches S3 through a gateway endpoint into a local moto server with
the real AWS CLI, and saves what `aws ec2 describe-* --output json` prints into ./topology/, one
file per call. Run by hand (not by CI); the outputs are committed:

    python3 Scenarios/s3-gateway-endpoint-nacl/capture.py

Uses the moto set-up of Scenarios/transit-gateway-spokes/capture.py (same pinned moto and AWS
CLI, loopback only, dummy credentials).
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "transit-gateway-spokes"))
import capture as spokes  # noqa: E402

SEED = 26
REGION = "us-east-1"


def seed_and_capture(ec2, work):
    def tag(kind, name):
        return f"ResourceType={kind},Tags=[{{Key=Name,Value={name}}}]"

    ids = {}
    ids["VPC"] = ec2("create-vpc", "--cidr-block", "10.40.0.0/16",
                     "--tag-specifications", tag("vpc", "batch"))["Vpc"]["VpcId"]
    ids["SUBNET"] = ec2("create-subnet", "--vpc-id", ids["VPC"], "--cidr-block", "10.40.1.0/24",
                        "--availability-zone", REGION + "a",
                        "--tag-specifications", tag("subnet", "private"))["Subnet"]["SubnetId"]
    ids["RT"] = ec2("create-route-table", "--vpc-id", ids["VPC"],
                    "--tag-specifications", tag("route-table", "rt-private"))[
        "RouteTable"]["RouteTableId"]
    ec2("associate-route-table", "--route-table-id", ids["RT"], "--subnet-id", ids["SUBNET"])
    # The gateway endpoint: AWS adds a route to the S3 prefix list in the table it names.
    ids["VPCE"] = ec2("create-vpc-endpoint", "--vpc-id", ids["VPC"], "--vpc-endpoint-type",
                      "Gateway", "--service-name", f"com.amazonaws.{REGION}.s3",
                      "--route-table-ids", ids["RT"])["VpcEndpoint"]["VpcEndpointId"]
    lists = ec2("describe-managed-prefix-lists")["PrefixLists"]
    ids["PL_S3"] = next(p["PrefixListId"] for p in lists
                        if p["PrefixListName"] == f"com.amazonaws.{REGION}.s3")
    # The network ACL: HTTPS out, anything from the VPC in, and nothing else in: S3's replies
    # to the instance's ephemeral ports have no entry.
    acl = ec2("create-network-acl", "--vpc-id", ids["VPC"],
              "--tag-specifications", tag("network-acl", "nacl-private"))["NetworkAcl"]
    ids["ACL"] = acl["NetworkAclId"]
    for direction, number, protocol, ports, cidr in [
        ("--ingress", "100", "-1", None, "10.40.0.0/16"),
        ("--egress", "100", "6", "443", "0.0.0.0/0"),
        ("--egress", "110", "-1", None, "10.40.0.0/16"),
    ]:
        args = ["create-network-acl-entry", "--network-acl-id", ids["ACL"], direction,
                "--rule-number", number, "--rule-action", "allow", "--protocol", protocol,
                "--cidr-block", cidr]
        if ports:
            args += ["--port-range", f"From={ports},To={ports}"]
        ec2(*args)
    associations = ec2("describe-network-acls", "--filters",
                       f"Name=association.subnet-id,Values={ids['SUBNET']}")
    association = next(a["NetworkAclAssociationId"]
                       for a in associations["NetworkAcls"][0]["Associations"]
                       if a["SubnetId"] == ids["SUBNET"])
    ec2("replace-network-acl-association", "--association-id", association,
        "--network-acl-id", ids["ACL"])
    ids["SG"] = ec2("create-security-group", "--vpc-id", ids["VPC"], "--group-name", "batch-sg",
                    "--description", "batch workers")["GroupId"]
    ami = ec2("describe-images", "--owners", "amazon", "--filters",
              "Name=name,Values=amzn-ami-hvm-*")["Images"]
    ami = sorted((i for i in ami if "Platform" not in i), key=lambda i: i["Name"])[0]["ImageId"]
    instance = ec2("run-instances", "--image-id", ami, "--instance-type", "t3.micro",
                   "--subnet-id", ids["SUBNET"], "--security-group-ids", ids["SG"],
                   "--private-ip-address", "10.40.1.10",
                   "--tag-specifications", tag("instance", "batch"))["Instances"][0]
    ids["INSTANCE"] = instance["InstanceId"]
    ids["ENI"] = instance["NetworkInterfaces"][0]["NetworkInterfaceId"]
    capture = os.path.join(work, "topology")
    vpc = f"Name=vpc-id,Values={ids['VPC']}"
    spokes.save(ec2, capture, [
        ("describe-vpcs", ["describe-vpcs", "--vpc-ids", ids["VPC"]]),
        ("describe-subnets", ["describe-subnets", "--filters", vpc]),
        ("describe-route-tables", ["describe-route-tables", "--filters", vpc]),
        ("describe-network-acls", ["describe-network-acls", "--filters", vpc]),
        ("describe-security-groups", ["describe-security-groups", "--filters", vpc]),
        ("describe-network-interfaces", ["describe-network-interfaces", "--filters", vpc]),
        ("describe-instances", ["describe-instances", "--filters", vpc]),
        ("describe-vpc-endpoints", ["describe-vpc-endpoints", "--filters", vpc]),
        ("describe-managed-prefix-lists", ["describe-managed-prefix-lists"]),
        (f"get-managed-prefix-list-entries.{ids['PL_S3']}",
         ["get-managed-prefix-list-entries", "--prefix-list-id", ids["PL_S3"]]),
    ])
    spokes.replace(capture, os.path.join(HERE, "topology"))
    print(json.dumps(ids, indent=2))


if __name__ == "__main__":
    spokes.with_moto(SEED, REGION, seed_and_capture)
