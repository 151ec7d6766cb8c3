#!/usr/bin/env python3
"""Capture the vpn-on-premises-nacl scenario.

Seeds two VPCs, each joined to the head office (192.168.0.0/16) by a virtual private gateway
and a Site-to-Site VPN connection, into a local moto server with the real AWS CLI, and saves
what `aws ec2 describe-* --output json` prints into ./topology/, one file per call. Run by hand
(not by CI); the outputs are committed:

    python3 Scenarios/vpn-on-premises-nacl/capture.py

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

SEED = 27
REGION = "us-east-1"
HQ = "192.168.0.0/16"


def seed_and_capture(ec2, work):
    def tag(kind, name):
        return f"ResourceType={kind},Tags=[{{Key=Name,Value={name}}}]"

    ids = {}
    az = REGION + "a"
    # The head office's VPN device, one public address for both connections.
    ids["CGW"] = ec2("create-customer-gateway", "--type", "ipsec.1", "--public-ip",
                     "203.0.113.10", "--bgp-asn", "65000",
                     "--tag-specifications", tag("customer-gateway", "hq-router"))[
        "CustomerGateway"]["CustomerGatewayId"]
    # Two VPCs, prod and staging, each with an application subnet, its own virtual private
    # gateway and VPN connection to the head office, and a route for the office's range.
    for name, cidr in [("prod", "10.70"), ("staging", "10.71")]:
        key = name.upper()
        ids[f"VPC_{key}"] = ec2("create-vpc", "--cidr-block", f"{cidr}.0.0/16",
                                "--tag-specifications", tag("vpc", name))["Vpc"]["VpcId"]
        ids[f"SUBNET_{key}"] = ec2(
            "create-subnet", "--vpc-id", ids[f"VPC_{key}"], "--cidr-block", f"{cidr}.1.0/24",
            "--availability-zone", az,
            "--tag-specifications", tag("subnet", f"{name}-app"))["Subnet"]["SubnetId"]
        ids[f"VGW_{key}"] = ec2("create-vpn-gateway", "--type", "ipsec.1",
                                "--amazon-side-asn", "64512",
                                "--tag-specifications", tag("vpn-gateway", f"vgw-{name}"))[
            "VpnGateway"]["VpnGatewayId"]
        ec2("attach-vpn-gateway", "--vpn-gateway-id", ids[f"VGW_{key}"],
            "--vpc-id", ids[f"VPC_{key}"])
        ids[f"VPN_{key}"] = ec2(
            "create-vpn-connection", "--type", "ipsec.1", "--customer-gateway-id", ids["CGW"],
            "--vpn-gateway-id", ids[f"VGW_{key}"], "--options", "StaticRoutesOnly=true",
            "--tag-specifications", tag("vpn-connection", f"hq-{name}"))[
            "VpnConnection"]["VpnConnectionId"]
        ids[f"RT_{key}"] = ec2("create-route-table", "--vpc-id", ids[f"VPC_{key}"],
                               "--tag-specifications", tag("route-table", f"rt-{name}-app"))[
            "RouteTable"]["RouteTableId"]
        ec2("create-route", "--route-table-id", ids[f"RT_{key}"], "--destination-cidr-block",
            HQ, "--gateway-id", ids[f"VGW_{key}"])
        ec2("associate-route-table", "--route-table-id", ids[f"RT_{key}"],
            "--subnet-id", ids[f"SUBNET_{key}"])
    # prod's application subnet was "locked down to the VPC": its network ACL lets everything
    # out but lets in only the VPC's own range, so nothing from the head office gets in.
    acl = ec2("create-network-acl", "--vpc-id", ids["VPC_PROD"],
              "--tag-specifications", tag("network-acl", "nacl-prod-app"))["NetworkAcl"]
    ids["ACL_PROD"] = acl["NetworkAclId"]
    for direction, cidr in [("--ingress", "10.70.0.0/16"), ("--egress", "0.0.0.0/0")]:
        ec2("create-network-acl-entry", "--network-acl-id", ids["ACL_PROD"], direction,
            "--rule-number", "100", "--rule-action", "allow", "--protocol", "-1",
            "--cidr-block", cidr)
    associations = ec2("describe-network-acls", "--filters",
                       f"Name=association.subnet-id,Values={ids['SUBNET_PROD']}")
    association = next(a["NetworkAclAssociationId"]
                       for a in associations["NetworkAcls"][0]["Associations"]
                       if a["SubnetId"] == ids["SUBNET_PROD"])
    ec2("replace-network-acl-association", "--association-id", association,
        "--network-acl-id", ids["ACL_PROD"])
    # The application's security groups admit its port from the head office (and, in prod,
    # from the VPC); outbound is the default allow-all.
    for name, vpc, ranges in [("app-sg", "VPC_PROD", [HQ, "10.70.0.0/16"]),
                              ("staging-app-sg", "VPC_STAGING", [HQ])]:
        group = ec2("create-security-group", "--vpc-id", ids[vpc], "--group-name", name,
                    "--description", name)["GroupId"]
        ids["SG_" + name.upper().replace("-", "_")] = group
        blocks = ",".join(f"{{CidrIp={cidr}}}" for cidr in ranges)
        ec2("authorize-security-group-ingress", "--group-id", group, "--ip-permissions",
            f"IpProtocol=tcp,FromPort=8443,ToPort=8443,IpRanges=[{blocks}]")
    ami = ec2("describe-images", "--owners", "amazon", "--filters",
              "Name=name,Values=amzn-ami-hvm-*")["Images"]
    ami = sorted((i for i in ami if "Platform" not in i), key=lambda i: i["Name"])[0]["ImageId"]
    for name, subnet, group, address in [
            ("app", "SUBNET_PROD", "SG_APP_SG", "10.70.1.10"),
            ("staging-app", "SUBNET_STAGING", "SG_STAGING_APP_SG", "10.71.1.10")]:
        instance = ec2("run-instances", "--image-id", ami, "--instance-type", "t3.micro",
                       "--subnet-id", ids[subnet], "--security-group-ids", ids[group],
                       "--private-ip-address", address,
                       "--tag-specifications", tag("instance", name))["Instances"][0]
        key = name.upper().replace("-", "_")
        ids[f"INSTANCE_{key}"] = instance["InstanceId"]
        ids[f"ENI_{key}"] = instance["NetworkInterfaces"][0]["NetworkInterfaceId"]

    capture = os.path.join(work, "topology")
    vpcs = f"Name=vpc-id,Values={ids['VPC_PROD']},{ids['VPC_STAGING']}"
    spokes.save(ec2, capture, [
        ("describe-vpcs", ["describe-vpcs", "--vpc-ids", ids["VPC_PROD"], ids["VPC_STAGING"]]),
        ("describe-subnets", ["describe-subnets", "--filters", vpcs]),
        ("describe-route-tables", ["describe-route-tables", "--filters", vpcs]),
        ("describe-network-acls", ["describe-network-acls", "--filters", vpcs]),
        ("describe-security-groups", ["describe-security-groups", "--filters", vpcs]),
        ("describe-network-interfaces", ["describe-network-interfaces", "--filters", vpcs]),
        ("describe-instances", ["describe-instances", "--filters", vpcs]),
        ("describe-vpn-gateways", ["describe-vpn-gateways", "--filters",
                                   f"Name=attachment.vpc-id,Values={ids['VPC_PROD']},"
                                   f"{ids['VPC_STAGING']}"]),
        ("describe-vpn-connections", ["describe-vpn-connections", "--filters",
                                      f"Name=vpn-gateway-id,Values={ids['VGW_PROD']},"
                                      f"{ids['VGW_STAGING']}"]),
    ])
    complete_as_aws(capture, ids)
    spokes.replace(capture, os.path.join(HERE, "topology"))
    print(json.dumps(ids, indent=2))


def complete_as_aws(capture, ids):
    """moto 5.2.1 keeps no static routes, options or tunnel telemetry for a VPN connection:
    `describe-vpn-connections` lists neither `Options`, `Routes` nor `VgwTelemetry`, and it
    accepts no `create-vpn-connection-route`. They are written here as AWS gives them (EC2 API
    reference, `VpnConnection`, `VpnStaticRoute`, `VgwTelemetry`): each connection static, with
    the head office's range as its static route, and two tunnels; prod's tunnels UP, staging's
    DOWN (the head office's router was never configured for staging's connection)."""
    path = os.path.join(capture, "describe-vpn-connections.json")
    with open(path) as f:
        document = json.load(f)
    tunnels = {"VPN_PROD": [("198.51.100.11", "UP"), ("198.51.100.12", "UP")],
               "VPN_STAGING": [("198.51.100.21", "DOWN"), ("198.51.100.22", "DOWN")]}
    for connection in document["VpnConnections"]:
        key = next(k for k in tunnels if ids[k] == connection["VpnConnectionId"])
        connection["Category"] = "VPN"
        connection["Options"] = {
            "EnableAcceleration": False, "StaticRoutesOnly": True,
            "LocalIpv4NetworkCidr": "0.0.0.0/0", "RemoteIpv4NetworkCidr": "0.0.0.0/0",
            "OutsideIpAddressType": "PublicIpv4", "TunnelInsideIpVersion": "ipv4"}
        connection["Routes"] = [{"DestinationCidrBlock": HQ, "Source": "Static",
                                 "State": "available"}]
        connection["VgwTelemetry"] = [
            {"AcceptedRouteCount": 0, "LastStatusChange": "2026-11-20T09:00:00+00:00",
             "OutsideIpAddress": address, "Status": status, "StatusMessage": ""}
            for address, status in tunnels[key]]
    with open(path, "w") as f:
        json.dump(document, f, indent=4)
        f.write("\n")


if __name__ == "__main__":
    spokes.with_moto(SEED, REGION, seed_and_capture)
