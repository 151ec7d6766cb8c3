#!/usr/bin/env python3
"""Capture the nlb-client-ip-preservation scenario.

Seeds an internet-facing Network Load Balancer in front of one instance into a local moto
server with the real AWS CLI, and saves what `aws ec2 describe-*` and `aws elbv2 describe-*`
print into ./topology/. Run by hand (not by CI); the outputs are committed:

    python3 Scenarios/nlb-client-ip-preservation/capture.py

Uses the moto set-up of Scenarios/transit-gateway-spokes/capture.py. Where moto 5.2.1 differs
from AWS here, the files are completed as AWS gives them (README.md, "Where the data came
from"): moto names a Network Load Balancer's ARN `…:loadbalancer/app/…` (AWS: `net/`), and
makes no network interface for the load balancer's node (AWS: one per enabled subnet,
`InterfaceType` `network_load_balancer`, `Description` `ELB net/NAME/ID`, no security groups).
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "transit-gateway-spokes"))
import capture as spokes  # noqa: E402

SEED = 27
REGION = "us-east-1"


def seed_and_capture(ec2, work):
    def tag(kind, name):
        return f"ResourceType={kind},Tags=[{{Key=Name,Value={name}}}]"

    ids = {}
    ids["VPC"] = ec2("create-vpc", "--cidr-block", "10.50.0.0/16",
                     "--tag-specifications", tag("vpc", "api"))["Vpc"]["VpcId"]
    for name, block in [("PUBLIC", "10.50.1.0/24"), ("APP", "10.50.2.0/24")]:
        ids[f"SUBNET_{name}"] = ec2(
            "create-subnet", "--vpc-id", ids["VPC"], "--cidr-block", block,
            "--availability-zone", REGION + "a",
            "--tag-specifications", tag("subnet", name.lower()))["Subnet"]["SubnetId"]
    ids["IGW"] = ec2("create-internet-gateway")["InternetGateway"]["InternetGatewayId"]
    ec2("attach-internet-gateway", "--internet-gateway-id", ids["IGW"], "--vpc-id", ids["VPC"])
    ids["RT_PUBLIC"] = ec2("create-route-table", "--vpc-id", ids["VPC"])["RouteTable"][
        "RouteTableId"]
    ec2("create-route", "--route-table-id", ids["RT_PUBLIC"], "--destination-cidr-block",
        "0.0.0.0/0", "--gateway-id", ids["IGW"])
    ec2("associate-route-table", "--route-table-id", ids["RT_PUBLIC"],
        "--subnet-id", ids["SUBNET_PUBLIC"])
    # The target's group admits the service's port from the load balancer's subnet only.
    ids["SG"] = ec2("create-security-group", "--vpc-id", ids["VPC"], "--group-name", "api-sg",
                    "--description", "api servers")["GroupId"]
    ec2("authorize-security-group-ingress", "--group-id", ids["SG"], "--ip-permissions",
        "IpProtocol=tcp,FromPort=8443,ToPort=8443,IpRanges=[{CidrIp=10.50.1.0/24,"
        "Description=from-the-nlb-subnet}]")
    ami = ec2("describe-images", "--owners", "amazon", "--filters",
              "Name=name,Values=amzn-ami-hvm-*")["Images"]
    ami = sorted((i for i in ami if "Platform" not in i), key=lambda i: i["Name"])[0]["ImageId"]
    instance = ec2("run-instances", "--image-id", ami, "--instance-type", "t3.micro",
                   "--subnet-id", ids["SUBNET_APP"], "--security-group-ids", ids["SG"],
                   "--private-ip-address", "10.50.2.20",
                   "--tag-specifications", tag("instance", "api"))["Instances"][0]
    ids["INSTANCE"] = instance["InstanceId"]
    ids["ENI"] = instance["NetworkInterfaces"][0]["NetworkInterfaceId"]
    balancer = ec2.aws("elbv2", "create-load-balancer", "--name", "api", "--type", "network",
                       "--scheme", "internet-facing", "--subnets", ids["SUBNET_PUBLIC"])
    ids["NLB"] = balancer["LoadBalancers"][0]["LoadBalancerArn"]
    group = ec2.aws("elbv2", "create-target-group", "--name", "api-tcp", "--protocol", "TCP",
                    "--port", "8443", "--vpc-id", ids["VPC"], "--target-type", "instance")
    ids["TG"] = group["TargetGroups"][0]["TargetGroupArn"]
    ec2.aws("elbv2", "register-targets", "--target-group-arn", ids["TG"],
            "--targets", f"Id={ids['INSTANCE']},Port=8443")
    ec2.aws("elbv2", "create-listener", "--load-balancer-arn", ids["NLB"], "--protocol", "TCP",
            "--port", "443", "--default-actions", f"Type=forward,TargetGroupArn={ids['TG']}")
    capture = os.path.join(work, "topology")
    vpc = f"Name=vpc-id,Values={ids['VPC']}"
    group_name = ".".join(ids["TG"].split("/")[-2:])
    spokes.save(ec2, capture, [
        ("describe-vpcs", ["describe-vpcs", "--vpc-ids", ids["VPC"]]),
        ("describe-subnets", ["describe-subnets", "--filters", vpc]),
        ("describe-route-tables", ["describe-route-tables", "--filters", vpc]),
        ("describe-internet-gateways", ["describe-internet-gateways", "--filters",
                                        f"Name=attachment.vpc-id,Values={ids['VPC']}"]),
        ("describe-network-acls", ["describe-network-acls", "--filters", vpc]),
        ("describe-security-groups", ["describe-security-groups", "--filters", vpc]),
        ("describe-network-interfaces", ["describe-network-interfaces", "--filters", vpc]),
        ("describe-instances", ["describe-instances", "--filters", vpc]),
    ])
    elbv2 = [
        ("describe-load-balancers", ["describe-load-balancers"]),
        ("describe-target-groups", ["describe-target-groups"]),
        (f"describe-target-group-attributes.{group_name}",
         ["describe-target-group-attributes", "--target-group-arn", ids["TG"]]),
        (f"describe-target-health.{group_name}",
         ["describe-target-health", "--target-group-arn", ids["TG"]]),
    ]
    for name, args in elbv2:
        with open(os.path.join(capture, name + ".json"), "w") as out:
            json.dump(ec2.aws("elbv2", *args), out, indent=4)
            out.write("\n")
    complete_as_aws(capture, ids)
    spokes.replace(capture, os.path.join(HERE, "topology"))
    print(json.dumps(ids, indent=2))


def complete_as_aws(capture, ids):
    """The load balancer's ARN with AWS's `net/` for a Network Load Balancer, and its node's
    network interface as AWS lists it (in the public subnet, 10.50.1.100, public 3.80.20.10,
    no security groups: the load balancer was created without any)."""
    moto_arn = ids["NLB"]
    aws_arn = moto_arn.replace(":loadbalancer/app/", ":loadbalancer/net/")
    for name in ["describe-load-balancers", "describe-target-groups"]:
        path = os.path.join(capture, name + ".json")
        with open(path) as f:
            text = f.read()
        with open(path, "w") as f:
            f.write(text.replace(moto_arn, aws_arn))
    ids["NLB"] = aws_arn
    path = os.path.join(capture, "describe-network-interfaces.json")
    with open(path) as f:
        document = json.load(f)
    node = "ELB " + aws_arn.split(":loadbalancer/")[1]
    document["NetworkInterfaces"].append({
        "AvailabilityZone": REGION + "a", "Description": node, "Groups": [],
        "InterfaceType": "network_load_balancer", "Ipv6Addresses": [],
        "NetworkInterfaceId": "eni-0b1c2d3e4f5a60701", "OwnerId": "123456789012",
        "PrivateIpAddress": "10.50.1.100",
        "PrivateIpAddresses": [{"Primary": True, "PrivateIpAddress": "10.50.1.100",
                                "Association": {"IpOwnerId": "amazon", "PublicIp": "3.80.20.10"}}],
        "Association": {"IpOwnerId": "amazon", "PublicIp": "3.80.20.10"},
        "RequesterId": "amazon-elb", "RequesterManaged": True, "SourceDestCheck": True,
        "Status": "in-use", "SubnetId": ids["SUBNET_PUBLIC"], "TagSet": [], "VpcId": ids["VPC"]})
    with open(path, "w") as f:
        json.dump(document, f, indent=4)
        f.write("\n")


if __name__ == "__main__":
    spokes.with_moto(SEED, REGION, seed_and_capture)
