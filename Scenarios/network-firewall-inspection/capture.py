#!/usr/bin/env python3
"""Capture the network-firewall-inspection scenario.

Seeds a VPC whose internet traffic passes an AWS Network Firewall endpoint (the internet
gateway's edge route table and the workload subnet's table both send it there) into a local
moto server with the real AWS CLI, and saves what `aws ec2 describe-* --output json` and
`aws network-firewall describe-firewall` print into ./topology/, one file per call. Run by hand
(not by CI); the outputs are committed:

    python3 Scenarios/network-firewall-inspection/capture.py

Uses the moto set-up of Scenarios/transit-gateway-spokes/capture.py (same pinned moto and AWS
CLI, loopback only, dummy credentials). What moto does not serve as AWS does is written by hand
afterwards, in AWS's JSON shape (`complete_as_aws`), and README.md says which.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "transit-gateway-spokes"))
import capture as spokes  # noqa: E402

SEED = 28
REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's account


def seed_and_capture(ec2, work):
    def tag(kind, name):
        return f"ResourceType={kind},Tags=[{{Key=Name,Value={name}}}]"

    ids = {}
    az = REGION + "a"
    ids["VPC"] = ec2("create-vpc", "--cidr-block", "10.60.0.0/16",
                     "--tag-specifications", tag("vpc", "shop"))["Vpc"]["VpcId"]
    ids["IGW"] = ec2("create-internet-gateway",
                     "--tag-specifications", tag("internet-gateway", "shop-igw"))[
        "InternetGateway"]["InternetGatewayId"]
    ec2("attach-internet-gateway", "--internet-gateway-id", ids["IGW"], "--vpc-id", ids["VPC"])
    # The firewall subnet (a /28 that holds only the firewall's endpoint) and the workload's
    # public subnet, in one Availability Zone (Network Firewall Developer Guide, "Simple single
    # zone architecture with an internet gateway").
    for name, block in [("firewall", "10.60.0.0/28"), ("web", "10.60.1.0/24")]:
        ids[f"SUBNET_{name.upper()}"] = ec2(
            "create-subnet", "--vpc-id", ids["VPC"], "--cidr-block", block,
            "--availability-zone", az,
            "--tag-specifications", tag("subnet", name))["Subnet"]["SubnetId"]
    ec2("modify-subnet-attribute", "--subnet-id", ids["SUBNET_WEB"], "--map-public-ip-on-launch")
    # The firewall. moto makes no endpoint for it; the Gateway Load Balancer endpoint created
    # here in the firewall subnet stands for the one Network Firewall creates there (routes can
    # name only an endpoint moto knows), and complete_as_aws names it in the firewall's status.
    ids["VPCE"] = ec2("create-vpc-endpoint", "--vpc-id", ids["VPC"], "--vpc-endpoint-type",
                      "GatewayLoadBalancer", "--service-name",
                      f"com.amazonaws.vpce.{REGION}.vpce-svc-0a1b2c3d4e5f60718",
                      "--subnet-ids", ids["SUBNET_FIREWALL"])["VpcEndpoint"]["VpcEndpointId"]
    policy = f"arn:aws:network-firewall:{REGION}:{ACCOUNT}:firewall-policy/shop-policy"
    firewall = ec2.aws("network-firewall", "create-firewall", "--firewall-name", "shop-fw",
                       "--firewall-policy-arn", policy, "--vpc-id", ids["VPC"],
                       "--subnet-mappings", f"SubnetId={ids['SUBNET_FIREWALL']}",
                       "--no-delete-protection")
    ids["FIREWALL"] = firewall["Firewall"]["FirewallArn"]
    # Route tables: the firewall subnet's to the internet gateway; the workload's default route
    # to the firewall endpoint; the internet gateway's edge table sends what comes in for the
    # workload subnet to the firewall endpoint too.
    tables = {}
    for name in ["rt-firewall", "rt-web", "rt-ingress"]:
        tables[name] = ec2("create-route-table", "--vpc-id", ids["VPC"],
                           "--tag-specifications", tag("route-table", name))[
            "RouteTable"]["RouteTableId"]
    ids["RT_FIREWALL"], ids["RT_WEB"], ids["RT_INGRESS"] = (
        tables["rt-firewall"], tables["rt-web"], tables["rt-ingress"])
    ec2("create-route", "--route-table-id", ids["RT_FIREWALL"], "--destination-cidr-block",
        "0.0.0.0/0", "--gateway-id", ids["IGW"])
    ec2("associate-route-table", "--route-table-id", ids["RT_FIREWALL"],
        "--subnet-id", ids["SUBNET_FIREWALL"])
    ec2("create-route", "--route-table-id", ids["RT_WEB"], "--destination-cidr-block",
        "0.0.0.0/0", "--vpc-endpoint-id", ids["VPCE"])
    ec2("associate-route-table", "--route-table-id", ids["RT_WEB"],
        "--subnet-id", ids["SUBNET_WEB"])
    ec2("create-route", "--route-table-id", ids["RT_INGRESS"], "--destination-cidr-block",
        "10.60.1.0/24", "--vpc-endpoint-id", ids["VPCE"])
    ec2("associate-route-table", "--route-table-id", ids["RT_INGRESS"],
        "--gateway-id", ids["IGW"])
    # The web server's security group: HTTPS from anywhere, nothing else; outbound all. Both
    # subnets keep the VPC's default network ACL (allow all).
    ids["SG_WEB"] = ec2("create-security-group", "--vpc-id", ids["VPC"], "--group-name",
                        "web-sg", "--description", "web servers")["GroupId"]
    ec2("authorize-security-group-ingress", "--group-id", ids["SG_WEB"], "--ip-permissions",
        "IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0,"
        "Description=https}]")
    ami = ec2("describe-images", "--owners", "amazon", "--filters",
              "Name=name,Values=amzn-ami-hvm-*")["Images"]
    ami = sorted((i for i in ami if "Platform" not in i), key=lambda i: i["Name"])[0]["ImageId"]
    instance = ec2("run-instances", "--image-id", ami, "--instance-type", "t3.micro",
                   "--subnet-id", ids["SUBNET_WEB"], "--security-group-ids", ids["SG_WEB"],
                   "--private-ip-address", "10.60.1.10",
                   "--tag-specifications", tag("instance", "web"))["Instances"][0]
    ids["INSTANCE"] = instance["InstanceId"]
    ids["ENI"] = instance["NetworkInterfaces"][0]["NetworkInterfaceId"]

    capture = os.path.join(work, "topology")
    vpc = f"Name=vpc-id,Values={ids['VPC']}"
    calls = [
        ("describe-vpcs", ["describe-vpcs", "--vpc-ids", ids["VPC"]]),
        ("describe-subnets", ["describe-subnets", "--filters", vpc]),
        ("describe-route-tables", ["describe-route-tables", "--filters", vpc]),
        ("describe-internet-gateways", ["describe-internet-gateways", "--filters",
                                        f"Name=attachment.vpc-id,Values={ids['VPC']}"]),
        ("describe-network-acls", ["describe-network-acls", "--filters", vpc]),
        ("describe-security-groups", ["describe-security-groups", "--filters", vpc]),
        ("describe-network-interfaces", ["describe-network-interfaces", "--filters", vpc]),
        ("describe-instances", ["describe-instances", "--filters", vpc]),
        ("describe-vpc-endpoints", ["describe-vpc-endpoints", "--filters", vpc]),
    ]
    spokes.save(ec2, capture, calls)
    with open(os.path.join(capture, "describe-firewall.shop-fw.json"), "w") as out:
        json.dump(ec2.aws("network-firewall", "describe-firewall", "--firewall-arn",
                          ids["FIREWALL"]), out, indent=4)
        out.write("\n")
    complete_as_aws(capture, ids)
    spokes.replace(capture, os.path.join(HERE, "topology"))
    print(json.dumps(ids, indent=2))


def complete_as_aws(capture, ids):
    """moto 5.2.1's `describe-firewall` gives the firewall's status without `SyncStates`: it
    creates no endpoint. AWS lists, for each Availability Zone of the firewall's subnet
    mappings, the endpoint it created there (Network Firewall API reference, `FirewallStatus`,
    `SyncState`, `Attachment`: `SubnetId`, `EndpointId`, `Status`). Written here as AWS gives
    it, with the Gateway Load Balancer endpoint that stands for the firewall's endpoint."""
    path = os.path.join(capture, "describe-firewall.shop-fw.json")
    with open(path) as f:
        document = json.load(f)
    document["FirewallStatus"]["SyncStates"] = {
        REGION + "a": {
            "Attachment": {"SubnetId": ids["SUBNET_FIREWALL"], "EndpointId": ids["VPCE"],
                           "Status": "READY"},
            "Config": {
                f"arn:aws:network-firewall:{REGION}:{ACCOUNT}:firewall-policy/shop-policy": {
                    "SyncStatus": "IN_SYNC",
                    "UpdateToken": "1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d"}}}}
    with open(path, "w") as f:
        json.dump(document, f, indent=4)
        f.write("\n")


if __name__ == "__main__":
    spokes.with_moto(SEED, REGION, seed_and_capture)
