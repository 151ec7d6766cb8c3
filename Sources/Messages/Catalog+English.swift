// The English catalog: every message of `Message`, in the words of AWS's documentation.
// Placeholders are `{name}`; docs/ja/glossary.md pairs the terms with the Japanese catalog's.

extension Message {
  /// The message in English.
  var english: String {
    switch self {
    // MARK: Words
    case .inbound: "inbound"
    case .outbound: "outbound"
    case .allow: "allow"
    case .deny: "deny"
    case .allProtocols: "all"
    case .protocolNumber: "protocol {number}"
    case .trafficWithPort: "{protocol} port {port}"
    case .trafficWithICMPType: "{protocol} type {type} code {code}"
    case .aclEntryInbound: "{action} {protocol} from {cidr}"
    case .aclEntryOutbound: "{action} {protocol} to {cidr}"
    case .aclEntryPorts: " {ports}"
    case .aclEntryICMPType: " type {type}"
    case .aclEntryICMPCode: " code {code}"

    // MARK: Network ACL decisions
    case .aclMatchInbound: "inbound {traffic} from {peer}"
    case .aclMatchOutbound: "outbound {traffic} to {peer}"
    case .aclAllows: "{acl} rule {rule} allows {match} ({entry})"
    case .aclDeniesByDefault: "{acl} denies it: no rule before the final * entry matches {match}"
    case .aclDeniesByRule: "{acl} denies it: rule {rule} ({entry}) is the first to match {match}"

    // MARK: Security group decisions
    case .sgNoGroupInbound: "{eni} has no security group, so no inbound rule allows anything"
    case .sgNoGroupOutbound: "{eni} has no security group, so no outbound rule allows anything"
    case .sgNoRulesInbound: "{groups} on {eni} has no inbound rules at all"
    case .sgNoRulesOutbound: "{groups} on {eni} has no outbound rules at all"
    case .sgNoRuleAllowsInbound: "no inbound rule of {groups} on {eni} allows {traffic} from {peer}"
    case .sgNoRuleAllowsOutbound: "no outbound rule of {groups} on {eni} allows {traffic} to {peer}"

    // MARK: Places in the logs
    case .lineNumber: "line {line}"
    case .lineOfInput: "line {line} of input {input}"
    case .onLine: "on {line}"

    // MARK: Diagnosis notes
    case .replyOfAcceptedRequest: "the reply of the request {place}, which {eni} accepted: {note}"
    case .doubtedCloseHistoryCut:
      " (or a packet after a close these logs cannot show: its connection's earlier records may be among those diagnose could not hold, and they have no tcp-flags)"
    case .doubtedCloseNoAccepted:
      " (or a packet after a close these logs cannot show: they hold no accepted record of {eni}, and no tcp-flags)"
    case .untrackedLateTeardown:
      " (the flow is untracked, so a late FIN or RST is judged by the rules, which allow it)"
    case .icmpDependsOnType:
      " (flow logs record no ICMP type, and which entry denies it depends on the type; shown as {names})"
    case .icmpEveryTypeDenied:
      " (shown as an echo request; every ICMP type is denied the same way, and flow logs record none)"
    case .icmpAnotherType:
      " (flow logs record no ICMP type; as {names} it would have been allowed, so it is another type)"
    case .echoRequest: "an echo request"
    case .echoReply: "an echo reply"
    case .icmpTypeCode: "type {type} code {code}"
    case .eitherOf: "{first} or {second}"
    case .listComma: ", "
    case .listSemicolon: "; "
    case .asReplyWouldBeAllowed: " (as the reply of {line} it would have been allowed)"
    case .roleSuggestedReplyOtherwise:
      " (the logs only suggest which side started the flow, by {evidence}; as a reply it would be the {cause})"
    case .roleSuggestedNewTrafficOtherwise:
      " (the logs only suggest which side started the flow, by {evidence}; as new traffic it would be the {cause})"
    case .suggestedByTCPFlags: "its TCP flags"
    case .suggestedByAcceptedReverse: "an accepted request the other way"
    case .suggestedByFirstLeg: "which leg came first"
    case .suggestedByPorts: "its ports"
    case .suggestedByUnanswered: "nothing answering it"
    case .suggestedBySilence:
      "the silence before it as the records' times read (they may lag their packets by up to a minute)"
    case .topologyAllowsFlow:
      "the topology allows this flow: the snapshot may be stale, or something the model does not cover rejected it (connection-tracking timeouts, a rule changed during the flow, a control flowcause does not model)"
    case .dependsOnPackets:
      "it depends on what the packets were, which the logs do not show: {readings}"
    case .readingOutcome: "{reading}, {outcome}"
    case .asICMPTypeNewTraffic: "as ICMP type {type} code {code} (new traffic)"
    case .asNewTraffic: "as new traffic (a request, an unsolicited packet or an expired reply)"
    case .asReplyOf: "as the reply of {line}"
    case .asReply: "as a reply"
    case .asLatePacketAfterClose: "as a late packet after close"
    case .outcomeDenied: "{cause} {component}"
    case .outcomeDeniedByRule: "{cause} {component} rule {rule}"
    case .outcomeUnknown: "unknown ({note})"
    case .outcomeAllowed: "allowed"
    case .expiredPastTimeout:
      "it started {silence} s after the last packet {eni} accepted of its flow ({line}), past the connection-tracking timeout ({timeout}), so the security groups no longer held the connection and judged it as new traffic: {note}"
    case .expiredWithinTimeout:
      "it started {silence} s after the last packet {eni} accepted of its flow ({line}) as the records' times read, within the connection-tracking timeout ({timeout}); but those times may lag their packets by up to a minute, and as a tracked reply it would have been let in, so the entry had expired and the security groups judged it as new traffic: {note}"
    case .noRequestPrecedes:
      "no request from {eni} precedes it in these logs, so its security groups hold no state for it and judge it as new traffic: {note}"

    // MARK: Connection tracking timeouts
    case .timeoutNoneForICMP: "none: AWS documents no ICMP timeout"
    case .timeoutSetOnENI: "{seconds} s, the {key} set on {eni}"
    case .timeoutTCPDefaults:
      "TcpEstablishedTimeout, 432,000 s by default and 350 s on Nitro v6 instance types"
    case .timeoutTCPAny:
      "TcpEstablishedTimeout, 60 s or more when set on the ENI, 432,000 s by default"
    case .timeoutUDPDefault: "{key}, {seconds} s by default"
    case .timeoutUDPStreamAny:
      "UdpStreamTimeout, 180 s by default and 60 s or more when set on the ENI"
    case .timeoutUDPAny: "UdpTimeout, 30 s by default and up to 60 s when set on the ENI"
    case .timeoutOtherProtocols: "600 s, for protocols other than TCP, UDP and ICMP"

    // MARK: explain's story
    case .storyHeading: "{place}: REJECT on {eni}"
    case .storyStepDirection: "1. Which way it went."
    case .storyIngress: "Ingress: the packets were arriving at {eni}."
    case .storyEgress: "Egress: the packets were leaving {eni}."
    case .storyDirectionUnknown:
      "The direction is unknown (no flow-direction field, and the record's addresses do not tell which side {eni} is on)."
    case .storyStepLeg: "2. Which leg it is."
    case .storyLegRequest: "The request of its conversation, because {because}."
    case .storyLegResponse: "The response of its conversation, because {because}."
    case .storyLegUnknown: "Unknown: nothing in the logs shows which side started the flow."
    case .storyRelatedRecords: "Related records:"
    case .storyRelatedRecord: "line {line} on {eni}: {action} ({relation})"
    case .storyStepStateful: "3. What stateful and stateless mean here."
    case .storyWithoutGroups:
      "{eni} belongs to {owner} and has no security groups: nothing on it tracks connections, and only its subnet's network ACL (stateless, at the subnet boundary, first matching rule number) filters what crosses it, requests and replies alike."
    case .storyStatefulReply:
      "Security groups are stateful: the reply of a connection they accepted passes whatever their rules say. Network ACLs are stateless: the reply needs an entry of its own, for the client's ephemeral port."
    case .storyStatelessRequest:
      "A request is checked against both controls on its own: the subnet's network ACL (at the subnet boundary, first matching rule number) and the ENI's security groups (allow-only, the union of all groups)."
    case .storyStepChecks: "4. The checks at {eni}, in AWS's order."
    case .storyCheck: "{index}. {check}: {result}, {explanation}"
    case .storyNoTopology: "4. No topology was given, so no rule can be named (give --topology)."
    case .storyCause: "Cause: {cause}"
    case .storyCauseCode: " ({code})"
    case .storyCauseComponent: ", {component}"
    case .storyCauseRule: " rule {rule}"
    case .storyConfidence: ", {confidence} confidence."
    case .storyCandidates: "Candidates: {candidates}."

    // MARK: Which leg, and why
    case .becauseTCPFlags: "its TCP flags say so (SYN marks the initiator, SYN-ACK the responder)"
    case .becauseAcceptedReverse:
      "an earlier request the other way was accepted on this ENI, and a rejected request is never answered"
    case .becausePorts: "its ports say so (the more server-like port is the server's)"
    case .becauseFirstLeg: "the other direction started later on this ENI"
    case .becauseUnanswered: "the other direction never appears on this ENI"

    // MARK: explain, around the story
    case .explainAccept:
      "{place} is an ACCEPT record: every control on its path at {eni} allowed it."
    case .explainRepeats:
      "{place} repeats {original} (the same interface, addresses, ports, protocol, packets, window and action), so it is diagnosed as that record"
    case .explainNotInTopology:
      "{eni} is not in the topology given: this REJECT is explained from the logs alone (is --topology the VPC the logs come from?)"
    case .warningLabel: "Warning:"

    // MARK: Checkpoint results and confidence, as a person reads them
    case .resultAllowed: "ALLOWED"
    case .resultDenied: "DENIED"
    case .resultSkipped: "SKIPPED"
    case .resultUndetermined: "UNDETERMINED"
    case .confidenceHigh: "high"
    case .confidenceMedium: "medium"
    case .confidenceLow: "low"

    // MARK: Route tables
    case .noRouteTable: "{subnet} has no route table (no explicit association and no main table)"
    case .routeTableMain: "{table} (the VPC's main table)"
    case .routeTableAssociated: "{table} (associated with {subnet})"
    case .routeUnknownPrefixLists:
      "{table} has routes to {lists}, whose entries the topology lacks, so which route carries {destination} is unknown (get-managed-prefix-list-entries)"
    case .routeNone: "{table} has no route for {destination}"
    case .routeNoneNeeds: "{table} has no route for {destination}; it needs {required}"
    case .routeBlackhole:
      "{table} sends {destination} to {route} whose target no longer exists (blackhole)"
    case .routeWrongTarget: "{table} sends {destination} by {route}; it needs {required}"
    case .routeSends: "{table} sends {destination} by {route}"
    case .whichRouteUnknown: "which route carries the packet is unknown"
    case .vgwNotAttachedFor:
      "{address} is reached through {gateway}, which is not attached to {vpc}"
    case .vgwNotAvailableFor:
      "{address} is reached through {gateway}, which is {state}, not available"
    case .vpnAllDownFor:
      "{address} is reached through {gateway}, and every VPN connection of it is down ({states})"
    case .vpnOneDownFor:
      "{address} is reached through {gateway}, and the VPN connection whose static routes hold it is down ({states})"
    case .vpnSomeDownFor:
      "{address} is reached through {gateway}, and the VPN connections whose static routes hold it are down ({states})"
    case .unmodelledWayIn:
      "{route}: traffic between {address} and {vpc} goes through {target}, not the internet gateway, and {beyond}"
    case .unmodelledInspected:
      "{route}: traffic between {address} and {vpc} passes {endpoint} ({summary}), which inspects it; {inspection}"
    case .packetFromTargetInterface:
      "the packet comes from {target}'s network interface in {subnet}"
    case .replyFromTargetInterface: "the reply comes from {target}'s network interface in {subnet}"
    case .replyNotRouted: "the reply is not routed"
    case .routeBackTo: "a route to {target}, the way the request came"
    case .notBackTo:
      "{route}, not back to {target}, the way the request came: whether the reply reaches {destination} that way is outside the model"
    case .replyToTargetInterface: "the reply goes to {target}'s network interface in {subnet}"
    case .beyondTransitGateway:
      "the far side of {target} (a VPN, Direct Connect, a peered transit gateway or a VPC outside the topology) is outside the model"
    case .beyondVirtualPrivateGateway:
      "the far side of {target} (the VPN or Direct Connect network) is outside the model"
    case .notModelled: "flowcause does not model {target}"
    case .unsupportedRouteTarget:
      "the route sends the packet to {target}, which flowcause does not model beyond this point"

    // MARK: VPC endpoints and virtual private gateways
    case .endpointGateway: "gateway endpoint for {service}"
    case .endpointInterface: "interface endpoint for {service}"
    case .endpointFirewall: "AWS Network Firewall endpoint of {firewall}"
    case .endpointGatewayLoadBalancer: "Gateway Load Balancer endpoint for {service}"
    case .endpointOther: "endpoint for {service}"
    case .endpointNotInTopology:
      "{endpoint} is not in the topology (describe-vpc-endpoints says what kind of endpoint it is)"
    case .endpointNotAvailable: "{endpoint} ({summary}) is {state}, not available"
    case .endpointCarries:
      "{endpoint} ({summary}) carries it to the service (its endpoint policy is not evaluated)"
    case .endpointNotFollowed:
      "the route sends the packet to {endpoint} ({summary}), which flowcause does not follow as a route target"
    case .endpointInspectsSent: "{sentBy} {endpoint} ({summary}), which inspects it; {inspection}"
    case .endpointInspects: "{endpoint} ({summary}) sends the packet for inspection; {inspection}"
    case .firewallRulesUnknown:
      "the firewall's rules are not evaluated (they are not in the topology), so whether it passes is unknown"
    case .appliancesUnknown:
      "the appliances behind the Gateway Load Balancer are not in the topology, so whether they pass it is unknown"
    case .endpointReplyBack: "the service's reply comes back through {endpoint}"
    case .vpnConnectionState: "{vpn}: {state}, tunnels {tunnels}"
    case .tunnelsUnknown: "unknown"
    case .vgwNotInTopology:
      "the route sends the packet to {gateway}, a virtual private gateway the topology does not describe (describe-vpn-gateways); past it lies the VPN or Direct Connect network, outside the model"
    case .vgwNotAttached: "{gateway} is not attached to {vpc}, so its route leads nowhere"
    case .gatewayNotAvailable: "{gateway} is {state}, not available"
    case .vpnAllDown: "every VPN connection of {gateway} is down ({states})"
    case .vpnOneDown:
      "the VPN connection of {gateway} whose static routes hold {destination} is down ({states})"
    case .vpnSomeDown:
      "the VPN connections of {gateway} whose static routes hold {destination} are down ({states})"
    case .leavesThroughVPN:
      "the packet leaves {vpc} through {gateway} for the VPN or Direct Connect network; the on-premises side (its routes and firewalls) is outside the model"

    // MARK: Internet gateways
    case .eigwIPv6Only: "{gateway} carries IPv6 only"
    case .gatewayNotAttached: "{gateway} is not attached to {vpc}"
    case .eigwLetsOut: "{gateway} lets outbound-initiated IPv6 traffic out"
    case .igwNotInTopology:
      "{gateway} is not in the topology (describe-internet-gateways says whether it is attached to {vpc})"
    case .igwSendsIPv6:
      "{gateway} sends the IPv6 packet to the internet (IPv6 addresses are public)"
    case .igwPrivateDestination: "{gateway} does not route to the private address {destination}"
    case .igwNoPublicAddress:
      "{eni} has no public or Elastic IP for {source}, so {gateway} cannot send its traffic to the internet"
    case .igwMapsSource: "{gateway} maps {source} to its public address {public}"
    case .igwSends: "{gateway} sends the packet to the internet"
    case .edgeRouteSendsTo:
      "{table}, the edge route table of {gateway}, sends {destination} by {route} to"
    case .edgeRouteMiddlebox:
      "{table}, the edge route table of {gateway}, sends {destination} by {route}, a middlebox whose forwarding flowcause does not model"
    case .vpcRoutesNameUnknownIGW:
      "{vpc}'s routes name {gateway}, which is not in the topology (describe-internet-gateways says whether it is attached)"
    case .vpcHasNoIGW: "{vpc} has no internet gateway attached"
    case .notPublicAddressOf:
      "{destination} is not a public address of {eni}; from the internet only its public or Elastic IP can be reached"
    case .igwDeliversIPv6: "{gateway} delivers the IPv6 packet to {eni}"
    case .igwMapsDestination: "{gateway} maps {destination} to {eni}'s private address {private}"
    case .igwDeliversIPv6Reply: "{gateway} delivers the IPv6 reply"
    case .igwMapsBack: "{gateway} maps {destination} back to {private}"
    case .eigwLetsRepliesIn: "{gateway} lets in the replies of connections started from the VPC"

    // MARK: NAT gateways
    case .notInTopology: "{id} is not in the topology"
    case .packetNotRoutedToIGW: "the packet is not routed to an internet gateway"
    case .needIGWForPublicNAT:
      "an internet gateway (a public NAT gateway reaches the internet through the internet gateway of its own subnet's route table)"
    case .privateNATNotRouted:
      "the private NAT gateway's subnet does not route the translated packet"
    case .privateNATNotFollowed:
      "{table} sends the private NAT gateway's translated packet by {route}, which flowcause does not follow from a private NAT gateway (it follows the local route, a transit gateway and a virtual private gateway)"
    case .natIPv4Only: "{nat} translates IPv4 only (NAT64 is not modelled)"
    case .natNoPrivateAddress: "{nat} has no private address in the topology"
    case .natTranslatesSource: "{nat} translates the source to {private}"
    case .natTranslatesSourcePort:
      "{nat} translates the source to {private}:{port} (NAT gateways use source ports 1024-65535)"
    case .natNoElasticIP: "{nat} has no Elastic IP in the topology"
    case .igwMapsNATSource: "{gateway} maps the NAT gateway's {source} to its Elastic IP {public}"
    case .igwMapsBackToNAT:
      "{gateway} maps {public} back to the NAT gateway's private address {private}"
    case .theInternetGateway: "the internet gateway"
    case .natSendsReply: "{nat} matches its translation and sends the reply to {destination}:{port}"
    case .theLocalRoute: "the local route"

    // MARK: Peering, unowned addresses, the legs
    case .peerInterfacesUnknown: "the peer VPC's interfaces are not in the topology"
    case .routeToPeering: "a route to {pcx} (peering routes are needed on both sides)"
    case .pcxNotActive: "{pcx} is {state}, not active"
    case .pcxOutsidePeerCIDRs:
      "{pcx} carries only traffic to the peer VPC's CIDRs, and {destination} is not in them"
    case .pcxCarries: "{pcx} is active and {destination} is in the peer VPC"
    case .packetNotRouted: "the packet is not routed"
    case .theVPC: "the VPC"
    case .unknownDestination:
      "no network interface in the topology owns {destination}, an address of {owner}"
    case .unknownReplyDestination:
      "no network interface in the topology owns {destination}, so whether its security groups track the connection (and let the reply in) is unknown"
    case .eigwReplyToInternetInitiated:
      "the reply leaves through {gateway}, which passes only connections started from the VPC; this one was started from the internet (the subnet needs ::/0 to an internet gateway)"
    case .replyNotRoutedBack: "the reply is not routed back the way the request came"
    case .theRouteTable: "the route table"
    case .replyToNATAsymmetric:
      "{table} sends the reply to {nat}; it would leave with the NAT gateway's address, which the client never contacted, so the connection cannot form (the subnet needs its route to the internet gateway)"
    case .routeToIGWForReplies:
      "a route to an internet gateway (replies to the internet leave through the subnet's own route table)"
    case .unknownSource:
      "no network interface in the topology owns {address}, an address of {owner}, so its security groups are unknown (the topology may be older than the traffic, or miss an interface)"
    case .unknownSourceSubnet:
      "no subnet of the topology holds {address}, so the route table it leaves by is unknown"
    case .unknownSourceThroughGateway:
      "what {target} does with the packet depends on the interface that sends it (its public address, its translation), and no interface in the topology owns {address}"
    case .neitherEndInTopology: "neither {source} nor {destination} is an address of the topology"

    // MARK: Transit gateways
    case .routeToTGWForReply:
      "a route to {tgw} (the reply comes back through the transit gateway only if {subnet}'s route table sends {destination} there)"
    case .tgwNotInTopology:
      "{tgw} is not in the topology (describe-transit-gateways and its attachments and route tables are needed to follow it)"
    case .tgwTargetNotInTopology:
      "{table} sends {destination} to {attachment}, which is not in the topology (describe-transit-gateway-attachments)"
    case .tgwTargetVPNDown:
      "{table} sends {destination} to {attachment}, the attachment of VPN connection {vpn}, which is down ({states})"
    case .tgwTargetBeyondModel:
      "{table} sends {destination} to {attachment}, a {type} attachment ({resource}): what lies beyond it is outside the model"
    case .tgwTargetNotAvailable:
      "{table} sends {destination} to {attachment}, which is {state}, not available"
    case .tgwTargetNoIPv6:
      "{attachment} has IPv6 support disabled, so it does not carry IPv6 traffic into {resource}"
    case .tgwSends: "{table} (associated with {attachment}) sends {destination} by {route}"
    case .tgwNotFollowedFurther: "flowcause does not follow it further"
    case .tgwEntersVPCWithoutENI:
      "the packet enters {vpc} through {attachment}; {destination} is not an address of an ENI of that VPC in the topology"
    case .tgwAttachmentSubnetSendsTo:
      "{entering}, and {table} (of the attachment subnet {subnet}) sends it to"
    case .tgwAttachmentSubnetToEndpoint:
      "{table} (of the attachment subnet {subnet}) sends it to {endpoint} ({summary}), which flowcause does not follow as a route target"
    case .tgwAttachmentSubnetByRoute:
      "{table} (of the attachment subnet {subnet}) sends it by {route}, which flowcause does not follow from a transit gateway attachment"
    case .tgwRouteIntoVPCWithout:
      "a route for {destination}: {table} delivers it into {vpc} through {attachment}, a VPC that does not hold it"
    case .tgwEnteringAnd: "{entering}, and {why}"
    case .tgwDelivers:
      "{table} (associated with {source}) sends {destination} by {route}; {attachment} delivers it into {vpc}"
    case .tgwDeliversFrom:
      "{table} (associated with {source}) sends {destination} by {route}; {attachment} delivers it into {vpc} from {subnet}"
    case .tgwAttachmentNoSubnet:
      "{attachment} lists no subnet in the topology (describe-transit-gateway-vpc-attachments), so where it delivers the packet is unknown"
    case .localRouteInAttachmentSubnet:
      "the local route (the attachment subnet's route table delivers the packet in the VPC)"
    case .receiverInAttachmentSubnetNoACL:
      "{eni} is in the attachment subnet {subnet}; traffic from the transit gateway to it is not evaluated by that subnet's network ACL"
    case .receiverInAttachmentSubnet: "{eni} is in the attachment subnet {subnet}"
    case .tgwNoAttachments:
      "no attachment of {tgw} is in the topology (describe-transit-gateway-attachments and describe-transit-gateway-vpc-attachments are needed to follow it)"
    case .vpcNotAttachedToTGW:
      "{vpc} is not attached to {tgw}, so its route to the transit gateway leads nowhere"
    case .tgwAttachmentNotAvailable: "{attachment} ({vpc} to {tgw}) is {state}, not available"
    case .tgwAttachmentNoIPv6:
      "{attachment} has IPv6 support disabled, so it does not carry IPv6 traffic from {vpc}"
    case .tgwZoneSubnetUnknown:
      "which subnet of {attachment} serves {subnet}'s Availability Zone is unknown (describe-transit-gateway-vpc-attachments and describe-subnets give the attachment's subnets and their zones)"
    case .theZone: "the zone"
    case .tgwNoSubnetInZone:
      "{attachment} has no subnet in {zone} of {subnet}; resources in an Availability Zone without a transit gateway attachment subnet cannot reach the transit gateway"
    case .tgwAttachmentNoRouteTable:
      "{attachment} is associated with no transit gateway route table, so {tgw} has no route for its traffic"
    case .tgwRoutesUnknown:
      "the routes of {table} are not in the topology (search-transit-gateway-routes --transit-gateway-route-table-id {table}, saved as search-transit-gateway-routes.{table}.json)"
    case .tgwUnknownPrefixLists:
      "{table} has no route for {destination} unless a prefix list holds it: {lists} (get-managed-prefix-list-entries)"
    case .tgwNoRoute:
      "{table} (associated with {attachment}) has no route for {destination}, so {tgw} drops it"
    case .tgwRouteNamesNoAttachment:
      "{table} sends {destination} by {route}, an active route that names no attachment in the topology (search-transit-gateway-routes gives them in TransitGatewayAttachments)"
    case .tgwBlackhole:
      "{table} (associated with {attachment}) sends {destination} to a blackhole ({route}), so {tgw} drops it"

    // MARK: Network ACL checks not made
    case .bothEndsInSubnet:
      "both ends are in {subnet}; network ACLs filter only traffic that enters or leaves a subnet"
    case .bothEndsIn: "both ends are in {subnet}"
    case .subnetHasNoACL: "{subnet} has no network ACL in the topology (and its VPC no default one)"
    case .notEvaluated: "not evaluated: {why}"

    // MARK: Security group checks
    case .sgSkippedNoGroups:
      "not evaluated: {eni} is the network interface of {component}, which has no security groups (its subnet's network ACL applies)"
    case .sgReferenceUnreached:
      "; {group}'s rule ({rule}) names {named}, a group of {vpc}, and {gap}, so it matches no address of it (name its CIDR instead)"
    case .refGapNotPeered:
      "{vpc} and {other} are not peered (a reference across VPCs needs an active peering connection, or a transit gateway with security group referencing on)"
    case .refGapOutboundTGW:
      "{vpc} and {other} are joined by {tgw}, which carries references in inbound rules only (outbound rules naming a group across a transit gateway are not supported)"
    case .refGapTGWOff:
      "{vpc} and {other} are joined by {tgw}, whose security group referencing support is off (modify-transit-gateway --options SecurityGroupReferencingSupport=enable)"
    case .refGapAttachmentOff:
      "{vpc} and {other} are joined by {tgw}, but security group referencing support is off on {attachments}"
    case .anAttachment: "an attachment"
    case .bothOf: "{first} and {second}"
    case .sgUnsureInbound:
      "no inbound rule of {groups} allows it for sure; rules naming {lists} cannot be checked without the prefix list entries (get-managed-prefix-list-entries)"
    case .sgUnsureOutbound:
      "no outbound rule of {groups} allows it for sure; rules naming {lists} cannot be checked without the prefix list entries (get-managed-prefix-list-entries)"
    case .sgTrackedReplyOutbound:
      "{eni}'s security groups are stateful: the reply of the tracked connection is allowed whatever the outbound rules say"
    case .sgTrackedReplyInbound:
      "{eni}'s security groups are stateful: the reply of the tracked connection is allowed whatever the inbound rules say"
    case .sgAllowsInbound: "{group} allows it: inbound {rule}"
    case .sgAllowsOutbound: "{group} allows it: outbound {rule}"
    case .ruleIdSuffix: " ({id})"
    case .untrackedReplyNeedsRule: " (the flow is untracked, so the reply needs this rule)"
    case .sgRule: "{protocol} {peer}"
    case .sgRulePorts: "{protocol} {ports} {peer}"
    case .sgRuleICMP: "{protocol} type {type} code {code} {peer}"
    case .anyValue: "all"

    // MARK: Trace verdicts
    case .requestDroppedAt: "The request is dropped at {check}: {explanation}"
    case .replyDroppedAt: "The reply is dropped at {check}: {explanation}"
    case .undeterminedAt: "Undetermined at {check}: {explanation}"
    case .reachable: "Reachable: the request and its reply pass every check"
    case .sourcePortDrawn:
      "source port {port} drawn from the Linux ephemeral range 32768-60999 (give --source-port to choose it; Windows clients use 49152-65535, NAT gateways and load balancers 1024-65535)"

    // MARK: Diagnosis from the logs alone
    case .logsProvenReply:
      "the request was accepted on {eni} ({line}), so the security groups track the connection and let its reply through; the subnet's network ACL, which is stateless, rejected the reply"
    case .symmetricICMP:
      " (ICMP records carry no ports and no type: the REJECT may also hold packets the other side started itself (its own echo requests, or ICMP errors, which are not tracked replies), which the logs cannot tell from replies)"
    case .symmetricPorts:
      " (both ends use port {port}: the REJECT may also hold packets the other side started itself, which the logs cannot tell from replies)"
    case .logsReplyByTiming:
      "the request was accepted on {eni} ({line}) {silence} s before, so the security groups track the connection and let its reply through, and the subnet's network ACL, which is stateless, rejected the reply; but flow log times may lag their packets by up to a minute, so the tracking entry may have expired ({timeout}) and the security group judged it as new traffic"
    case .hintTopology: " (give --topology)"
    case .hintFlags: " (tcp-flags in the format)"
    case .hintTopologyAndFlags: " (give --topology, and tcp-flags in the format)"
    case .hintEvaluateBoth: " (give --topology to evaluate both)"
    case .acceptedBefore:
      "this direction was accepted on {eni} before (in an earlier window or this one): a late packet after the connection closed, an expired tracking entry, or a rule changed during the flow{hint}"
    case .expiredReplyLogs:
      "a rejected reply that started {silence} s after the last packet {eni} accepted of its flow ({line}), past the shortest connection-tracking timeout it may have ({timeout}): the tracking entry may have expired, so the security group may have judged it as new traffic; or the network ACL denied it{hint}"
    case .symmetricMaybeReply:
      "it may be the reply of {line}, which {eni} accepted, or a flow the other side started the same way ({why}{mixed}): the network ACL, or the security group{hint}"
    case .icmpHasNoPorts: "ICMP has no ports"
    case .bothEndsUsePort: "both ends use port {port}"
    case .alsoAccepted: ", and this direction also carried packets that were accepted"
    case .notReplyOf:
      "not the reply of line {line} ({why}): a rejected request or unsolicited packet, which the security group or the network ACL denied{hint}"
    case .startedLater: "it started later"
    case .rejectedAtOtherEnd: "its packets were rejected at the other end, so it was never answered"
    case .rejectedRequestLogs:
      "a rejected request: the ENI's security group or its subnet's network ACL denied it, and the logs cannot tell which{hint}"
    case .replyHistoryCut:
      "a rejected reply whose request may be among the records diagnose could not hold (more records fell within one correlation window than it holds): the network ACL if the request was accepted, otherwise the security group or the network ACL{hint}"
    case .replyNoRequestLogs:
      "no request from {eni} precedes it in these logs, so its security groups hold no state for it and judge it as new traffic: the security group or the network ACL denied it{hint}"
    case .replyRequestNotInLogs:
      "a rejected reply whose request is not in these logs (they hold no accepted record of {eni}): the network ACL if the request was accepted, otherwise the security group or the network ACL{hint}"
    case .roleUnknownLogs:
      "the logs do not show which side started this flow: the security group or the network ACL rejected it{hint}"
    case .unseenClose:
      "a packet of an established TCP connection (tcp-flags {flags}: no SYN) that these logs do not show opening (they hold no accepted record of {eni}): AWS logs REJECT for packets that arrive after a connection closed, and the topology lets the same packet through as new traffic"
    case .afterCloseOnly:
      "only FIN/RST packets of a connection this ENI accepted earlier: AWS logs REJECT for packets that arrive after the connection closed; this is noise, not a blocked flow"

    // MARK: Decisions at an ENI
    case .controlsGroupsAndACL: "{eni}'s security groups and network ACL allow"
    case .controlsACLOnly: "{eni}'s network ACL (it has no security groups: {owner}) allows"
    case .asRequest: "as a request"
    case .wordRequest: "request"
    case .wordReply: "reply"
    case .allowedButUnroutable:
      "{controls} this packet {reading}, but the {which} cannot be routed: {note} (inferred: AWS does not document how flow logs show packets dropped for lack of a route)"
    case .directionUnknownNotOnPath:
      "which way it crossed {eni} is unknown (no flow-direction, and neither address is of its VPC), and the path traced between its addresses does not pass {eni}: which entry of its subnet's network ACL met it cannot be told"
    case .checkCannotBeMade: "{eni}'s {check} check cannot be made: {note}"
    case .allowedButInspected:
      "{controls} this packet {reading} in the topology, so the snapshot may be stale; its path also crosses {endpoint} ({note}), whose drops are logged by the firewall or appliance, not as a REJECT on {eni}"
    case .anInspectionEndpoint: "an inspection endpoint"
    case .eitherWayDenies:
      "which way it crossed {eni} is unknown (no flow-direction, and neither address is of its VPC), but either way {note}"
    case .untraceableStop: ": {check} {result}, {note}"
    case .untraceable:
      "{controls} this packet {reading}, and the topology cannot trace its path{why}; the record shows the packet crossed {eni}, so the model misses something on its way (a VPN, peering or on-premises route, a load balancer, a stale snapshot)"
    case .allowsAsNewTraffic: "{controls} it as new traffic: {note}"

    // MARK: Before the readings, and load balancers
    case .bpaRejected:
      "the record's reject-reason is BPA: VPC Block Public Access rejected it before security groups and network ACLs"
    case .regionalNATGateway:
      "the record is {id}'s (a regional NAT gateway, named by resource-id; its interface-id is -): flowcause does not model which controls filter a regional NAT gateway's traffic, so it names no cause"
    case .recordWithoutPorts:
      "the record has no ports (its format has no srcport or dstport, or they are -): the rules of security groups and network ACLs match {protocol} by port, so none can be checked"
    case .noteInParentheses: " ({note})"
    case .notInTopologySuffix: " ({eni} is not in the topology)"
    case .lbNodeOfENI: "{eni} is a node of load balancer {name} ({kind}, {scheme})"
    case .lbPeerNodeApplication:
      "{peer} is a node of load balancer {name} ({kind}): it opens its own connections to its targets, so a target sees its address, never the client's; a packet from it to {eni} is a forwarded request or a health check"
    case .lbPeerNode:
      "{peer} is a node of load balancer {name} ({kind}): a packet from it to {eni} is a forwarded request or a health check"
    case .lbHealthCheckPort:
      " (port {port} is where target group {group} checks health: its checks come from the load balancer's nodes)"
    case .nlbClientIPPreserved:
      "{eni} is a target of network load balancer {name} (target group {group}, port {port}) with client IP preservation on: the target sees the client's own address, {peer}, so its security groups and network ACL must admit the clients, not only the load balancer"

    // MARK: Fixes
    case .fixNothingAfterClose:
      "Nothing to change: AWS logs REJECT for packets that arrive after the connection was closed."
    case .fixBlockPublicAccess:
      "VPC Block Public Access rejected it (reject-reason BPA): an exclusion for its VPC or subnet lets it through (aws ec2 create-vpc-block-public-access-exclusion)."
    case .fixVPNDown:
      "Bring up the VPN connection of {gateway} (its tunnels are down: check the customer gateway's configuration and the tunnels' status, aws ec2 describe-vpn-connections), or route this traffic another way."
    case .theVirtualPrivateGateway: "the virtual private gateway"
    case .fixAttach:
      "Attach {gateway} to the VPC, or make the attachment available, as the explanation says."
    case .theGateway: "the gateway"
    case .fixTransitGatewayRoute:
      "Give {table} a route for this traffic to the destination's attachment (aws ec2 create-transit-gateway-route, or enable its propagation)."
    case .theTransitGatewayRouteTable: "the transit gateway's route table"
    case .fixRoute:
      "Give {table} a route for this traffic to a live target, as the explanation says (aws ec2 create-route or replace-route --route-table-id {table} …)."
    case .subnetRouteTableOf: "the route table of {eni}'s subnet"
    case .securityGroupsOf: "the security groups of {eni}"
    case .subnetNetworkACLOf: "the network ACL of {eni}'s subnet"
    case .fixDirectionUnknown:
      "Allow this traffic in {control} on the side it crossed: the log does not say whether it was arriving at {eni} or leaving it (give --topology, or use a log format with flow-direction, to name the rule to add)."
    case .fixSGReplyInboundPlural:
      "Usually nothing: {control} let the reply of every request they let through pass, so a rejected reply is one nothing on {eni} asked for (backscatter of spoofed traffic, or a probe) or one they hold no state for (its tracking entry expired, its flow was untracked, or the request went through another ENI); only in those cases would an inbound rule allowing it from {cidr} help."
    case .fixSGReplyInboundSingular:
      "Usually nothing: {control} lets the reply of every request it let through pass, so a rejected reply is one nothing on {eni} asked for (backscatter of spoofed traffic, or a probe) or one it holds no state for (its tracking entry expired, its flow was untracked, or the request went through another ENI); only in those cases would an inbound rule allowing it from {cidr} help."
    case .fixSGReplyOutboundPlural:
      "Usually nothing: {control} let the reply of every request they let through pass, so a rejected reply is one nothing on {eni} asked for (backscatter of spoofed traffic, or a probe) or one they hold no state for (its tracking entry expired, its flow was untracked, or the request went through another ENI); only in those cases would an outbound rule allowing it to {cidr} help."
    case .fixSGReplyOutboundSingular:
      "Usually nothing: {control} lets the reply of every request it let through pass, so a rejected reply is one nothing on {eni} asked for (backscatter of spoofed traffic, or a probe) or one it holds no state for (its tracking entry expired, its flow was untracked, or the request went through another ENI); only in those cases would an outbound rule allowing it to {cidr} help."
    case .fixSGRuleInbound: "Add an inbound rule to {target} allowing {service} from {cidr}."
    case .fixSGRuleOutbound: "Add an outbound rule to {target} allowing {service} to {cidr}."
    case .oneOf: "one of {items}"
    case .fixACLEntryInbound:
      "Add an inbound allow entry to {acl} for {service} from {peer} numbered below {below}"
    case .fixACLEntryOutbound:
      "Add an outbound allow entry to {acl} for {service} to {peer} numbered below {below}"
    case .belowDenyingEntry: "the entry that denies it"
    case .belowImplicitEntry: "{rule} (the * rule)"
    case .belowOrNarrow: "{rule}, or narrow rule {rule}, which denies these ports"
    case .sentenceEnd: "."
    case .repliesAdvice: "; AWS advises 1024-65535 for replies."
    case .statelessRepliesOutboundPorts:
      "; network ACLs are stateless, so its replies must be allowed outbound too (to the client's ports; AWS advises 1024-65535)."
    case .statelessRepliesOutbound:
      "; network ACLs are stateless, so its replies must be allowed outbound too."
    case .statelessRepliesInboundPorts:
      "; network ACLs are stateless, so its replies must be allowed inbound too (to the client's ports; AWS advises 1024-65535)."
    case .statelessRepliesInbound:
      "; network ACLs are stateless, so its replies must be allowed inbound too."

    // MARK: explain's two-column diagram of both legs
    case .storyStepLegs: "5. Both legs, client side and server side."
    case .legsClientSide: "client side"
    case .legsServerSide: "server side"
    case .legsInternet: "{address} (internet)"
    case .legsOutside: "{address} (outside the VPC, through {gateway})"
    case .legsUnowned: "{address} (no ENI known in {place})"
    case .legsRequest: "request"
    case .legsReply: "reply"
    case .legsThisReject: "<- this REJECT"
    case .legsLogged: "logged: {place} {action}"
    case .legsNotReached: "(not reached)"
    case .legsNoReplyDenied: "(no reply: the request does not arrive)"
    case .legsNoReplyUndetermined: "(no reply traced: the request's way could not be decided)"
    case .legsNoReplyExpected: "(no reply is expected for this packet)"
    case .legsTracked: "stateful: the tracked reply passes"
    case .legsStatelessReply: "stateless: the reply needs its own entry"
    case .legsUnknown: "unknown without --topology"
    case .legsAcceptedInLogs: "the logs show it accepted"
    case .legsNoChecks: "(no check of AWS's on this side)"

    // MARK: Related records
    case .relationReverse: "reverse"
    case .relationSame: "same"
    case .relationPeer: "peer"

    // MARK: simulate --compare
    case .compareHeading:
      "The traffic of {traffic} under A ({a}) and under B ({b}): {rows} records, {changed} changed."
    case .compareColumns: "A       B       record"
    case .compareLegend: "Marks: ! the action changes, + only in B's log, - only in A's log"
    case .onlyInA: "only in A's log"
    case .onlyInB: "only in B's log"
    case .reasonRejectsInB: "in B, {what} rejects the {role}"
    case .reasonRejectedInA: "in A, {what} rejected the {role}"
    case .atLineOfA: " (line {line} of A's log)"
    case .atLineOfB: " (line {line} of B's log)"
    case .allowsInB: "; in B, {allowed}"
    case .nothingRejectsInB: "; in B nothing rejects it"
    case .reasonJoined: "{first}: {second}"
    case .componentWithCause: "{component}{rule} ({cause})"

    // MARK: diagnose's text
    case .unreadLinesOne:
      "{count} line could not be read (the errors are on stderr: a format that does not fit?): whether it holds REJECTs is unknown."
    case .unreadLinesMany:
      "{count} lines could not be read (the errors are on stderr: a format that does not fit?): whether they hold REJECTs is unknown."
    case .rejectRecordsOne: "{count} REJECT record"
    case .rejectRecordsMany: "{count} REJECT records"
    case .noRejectMatches: "No REJECT record matches {criteria} ({records} left out{span})."
    case .fromSpan: ", from {span}"
    case .noRejects: "No REJECT records."
    case .noRejectsWithoutActionOne:
      "No REJECT records found, but {count} record has no action field: whether it is a REJECT is unknown."
    case .noRejectsWithoutActionMany:
      "No REJECT records found, but {count} records have no action field: whether they are REJECTs is unknown."
    case .headlineEvaluated: ", evaluated against the topology"
    case .headlineLogsOnly: ", from the logs alone (give --topology to name the rule)"
    case .headlineNoneInTopology: ", from the logs alone"
    case .warningNoneInTopology:
      "Warning: none of their interfaces is in the topology given{first}: is it the topology of their VPC?"
    case .headlineSomeEvaluated: ", {count} evaluated against the topology"
    case .warningOthersOutside:
      "Warning: the interfaces of the other {others} are not in the topology{first}; they were diagnosed from the logs alone."
    case .firstOutside: " (the first: {eni} at {place})"
    case .onlyMatching: "Only those matching {criteria}: {records} left out."
    case .headingByCause: "By cause:"
    case .headingByComponent: "By component:"
    case .headingServices: "Top services with rejected flows (the server's port):"
    case .headingClients: "Top clients with rejected flows:"
    case .headingPatterns:
      "Patterns (the same interface, cause and rule, direction, role and service), the most REJECTs first:"
    case .noTime: "no time: the records have no start or end"
    case .missedEarlierOne: "; up to {count} earlier REJECT of it may be among those in no pattern"
    case .missedEarlierMany:
      "; up to {count} earlier REJECTs of it may be among those in no pattern"
    case .exampleRecord: "e.g. {place} {ends}"
    case .exampleConfidence: ", {confidence} confidence:"
    case .candidatesList: "candidates: {list}"
    case .morePatternsOne: "{count} more pattern"
    case .morePatternsMany: "{count} more patterns"
    case .patternsNotListed:
      "… and {patterns} ({records}), not listed; --output summary gives the counts as JSON, --output jsonl one object per REJECT"
    case .patternsDropped:
      "{records} of patterns dropped to make room are counted above but in no pattern (the {limit} held are those rejecting most)"
    case .othersDropped: "(others, dropped to make room for the {limit} held)"
    case .serviceNoPort: "{name} (no port)"
    case .timeSpan: "{first} to {last}"

    // MARK: diagnose's text, continued
    case .otherRejectRecordsOne: "{count} other REJECT record"
    case .otherRejectRecordsMany: "{count} other REJECT records"

    // MARK: diagnose --output md
    case .mdTotalsOne: "{records} in {count} pattern"
    case .mdTotalsMany: "{records} in {count} patterns"
    case .mdAndMore: " and more"
    case .mdCauses: ": {causes}"
    case .mdUnreadOne:
      "{count} line could not be read (a format that does not fit?): it is not counted here."
    case .mdUnreadMany:
      "{count} lines could not be read (a format that does not fit?): they are not counted here."
    case .mdColumnRejects: "REJECTs"
    case .mdColumnCause: "cause"
    case .mdColumnComponent: "component and rule"
    case .mdColumnDirection: "direction role"
    case .mdColumnService: "service"
    case .mdColumnTime: "time (UTC)"
    case .mdMoreRecords:
      "{records} in other patterns: `--output summary` counts them as JSON, `--output jsonl` gives each."
    case .mdNoFixScan:
      "No fix offered: {client} has {count} REJECTs across this report's services, the shape of a scan or probe; let it through only if it should reach {service}."
    case .mdFix: "Fix: {fix}"
    case .mdNoFixNamed: "none named: the cause is not determined"
    case .mdManyClients:
      "The pattern's REJECTs come from more than one client ({clients}): the fix names the first; give the range that should pass."
    case .mdToLetThroughOne:
      "To let them through, if they should pass (for the first REJECT of the top pattern):"
    case .mdToLetThroughMany:
      "To let them through, if they should pass (for the first REJECT of each of the top {count} patterns):"
    case .mdCandidates: " (candidates: {list})"

    // MARK: explain --output md
    case .mdVerdict: "{place} REJECT: {cause}"
    case .mdVerdictConfidence: ", {confidence} confidence"
    case .mdRuleWithNumber: " rule {rule}"
    case .mdQuotedLine: "line {line} ({what}):"
    case .mdThisReject: "this REJECT"
    case .mdNotQuoted: "(not quoted)"
    case .mdRequestLeg: "request:"
    case .mdRequestLegThis: "request (this REJECT):"
    case .mdReplyLeg: "reply:"
    case .mdReplyLegThis: "reply (this REJECT):"
    case .mdReplyNotSent: "not sent: the request does not arrive"
    case .mdWhy: "Why: {why}"
    case .mdCaveats: "Caveats: {caveats}"
    case .stepAllow: "allow"
    case .stepDeny: "DENY"
    case .stepUndetermined: "UNDETERMINED"
    case .stepSkipped: "skipped"
    case .stepRule: "{component} (rule {rule} {result})"
    case .stepTracked: "{component} (tracked)"
    case .stepDetail: "{component} ({detail})"
    case .stepNoRule: "{component} (no rule: DENY)"
    case .stepNoRoute: "{component} (no route: DENY)"
    case .endInternet: "{address} (internet)"
    case .endUnowned: "{address} (no ENI of {vpc})"
    case .caveatLatePacket:
      "it may be a late packet of a connection already closed, which AWS logs as REJECT too"
    case .caveatEarlierLogs:
      "if its connection opened before these logs begin, it may be a late packet after the close, which AWS logs as REJECT too: give the earlier logs as well"
    case .caveatGroupsMissing: "{groups} of {eni} not in the topology"
    case .caveatNotInTopology: "{eni} is not in the topology: diagnosed from the logs alone"
    case .caveatTraceStops: "the trace stops at {check}: {explanation}"
    case .caveatNoTopology: "no topology given, so no rule is named (give --topology)"
    case .caveatNone: "none found; the answer is as good as the topology's snapshot"
    case .eitherOfCauses: "{others} or {last}"

    // MARK: trace
    case .tracePacket: "trace {packet}"
    case .traceFrom: "  from {end}"
    case .traceTo: "  to   {end}"
    case .traceForwardLeg: "Forward leg"
    case .traceReturnLeg: "Return leg"
    case .traceReturnTracked: " (the flow is tracked: security groups let its replies through)"
    case .traceReturnUntracked:
      " (the flow is untracked: replies need a security group rule of their own)"
    case .traceVerdictReachable: "Verdict: REACHABLE. {explanation}"
    case .traceVerdictNotReachable: "Verdict: NOT REACHABLE ({code}, {leg} leg). {explanation}"
    case .traceVerdictUndetermined: "Verdict: UNDETERMINED ({code}). {explanation}"
    case .legForward: "forward"
    case .legReturn: "return"
    case .traceEndInterface: "{eni} ({address}{public}{instance})"
    case .traceEndPublic: ", public {address}"
    case .traceEndInstance: ", {instance}"
    case .traceEndUnowned:
      "{address} (an address of {place} that no network interface of the topology owns)"
    case .traceEndOutside: "{address} (outside the topology)"

    // MARK: diagnose --output md, continued
    case .moreRejectRecordsOne: "{count} more REJECT record"
    case .moreRejectRecordsMany: "{count} more REJECT records"

    // MARK: simulate's warnings and errors
    case .nodataTooMany:
      "with nodata, {windows} aggregation windows from {first} to {last} for {interfaces} interfaces would make up to {total} NODATA records, more than {limit}: its start or duration is far from the other conversations' (or set nodata to false)"
    case .moreThan: "more than {count}"
    case .notSimulatedPast: "not simulated past {check}: {explanation}"
    case .notAnInterface: "{id} is not a network interface of the topology"
    case .notAnInstance: "{id} is not an instance of the topology"
    case .notAnEndpoint:
      "\"{text}\" is not an IP address, an ENI id (eni-…) or an instance id (i-…)"
    case .noAddressOfFamily: "{id} has no {family} address"
    case .mixedFamilies: "{a} and {b} are not of the same IP family"
    case .missingPort: "tcp and udp need --port"

    // MARK: simulate's warnings and errors, continued
    case .conversationFailure: "conversation {number}: {reason}"
    case .underTopology: " (under {side})"

    // MARK: Path diagrams (svg)
    case .stateNotCrossed: "not crossed"
    case .stateNotReached: "not reached"
    case .stateAllowed: "allowed"
    case .stateDenied: "DENIED"
    case .stateUndetermined: "undetermined"
    case .stateUnknown: "unknown"
    case .laneRequest: "Request"
    case .laneReply: "Reply"
    case .laneRequestSupposed: "Request (supposed)"
    case .laneAsLogged: "{title}, as logged"
    case .laneNoReplyDenied: "No reply: the request does not arrive."
    case .laneNoReplyUndetermined: "No reply traced: the request's way could not be decided."
    case .laneNoReplyExpected: "No reply is expected for this packet."
    case .laneNoReplyRejected: "No reply: the request was rejected."
    case .laneSupposedLogged:
      "none: no request precedes this reply in the logs; drawn as the topology would carry one"
    case .diagramReachable: "Reachable: the request and its reply pass every check."
    case .diagramNotReached: "Not reached: {sentence}"
    case .nodeNetworkInterface: "Network interface"
    case .nodeSenderOutside: "Sender outside the VPC"
    case .nodeReceiverOutside: "Receiver outside the VPC"
    case .nodeReachedThroughSends: "{address}, reached through {gateway}, sends"
    case .nodeReachedThroughReceives: "{address}, reached through {gateway}, receives"
    case .nodeInternetSender: "Internet sender"
    case .nodeInternetReceiver: "Internet receiver"
    case .nodeInternetSends: "{address} on the internet sends"
    case .nodeInternetReceives: "{address} on the internet receives"
    case .nodeNoENIKnown: "Address with no ENI known"
    case .nodeNoENISentence: "{address}, an address of {place} that no ENI of the topology owns"
    case .nodeENISends: "{eni} ({address}) sends"
    case .nodeENIReceives: "{eni} ({address}) receives"
    case .nodePublic: "public {address}"
    case .titleSecurityGroupOut: "Security group (out)"
    case .titleNetworkACLOut: "Network ACL (out)"
    case .titleRouteTable: "Route table"
    case .titleInternetGateway: "Internet gateway"
    case .titleNATGateway: "NAT gateway"
    case .titleEgressOnlyIGW: "Egress-only IGW"
    case .titleVPCPeering: "VPC peering"
    case .titleTransitGateway: "Transit gateway"
    case .titleVPCEndpoint: "VPC endpoint"
    case .titleVPNGateway: "VPN gateway"
    case .titleNetworkACLIn: "Network ACL (in)"
    case .titleSecurityGroupIn: "Security group (in)"
    case .titleDestination: "Destination"
    case .titleNetworkACLEither: "Network ACL (in/out)"
    case .titleSecurityGroupEither: "Security group (in/out)"
    case .titleOtherEnd: "Other end"
    case .titleHost: "Host"
    case .detailRuleAllow: "rule {rule} allow"
    case .detailRuleDeny: "rule {rule} deny"
    case .detailRuleId: "rule {id}"
    case .detailByTheRule: "by the rule"
    case .detailTracked: "tracked: replies pass"
    case .detailNoRuleAllows: "no rule allows it"
    case .detailNoUsableRoute: "no usable route"
    case .detailSameSubnet: "same subnet"
    case .detailUnknownNoTopology: "unknown: no --topology"
    case .detailRulesUnknown: "{title}: its rules are not known without --topology"
    case .detailAcceptedInLogs: "the logs show it accepted"
    case .detailStatefulReplyOf: "stateful: the reply of"
    case .detailAnAcceptedRequest: "an accepted request"
    case .detailStatefulSentence:
      "Security groups are stateful: the reply of a request they accepted passes"
    case .detailNamedByLogs: "named by the logs"
    case .detailIdGiveTopology: "id: give --topology"
    case .loggedThisReject: "this REJECT: {place} at {eni}"
    case .loggedRelated: "{action}: {place} at {eni}{more}"
    case .loggedAndMore: " and {count} more"
    case .loggedNoFlowDirection:
      "{logged} (which end is {eni} the log does not say: it has no flow-direction)"
    case .diagramTitleReject: "This REJECT (the {leg}): {cause}"
    case .diagramTitleAt: " at {rule}"
    case .diagramTitleCandidates: " ({candidates})"
    case .diagramTitleEnd: "."
    case .diagramBlocked: "The {lane} is dropped at {where} ({detail})."
    case .svgFlowLog: "Flow log: {logged}"
    case .svgRejectedHere: "✗ rejected here"
    case .svgDescFlowLog: " (flow log: {logged})"
    case .svgDescRejectedHere: ", where this is rejected"

    // MARK: report (HTML)
    case .htmlTitle: "flowcause report"
    case .htmlWrittenBy:
      "Written by flowcause {version} at {time}. Counts are those of {command} on the same inputs."
    case .htmlInputs: "Inputs"
    case .htmlStandardInput: "standard input"
    case .htmlAndMore: " and {count} more"
    case .htmlTime: "Time"
    case .htmlTimeRange: "{from} to {to} (UTC: the first REJECT's start to the last one's end)"
    case .htmlNoReject: "no REJECT"
    case .htmlNoRejectTime: "no REJECT has a start time"
    case .htmlRecords: "Records"
    case .htmlBadLinesOne:
      ", and {open}{count} line that could not be read{close} (listed on stderr)"
    case .htmlBadLinesMany:
      ", and {open}{count} lines that could not be read{close} (listed on stderr)"
    case .htmlRejects: "REJECTs"
    case .htmlFilters: "Filters"
    case .htmlFiltersLeftOut: "{filters}: {count} other REJECTs left out"
    case .htmlTopology: "Topology"
    case .htmlWarnings: "Warnings"
    case .htmlInputsDamagedOne: "{count} input is damaged: its records after the damage are lost"
    case .htmlInputsDamagedMany:
      "{count} inputs are damaged: their records after the damage are lost"
    case .htmlDuplicatesOne:
      "{count} REJECT repeats an earlier record (an input given twice?) and is counted once"
    case .htmlDuplicatesMany:
      "{count} REJECTs repeat earlier records (an input given twice?) and are counted once"
    case .htmlUndiagnosedOne:
      "{count} REJECT could not be diagnosed (its format lacks a field diagnosis needs)"
    case .htmlUndiagnosedMany:
      "{count} REJECTs could not be diagnosed (their format lacks a field diagnosis needs)"
    case .htmlWithoutActionOne:
      "{count} record has no action field: whether it is a REJECT is unknown"
    case .htmlWithoutActionMany:
      "{count} records have no action field: whether they are REJECTs is unknown"
    case .htmlLateOne:
      "{count} record arrived behind newer ones (inputs out of time order?) and was correlated only with the records still held"
    case .htmlLateMany:
      "{count} records arrived behind newer ones (inputs out of time order?) and were correlated only with the records still held"
    case .htmlDecidedEarlyOne:
      "{count} REJECT was decided before the records after it were read (too many in one window)"
    case .htmlDecidedEarlyMany:
      "{count} REJECTs were decided before the records after them were read (too many in one window)"
    case .htmlDetailsOnStderr: "the details are on stderr"
    case .htmlTopologyNone: "none given: causes from the logs alone, no rule named (give {option})"
    case .htmlTopologyCounts: "{vpcs}, {enis} ENIs"
    case .htmlTopologyHolds: "; it holds {count} of the {seen} ENIs with REJECTs"
    case .htmlCountedOneByOne: " (of those counted one by one)"
    case .htmlTopologyRejects: ", and {inside} of the {rejects} REJECTs"
    case .htmlOthersFromLogs:
      ": {open}the others were diagnosed from the logs alone{close} (the first: {eni} at {place})"
    case .htmlByCause: "By cause"
    case .htmlNoRejects: "No REJECT records."
    case .htmlCausesCaption: "REJECTs by the control that rejected them"
    case .htmlCause: "Cause"
    case .htmlShare: "Share"
    case .htmlTopPatterns: "Top patterns"
    case .htmlPatternsIntroAll:
      "REJECTs alike but for the client and the time, the most first: {patterns} in all. Click a heading to sort."
    case .htmlPatternsIntroHeld:
      "REJECTs alike but for the client and the time, the most first: {held} patterns held, and {dropped} REJECTs of patterns dropped to make room for them (each rejected least when dropped: the ports of a scan, one REJECT each). Click a heading to sort."
    case .htmlPatternsCount: "{count} patterns"
    case .htmlPatternsCaption: "The {patterns} with the most REJECTs"
    case .htmlOnePattern: "pattern"
    case .htmlComponentAndRule: "Component and rule"
    case .htmlDirection: "Direction"
    case .htmlRole: "Role"
    case .htmlService: "Service"
    case .htmlFirstStart: "First start (UTC)"
    case .htmlLastEnd: "Last end (UTC)"
    case .htmlExample: "Example"
    case .htmlItsPath: "its path"
    case .htmlDroppedNote:
      "{count} REJECTs belong to patterns dropped to make room: a table holds {limit} at most."
    case .htmlNoneNamed: "(none named)"
    case .htmlRuleStarIPv4: "{component} rule * (IPv4)"
    case .htmlRuleStarIPv6: "{component} rule * (IPv6)"
    case .htmlPathsHeading: "The path of each top pattern"
    case .htmlPathsIntro:
      "For the first REJECT of each pattern: the request and its reply through every checkpoint in AWS's order, each allowed (✓), denied (✗), not crossed (–) or not known (?), the rule that decided named; the checkpoint that rejected it has a thick red border and the words “rejected here”."
    case .htmlAlikeNote:
      "Patterns alike but for the ENI (and, for a scanner, the port) are drawn once, by the first of them: the others are named under it."
    case .htmlRejectsCountOne: "{count} REJECT"
    case .htmlRejectsCountMany: "{count} REJECTs"
    case .htmlAlikeOtherENIs: "Pattern #{rank} of the table; the same on other ENIs: {list}."
    case .htmlAlikeOtherPorts: "Pattern #{rank} of the table; the same scan on other ports: {list}."
    case .htmlWhy: "Why:"
    case .htmlConfidence: "({confidence} confidence{code})"
    case .htmlFix: "Fix:"
    case .htmlPathInWords: "The path in words"
    case .htmlLinesLabel: "The REJECT and its paired log lines"
    case .htmlNotQuoted:
      "(not quoted: lines of standard input, of a fetched input or of Parquet are not read again)"
    case .htmlOnlyIfShouldPass: " Only if this traffic should pass: a denial may be meant."
    case .htmlRankings: "What rejects the most"
    case .htmlRules: "Rules"
    case .htmlCauseComponentRule: "Cause, component and rule"
    case .htmlENIs: "ENIs"
    case .htmlServices: "Services"
    case .htmlProtocolAndPort: "Protocol and port"
    case .htmlClients: "Clients"
    case .htmlAddress: "Address"

    // MARK: report (HTML), continued
    case .htmlVPCsOne: "{count} VPC"
    case .htmlVPCsMany: "{count} VPCs"
    case .htmlPatternsOne: "{count} pattern"

    // MARK: report (HTML): timeline and topology
    case .htmlTimelineHeading: "REJECTs over time"
    case .htmlNoRejectWithTime: "No REJECT with a time."
    case .unitMinute: "minute"
    case .unitHour: "hour"
    case .unitDay: "day"
    case .unitMinutes: "{count} minutes"
    case .htmlTimelineIntro:
      "REJECTs a {unit}, by cause. Times are UTC; where this report was written, local time is UTC{offset}{viewer}."
    case .htmlViewerOffset: "; your browser's local time is UTC"
    case .htmlTimelineTitle:
      "REJECTs a {unit} from {from} to {to} UTC, the most in one bar {highest}"
    case .htmlCountsAsTable: "The counts as a table"
    case .htmlStartUTC: "Start (UTC)"
    case .htmlWithoutStart: "{count} REJECTs have no start time and are not in the timeline."
    case .htmlVPCsCaption: "VPCs ({count})"
    case .htmlSubnetsCaption: "Subnets ({count})"
    case .htmlENIsCaption: "Network interfaces ({count}), those with REJECTs first"
    case .htmlCIDRs: "CIDRs"
    case .htmlInternetGateway: "Internet gateway"
    case .htmlSubnet: "Subnet"
    case .htmlZone: "Zone"
    case .htmlNetworkACL: "Network ACL"
    case .htmlRouteTable: "Route table"
    case .htmlDefaultRoute: "Default route"
    case .htmlAddresses: "Addresses"
    case .htmlSecurityGroups: "Security groups"
    case .htmlAttachedTo: "Attached to"
    case .htmlMain: " (main)"
    case .htmlNone: "none"
    case .htmlPublicAddress: "public {address}"
    case .htmlFirstListed: "The first {shown} of {count} are listed."
    case .htmlTooLarge:
      "Too large to draw clearly (at most {vpcs} VPCs of {subnets} subnets are drawn): the tables below hold it all."
    case .htmlDrawingTitle: "{vpc}: {subnets} subnets, {enis} ENIs{gateway}"
    case .htmlDrawingGateway: ", internet gateway {id}"
    case .htmlDrawingGatewayLabel: "⇅ internet gateway {id}"
    case .htmlDrawingCaption:
      "A blue border: a public subnet (its default route goes to the internet gateway); ✗ N: the REJECTs of that ENI. The tables below hold every id."
    case .htmlPublic: "public"
    case .htmlPrivate: "private"
    case .htmlNoDefaultRoute: "no default route"
    case .htmlNoRouteTable: "no route table"
    case .htmlNoENI: "no ENI in the topology"
    case .htmlMoreENIs: "and {count} more ENIs"

    // MARK: Review of the Japanese trial
    case .legsStatelessJudged: "stateless: the reply is judged by the entries like any packet"
    case .ruleStarNumber: "* ({rule})"

    // MARK: trace, continued
    case .tracePacketICMP: "{protocol} {source} -> {destination} type {type} code {code}"

    // MARK: explain's story, continued
    case .storyRoleUnknownBoth:
      "Which leg it is is unknown. As a request, it is checked against both controls on its own: the subnet's network ACL and the ENI's security groups. As a reply, the security groups let it through if they tracked its request (stateful), while the network ACL needs an entry of its own for it (stateless)."

    // MARK: stderr's diagnostics
    case .diagAthenaTooLong:
      "flowcause sql: warning: the query is {bytes} bytes, more than the {limit} Athena takes in one query string (a quota AWS does not raise); {topologyBytes} of them are the rows of {path}: --views PREFIX writes them as views, each created by a statement of its own before the query, or give --topology only the VPCs whose flow logs the table holds (docs/scale-out.md, \"On Athena\")"
    case .diagBadLinesWithheldOne:
      "{file}: note: {count} more bad line not shown, {total} in all (--max-errors N shows the first N of each input, 0 all of them)"
    case .diagBadLinesWithheldMany:
      "{file}: note: {count} more bad lines not shown, {total} in all (--max-errors N shows the first N of each input, 0 all of them)"
    case .diagBadLinesInRun:
      "flowcause: note: {lines} in {inputs} not shown (at most {limit} are shown a run: --max-errors N shows N of each input and five times N in all, 0 all of them)"
    case .diagMoreBadLinesOne: "{count} more bad line"
    case .diagMoreBadLinesMany: "{count} more bad lines"
    case .diagInputsOne: "{count} input"
    case .diagInputsMany: "{count} inputs"
    case .diagFieldCountHint:
      "{file}: note: its records have {found} fields, the format read has {expected}: if the flow log has a custom format, give its LogFormat with --format (as 'aws ec2 describe-flow-logs' prints it), or --topology with the folder 'flowcause collect' wrote (its describe-flow-logs.json), or put the format's header line first"
    case .diagSavedFormat:
      "flowcause: note: records before a header line are read with the LogFormat of {ids} ({folder}/describe-flow-logs.json); --format overrides it"
    case .diagCannotOpen: "{file}: error: cannot open: {reason}"
    case .diagSummary:
      "flowcause: {lines} read from {inputs}: {records}, {headers}, {blank} blank, {bad} bad{damaged}{unopened}"
    case .diagLinesOne: "{count} line"
    case .diagLinesMany: "{count} lines"
    case .diagRecordsOne: "{count} record"
    case .diagRecordsMany: "{count} records"
    case .diagHeadersOne: "{count} header"
    case .diagHeadersMany: "{count} headers"
    case .diagDamagedOne: "; {count} damaged input"
    case .diagDamagedMany: "; {count} damaged inputs"
    case .diagNotOpened: "; {count} not opened"
    case .diagUndiagnosedOne:
      "flowcause: warning: {count} REJECT record was not diagnosed: it lacks interface-id, srcaddr, dstaddr or protocol (not in the format, or -); the first is at {first}"
    case .diagUndiagnosedMany:
      "flowcause: warning: {count} REJECT records were not diagnosed: each lacks interface-id, srcaddr, dstaddr or protocol (not in the format, or -); the first is at {first}"
    case .diagFormatLacks: "lacks {missing}: {command} needs {required}"
    case .diagHeaderLacks: "{place}: error: header line {lacks}"
    case .diagWithoutActionOne:
      "flowcause: warning: {count} record was not diagnosed: its format has no action field, so whether it is a REJECT is unknown; the first is at {first}"
    case .diagWithoutActionMany:
      "flowcause: warning: {count} records were not diagnosed: their format has no action field, so whether they are REJECTs is unknown; the first is at {first}"
    case .diagDuplicatesOne:
      "flowcause: warning: {count} REJECT record repeated an earlier record (the same interface, addresses, ports, protocol, packets, window and action: a file given twice, or overlapping exports?) and was counted once, not diagnosed again; the first is {first}, a copy of {original}"
    case .diagDuplicatesMany:
      "flowcause: warning: {count} REJECT records repeated an earlier record (the same interface, addresses, ports, protocol, packets, window and action: a file given twice, or overlapping exports?) and were counted once, not diagnosed again; the first is {first}, a copy of {original}"
    case .diagDecidedEarlyOne:
      "flowcause: warning: {count} REJECT record was decided before {horizon} s of later records had been read: more than {held} records fell within one correlation window, the most diagnose holds; their diagnoses see only the records before them"
    case .diagDecidedEarlyMany:
      "flowcause: warning: {count} REJECT records were decided before {horizon} s of later records had been read: more than {held} records fell within one correlation window, the most diagnose holds; their diagnoses see only the records before them"
    case .diagNoneInTopologyOne:
      "flowcause: warning: none of the {count} REJECT record's interface is in the topology{first}: it was diagnosed from the logs alone; is the topology that of the VPC whose flow logs these are?"
    case .diagNoneInTopologyMany:
      "flowcause: warning: none of the {count} REJECT records' interfaces is in the topology{first}: they were diagnosed from the logs alone; is the topology that of the VPC whose flow logs these are?"
    case .diagSomeOutsideOne:
      "flowcause: warning: {inside} of the {count} REJECT records were evaluated against the topology; the interface of the other one is not in it{first}, and it was diagnosed from the logs alone"
    case .diagSomeOutsideMany:
      "flowcause: warning: {inside} of the {count} REJECT records were evaluated against the topology; the interfaces of the other {others} are not in it{first}, and they were diagnosed from the logs alone"
    case .diagRouteSends: "{table} sends it by {route}"
    case .diagRouteSendsBlackhole: "{table} sends it by {route}, a blackhole"
    case .diagRouteNone: "{table} has no route for it"
    case .diagNoRouteTable: "its subnet has no route table in the topology"
    case .diagTrafficPathOne:
      "flowcause: warning: {count} record's traffic-path disagrees with the topology's routes; the first, {first} on {eni}, left for {destination} {path} (traffic-path {code}), where {route}: the topology may not be the network that wrote these logs (collect it again), and verdicts that depend on routing may be wrong"
    case .diagTrafficPathMany:
      "flowcause: warning: {count} records' traffic-path disagree with the topology's routes; the first, {first} on {eni}, left for {destination} {path} (traffic-path {code}), where {route}: the topology may not be the network that wrote these logs (collect it again), and verdicts that depend on routing may be wrong"
    case .diagLateRecordsOne:
      "flowcause: warning: {count} record arrived more than {horizon} s behind newer ones (inputs out of time order?); they were correlated only with the records still held: give the files in time order"
    case .diagLateRecordsMany:
      "flowcause: warning: {count} records arrived more than {horizon} s behind newer ones (inputs out of time order?); they were correlated only with the records still held: give the files in time order"
    case .pathSameVPC: "through another resource in the same VPC"
    case .pathIGWOrGatewayEndpoint: "through an internet gateway or a gateway VPC endpoint"
    case .pathVGW: "through a virtual private gateway"
    case .pathIntraRegionPeering: "through an intra-Region VPC peering connection"
    case .pathInterRegionPeering: "through an inter-Region VPC peering connection"
    case .pathLocalGateway: "through a local gateway"
    case .pathGatewayEndpoint: "through a gateway VPC endpoint"
    case .pathIGW: "through an internet gateway"
    case .pathUndocumented: "by a path AWS does not document"
    // MARK: lint: finding titles (SARIF's shortDescription)
    case .lintTitleNaclBlocksReplies:
      "A network ACL denies the replies of a service a security group allows"
    case .lintTitleTierRepliesBlocked:
      "A network ACL denies the replies to a client tier a security group allows"
    case .lintTitleNaclBlocksOutboundReplies:
      "A network ACL denies the replies of calls to the internet"
    case .lintTitleNaclEntryShadowed: "A network ACL entry is never reached and changes nothing"
    case .lintTitleNaclDenyShadowedByAllow:
      "A network ACL deny entry never fires: an earlier entry allows its packets"
    case .lintTitleNaclAllowShadowedByDeny:
      "A network ACL allow entry never fires: an earlier entry denies its packets"
    case .lintTitleSgAdminPortOpenToWorld: "An admin or database port is open to the internet"
    case .lintTitleSgAdminPortOpenToWorldPrivate:
      "An admin or database port is open to all addresses on a private host"
    case .lintTitleIpv6AllowedBySGMissingFromNACL:
      "A security group allows IPv6 that the network ACL does not"
    case .lintTitlePublicSubnetWithoutIGWRoute:
      "A subnet maps public IPv4 addresses but does not route to an internet gateway"
    case .lintTitlePublicIPWithoutIGWRoute:
      "An ENI's public IPv4 address reaches nothing: no route to an internet gateway"
    case .lintTitleBlackholeRoute:
      "A route's target was deleted: it still matches and drops traffic"
    case .lintTitleSgReferencesMissingGroup:
      "A security group rule names a group that is not in the topology"
    case .lintTitleSgUnattached: "A security group is attached to no ENI"
    case .lintTitleUntrackedFlow: "Flows a security group allows are untracked"
    case .lintTitleTgwRouteDrops:
      "A route to a transit gateway leads to no route, a blackhole, or no way back"
    case .lintTitleLbTargetUnreachable:
      "A load balancer's health checks or requests cannot reach a registered target"
    case .lintTitleSgReferenceNotCarried:
      "A security group rule names a group of another VPC that the reference cannot reach"
    case .lintTitleTgwApplianceModeOff:
      "A transit gateway hands traffic to a stateful appliance in several zones without appliance mode"
    case .lintTitleEndpointSGBlocksClients:
      "An interface endpoint's security groups refuse the clients of its VPC"

    // MARK: lint: what to change, by finding id (SARIF's help)
    case .lintHelpNaclBlocksReplies:
      "Network ACLs are stateless: add an allow entry for the protocol and ports 1024-65535 (AWS's advice for replies) to or from the clients, numbered below the entry that denies."
    case .lintHelpNaclEntryShadowed:
      "Delete the entry: earlier entries decide all its packets the same way."
    case .lintHelpNaclDenyShadowedByAllow:
      "Renumber the deny below the first allow that matches its packets, or delete it."
    case .lintHelpNaclAllowShadowedByDeny: "Renumber the allow below the deny, or delete it."
    case .lintHelpSgAdminPortOpenToWorld:
      "Name the administrators' range or a prefix list instead of all addresses, or remove the rule and use Session Manager, a bastion or a VPN."
    case .lintHelpSgAdminPortOpenToWorldPrivate:
      "Name the clients that need the port (their security group, or their subnets' CIDRs) instead of all addresses."
    case .lintHelpIpv6AllowedBySGMissingFromNACL:
      "Add IPv6 entries mirroring the IPv4 ones, or drop ::/0 from the rules."
    case .lintHelpPublicSubnetWithoutIGWRoute:
      "Add 0.0.0.0/0 to an internet gateway to the subnet's route table, or stop mapping public addresses."
    case .lintHelpPublicIPWithoutIGWRoute:
      "Route the subnet to the internet gateway, or release the address."
    case .lintHelpBlackholeRoute: "Point the route at a live target (replace-route) or delete it."
    case .lintHelpSgReferencesMissingGroup:
      "Remove the rule or name an existing group; collect the group if it lives in another VPC or account."
    case .lintHelpSgUnattached: "Attach the group where it is meant to apply, or delete it."
    case .lintHelpUntrackedFlow:
      "Nothing if intended; narrow the all-traffic rule to have the flows tracked (removing the rule cuts open connections at once)."
    case .lintHelpTgwRouteDrops:
      "Give the transit gateway's route table a route to the destination's attachment (or its propagation), and the far VPC a route back to the transit gateway."
    case .lintHelpLbTargetUnreachable:
      "Allow the health-check and traffic ports from the load balancer (its security group, or its subnets' CIDRs) in the target's security groups and network ACL."
    case .lintHelpSgReferenceNotCarried:
      "Name the CIDRs instead, or join the VPCs by an active peering connection (or, for inbound rules, a transit gateway with security group referencing on)."
    case .lintHelpTgwApplianceModeOff:
      "Enable appliance mode on the inspection VPC's attachment (modify-transit-gateway-vpc-attachment --options ApplianceModeSupport=enable)."
    case .lintHelpEndpointSGBlocksClients:
      "Allow the service's port (tcp 443 for AWS services) from the VPC's CIDR, or from the clients' security group, in the endpoint's security group."
    case .lintRuleDescription: "{title}. {help}"

    // MARK: lint: client kinds
    case .lintClientKindLinux: "Linux clients (32768-60999)"
    case .lintClientKindWindows: "Windows clients (49152-65535)"
    case .lintClientKindNAT: "NAT gateways, load balancers and Lambda (1024-65535)"

    // MARK: lint: lists and rule names
    case .lintAndMore: "{items} and {count} more"
    case .lintAndMoreENIs: "{items} and {count} more ENIs"
    case .lintCountedENIs: "{count} ENIs ({list})"
    case .lintCountedSGRules: "{count} security group rules ({list})"
    case .lintSemicolon: "; "
    case .lintCommaAnd: ", and "
    case .lintSentenceSpace: " "
    case .lintAlso: "{first} Also, {second}"
    case .lintRuleNumber: "rule {rule}"
    case .lintStarRule: "the * rule ({rule})"
    case .lintSGRuleInbound: "{group} inbound {rule}"
    case .lintSGRuleOutbound: "{group} outbound {rule}"
    case .lintACLRuleInbound: "{acl} inbound {rule}"
    case .lintACLRuleOutbound: "{acl} outbound {rule}"
    case .lintWithDetail: "{text} ({detail})"

    // MARK: lint: replies cut by network ACLs
    case .lintClientsInSubnet: "clients in {subnet} ({cidr})"
    case .lintClientsInSubnetNoCIDR: "clients in {subnet}"
    case .lintClientsOnInternet: "clients on the internet ({cidr})"
    case .lintClientsThrough: "clients in {block} through {via}"
    case .lintMembersInSubnet: "members of {group} in {subnet}"
    case .lintInternetThrough: "the internet ({cidr}) through {via}"
    case .lintServiceThrough: "{service} ({cidr}) through {via}"
    case .lintDeniedByInbound: "by {acl} (inbound {rule})"
    case .lintDeniedByOutbound: "by {acl} (outbound {rule})"
    case .lintNeverAnswered: "{kinds} never get an answer"
    case .lintSomeUnanswered: "connections of {kinds} that pick one of these ports get no answer"
    case .lintAndClause: "{first}, and {second}"
    case .lintOutboundReplies:
      "{enis} may open {traffic} connections to {clients} ({rules}), but the replies to ports {blocked} are denied {place}, so {kinds}."
    case .lintRepliesOfServiceFrom:
      "Replies of {traffic} on {enis}, which {group} allows from {peer}, to {clients} are denied {place} for ports {blocked}, so {kinds}."
    case .lintRepliesOfServiceTo:
      "Replies of {traffic} on {enis}, which {group} allows to {peer}, to {clients} are denied {place} for ports {blocked}, so {kinds}."
    case .lintRepliesOfServices:
      "Replies of {traffic} on {enis}, which {rules} allow, to {clients} are denied {place} for ports {blocked}, so {kinds}."
    case .lintFixACLEntriesInbound:
      "Add inbound allow entries to {acl} for {items}, numbered below {below}"
    case .lintFixACLEntriesOutbound:
      "Add outbound allow entries to {acl} for {items}, numbered below {below}"
    case .lintACLItemFrom: "{service} from {peers}"
    case .lintACLItemTo: "{service} to {peers}"

    // MARK: lint: network ACL entries no packet reaches
    case .lintEntryWithRule: "{rule} ({entry})"
    case .lintShadowSubjectInbound: "{acl} inbound rule {rule} ({entry})"
    case .lintShadowSubjectOutbound: "{acl} outbound rule {rule} ({entry})"
    case .lintShadowedAllow:
      "{subject} is never reached: earlier rules {list} already allow every packet it matches."
    case .lintShadowedDeny:
      "{subject} is never reached: earlier rules {list} already deny every packet it matches."
    case .lintFixDeleteShadowed: "Delete rule {rule} from {acl}; it changes nothing."
    case .lintDenyNeverFires:
      "{subject} never denies anything: earlier rules {list} match every packet it would deny{decide}."
    case .lintAllowNeverFires:
      "{subject} never allows anything: earlier rules {list} match every packet it would allow{decide}."
    case .lintDecideAllowOne: ", and rule {rules} allows them"
    case .lintDecideAllowMany: ", and rules {rules} allow them"
    case .lintDecideDenyOne: ", and rule {rules} denies them"
    case .lintDecideDenyMany: ", and rules {rules} deny them"
    case .lintDecideSplit: ": {some} and {rest}"
    case .lintSomeAllowOne: "rule {rules} allows some of them"
    case .lintSomeAllowMany: "rules {rules} allow some of them"
    case .lintSomeDenyOne: "rule {rules} denies some of them"
    case .lintSomeDenyMany: "rules {rules} deny some of them"
    case .lintRestAllowOne: "rule {rules} already allows the rest"
    case .lintRestAllowMany: "rules {rules} already allow the rest"
    case .lintRestDenyOne: "rule {rules} already denies the rest"
    case .lintRestDenyMany: "rules {rules} already deny the rest"
    case .lintFixRenumberDeny:
      "Renumber rule {rule} of {acl} below {first} (the first allow that matches its packets) so the deny takes effect, or delete it if the allow is intended."
    case .lintFixRenumberAllow:
      "Renumber rule {rule} of {acl} below {first} (the first deny that matches its packets) if the traffic should pass, or delete it."

    // MARK: lint: ports open to the internet, IPv6 the network ACL denies
    case .lintNoPublicIPv4: "no public IPv4 address"
    case .lintNoIGWRoute: "no route to an internet gateway"
    case .lintACLAdmitsNone: "{acl} admits none of these ports from the internet"
    case .lintExposedENI: "{eni} ({address}, subnet {subnet}, {table} {route}, {acl} admits it)"
    case .lintOpenToInternet:
      "{group} inbound rule {rule} opens tcp {ports} to every address on the internet, and it is attached to {enis}."
    case .lintFixOpenToInternet:
      "Replace {cidr} in this rule of {group} with your administrators' range or a prefix list, or remove the rule and reach the instances through Systems Manager Session Manager, a bastion or a VPN."
    case .lintScopeInternet: "the internet"
    case .lintIPv6Inbound:
      "The security groups of {enis} allow inbound {traffic} from both 0.0.0.0/0 and ::/0, and {acl} admits it for IPv4 addresses of {scope} but denies it for every IPv6 address of {scope} (inbound {rule}): the IPv6 traffic never passes."
    case .lintIPv6Outbound:
      "The security groups of {enis} allow outbound {traffic} to both 0.0.0.0/0 and ::/0, and {acl} admits it for IPv4 addresses of {scope} but denies it for every IPv6 address of {scope} (outbound {rule}): the IPv6 traffic never passes."
    case .lintFixIPv6Inbound:
      "Add inbound allow entries to {acl} for {traffic} from ::/0 (mirroring the IPv4 entries) numbered below {rule}, or remove ::/0 from the security group rules if IPv6 is not meant."
    case .lintFixIPv6Outbound:
      "Add outbound allow entries to {acl} for {traffic} to ::/0 (mirroring the IPv4 entries) numbered below {rule}, or remove ::/0 from the security group rules if IPv6 is not meant."
    case .lintOtherHostsOf: "other hosts of {vpc}"
    case .lintPathPeering: "VPC peering {target} ({blocks})"
    case .lintPathTGW: "transit gateway {target} ({blocks})"
    case .lintPathVPN: "a Site-to-Site VPN or Direct Connect through {target} ({blocks})"
    case .lintUnreachedENI: "{eni} ({address}, subnet {subnet}: {reason})"
    case .lintOpenToAllPrivate:
      "{group} inbound rule {rule} opens tcp {ports} to every address, on {carriers}, which the internet cannot reach, but everything that reaches the VPC can: {paths}."
    case .lintFixOpenToAllPrivate:
      "Replace {cidr} in this rule of {group} with the clients that need these ports (their security group, or their subnets' CIDRs), or reach the instances through Systems Manager Session Manager."

    // MARK: lint: security group hygiene, untracked flows
    case .lintUnattached:
      "{group} is attached to no network interface of the topology, so its rules apply to nothing{referenced}."
    case .lintUnattachedReferenced: ", and the rules of {groups} that name it match no address"
    case .lintFixUnattached:
      "Attach it where it is meant to apply, or delete it (aws ec2 delete-security-group --group-id {group}) after removing the rules that name it."
    case .lintReferenceNotCarried:
      "{group} {direction} rule {rule} names {named}, a group of {vpc}, and {gap}, so the rule matches no address."
    case .lintFixReferenceNotCarried:
      "Name the CIDRs of {named}'s members instead, or join the VPCs so the reference is carried (an active peering connection; or a transit gateway with security group referencing on the gateway and both attachments, for inbound rules)."
    case .lintReferencesMissing:
      "{group} {direction} rule {rule} names {missing}, which is not in the topology, so the rule matches no address flowcause knows; AWS calls a rule stale when it names a deleted group across a peering connection or transit gateway, or a group whose peering was deleted (aws ec2 describe-stale-security-groups --vpc-id … lists them)."
    case .lintFixReferencesMissing:
      "Remove the rule or point it at an existing group; if {missing} lives in another VPC or account, add its describe-security-groups output to the topology."
    case .lintUntrackedInbound:
      "Flows allowed by {group} inbound rules {rules} on {enis} are untracked, because the interface also allows all ports to all addresses outbound: their replies pass only while that outbound rule allows them, and removing or narrowing it cuts open connections at once."
    case .lintUntrackedOutbound:
      "Flows allowed by {group} outbound rules {rules} on {enis} are untracked, because the interface also allows all ports from all addresses inbound: their replies pass only while that inbound rule allows them, and removing or narrowing it cuts open connections at once."
    case .lintFixUntrackedInbound:
      "Nothing to change if this is intended; to have the flows tracked, narrow the outbound all-traffic rule to the ports and addresses the interface really needs."
    case .lintFixUntrackedOutbound:
      "Nothing to change if this is intended; to have the flows tracked, narrow the inbound all-traffic rule to the ports and addresses the interface really needs."

    // MARK: lint: routing
    case .lintNone: "(none)"
    case .lintPublicSubnetNoIGW:
      "{subnet} gives new instances a public IPv4 address (MapPublicIpOnLaunch), but its route table {table} has no route to an internet gateway, so the subnet is private and those addresses reach nothing."
    case .lintFixStopMapping:
      "{fix}, or stop mapping public addresses: aws ec2 modify-subnet-attribute --subnet-id {subnet} --no-map-public-ip-on-launch."
    case .lintFixAttachIGW:
      "Attach an internet gateway to {vpc} and add a route 0.0.0.0/0 -> it to {table}"
    case .lintTheSubnetRouteTable: "the subnet's route table"
    case .lintFixAssociateIGWTable:
      "Associate {subnet} with a route table that routes 0.0.0.0/0 to {igw}"
    case .lintFixAddIGWRoute:
      "Add a route 0.0.0.0/0 -> {igw} to {table} (aws ec2 create-route --route-table-id {table} --destination-cidr-block 0.0.0.0/0 --gateway-id {igw}), or associate {subnet} with a route table that has one"
    case .lintFixClause: "{fix}"
    case .lintFixRouteOrRelease:
      "Route the subnet to an internet gateway, or release the address if the interface is meant to be private."
    case .lintItsRouteTable: "its route table"
    case .lintPublicIPNoIGW:
      "{what} has public address {addresses}, but its subnet {subnet} has no route to an internet gateway in {table}, so nothing on the internet can reach it and its IPv4 replies to the internet cannot leave."
    case .lintNoSubnetUsesTable: "no subnet uses the table"
    case .lintTrafficDropped: "traffic from {subnets} to {destination} is dropped"
    case .lintBlackhole:
      "{table} route {route} is a blackhole (its target no longer exists): {detail}."
    case .lintFixBlackhole:
      "Point the route at a live target (aws ec2 replace-route --route-table-id {table} {option} …) or delete it (aws ec2 delete-route --route-table-id {table} {option})."

    // MARK: lint: load balancers' targets
    case .lintLBHealthChecks:
      "Target group {group}'s health checks on tcp port {port} from load balancer {lb}'s node {node} cannot reach its target {eni} ({target}): {check} denies it, {explanation}."
    case .lintLBForwarded:
      "Target group {group}'s forwarded requests on tcp port {port} from load balancer {lb}'s node {node} cannot reach its target {eni} ({target}): {check} denies it, {explanation}."
    case .lintFixLBEgress:
      "Allow tcp {port} out to the targets (their security group {groups}, or their subnet's CIDR) in {component} (aws ec2 authorize-security-group-egress)."
    case .lintTheLBSecurityGroups: "the load balancer's security groups"
    case .lintFixLBIngress:
      "Allow tcp {port} from {source} in {component} (aws ec2 authorize-security-group-ingress)."
    case .lintTheLBSecurityGroup: "the load balancer's security group ({groups})"
    case .lintTheLBSubnetCIDRs: "the load balancer's subnets' CIDRs"
    case .lintTheTargetSecurityGroups: "the target's security groups"
    case .lintFixLBACL:
      "Allow tcp {port} from the load balancer's subnets in {component} (and the replies to 1024-65535 the other way: network ACLs are stateless)."
    case .lintTheNetworkACL: "the network ACL"
    case .lintFixLBRoute: "Give the load balancer's subnets a route to the target's subnet."

    // MARK: lint: transit gateway appliance mode
    case .lintHandOff: "{table} (of {subnet}) sends {destination} to {endpoint}"
    case .lintAndMoreRoutes: "{items}; and {count} more"
    case .lintFirewallEndpoint: "an AWS Network Firewall endpoint"
    case .lintGWLBEndpoint: "a Gateway Load Balancer endpoint"
    case .lintApplianceModeOff:
      "{attachment} attaches {vpc} to {tgw} in {count} Availability Zones ({zones}) with appliance mode off (ApplianceModeSupport disable, the default), and its subnets send what the gateway delivers to {appliance}, a stateful inspection point ({routes}): without appliance mode the gateway keeps each direction of a flow in the zone it came from, so a flow between clients in different zones is inspected in one zone going and another coming back, and the appliance that sees only the reply drops it."
    case .lintFixApplianceMode:
      "Enable appliance mode on {attachment} (aws ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id {attachment} --options ApplianceModeSupport=enable), so that the gateway sends both directions of a flow through one zone; flows already open may move to another zone when it is turned on."

    // MARK: lint: routes to a transit gateway that lead nowhere
    case .lintTGWSends: "{table} sends {destination} from {subnets} to {tgw}, but {why}"
    case .lintTGWSendsStranded: "{table} sends {destinations} to the transit gateway, but {why}"
    case .lintTGWNotAttached: "{vpc} is not attached to {tgw}, so the route leads nowhere."
    case .lintFixTGWAttach:
      "Attach {vpc} to {tgw} (aws ec2 create-transit-gateway-vpc-attachment --transit-gateway-id {tgw} --vpc-id {vpc} --subnet-ids …, one subnet per Availability Zone), or delete the route."
    case .lintTGWAttachmentState:
      "{attachment}, the attachment of {vpc}, is {state}, not available, so the traffic never enters the gateway."
    case .lintFixTGWAccept:
      "Accept or repair {attachment} (aws ec2 accept-transit-gateway-vpc-attachment --transit-gateway-attachment-id {attachment})."
    case .lintTGWNoIPv6:
      "{attachment} has IPv6 support disabled, so the gateway carries no IPv6 traffic from {vpc}."
    case .lintFixTGWIPv6:
      "Enable IPv6 support on {attachment} (aws ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id {attachment} --options Ipv6Support=enable), with IPv6 blocks on its subnets."
    case .lintTGWStranded:
      "{attachment} has no subnet in {zones}, so {subnets} cannot reach the transit gateway (resources in a zone without an attachment subnet cannot)."
    case .lintFixTGWAddSubnet:
      "Add a subnet in {zones} to {attachment} (aws ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id {attachment} --add-subnet-ids …)."
    case .lintTGWNoRouteTable:
      "{attachment} is associated with no transit gateway route table, so the gateway has no route for its traffic."
    case .lintFixTGWAssociate:
      "Associate {attachment} with a route table of {tgw} (aws ec2 associate-transit-gateway-route-table --transit-gateway-attachment-id {attachment} --transit-gateway-route-table-id …)."
    case .lintTGWNoRouteForBlock:
      "{table} (associated with {attachment}) has no usable route for {block}, the block of {vpc} inside it, so the gateway drops that traffic."
    case .lintFixTGWRouteForBlock:
      "Add a route for {block} to {target} in {table}, or enable that attachment's propagation to it (aws ec2 enable-transit-gateway-route-table-propagation)."
    case .lintTGWBlackholeInside:
      "{table} (associated with {attachment}) has a blackhole route {cidr} inside it, so the gateway drops the traffic to {cidr}."
    case .lintFixTGWBlackhole:
      "Replace the blackhole with a route to a live attachment, or delete it (aws ec2 delete-transit-gateway-route --transit-gateway-route-table-id {table} --destination-cidr-block {cidr})."
    case .lintTGWNoRoute:
      "{table} (associated with {attachment}) has no route for {destination}, so the gateway drops the traffic."
    case .lintFixTGWRoute:
      "Add a route for {destination} to {target} in {table} (aws ec2 create-transit-gateway-route --transit-gateway-route-table-id {table} --destination-cidr-block {destination} --transit-gateway-attachment-id …), or enable that attachment's propagation to it (aws ec2 enable-transit-gateway-route-table-propagation)."
    case .lintTGWBlackholeFor:
      "{table} (associated with {attachment}) has a blackhole route {route} for it, so the gateway drops the traffic."
    case .lintTGWTargetState:
      "{table} sends {destination} to {attachment}, which is {state}, not available, so the gateway drops the traffic."
    case .lintFixTGWAcceptOrRoute:
      "Accept or repair {attachment} (aws ec2 accept-transit-gateway-vpc-attachment --transit-gateway-attachment-id {attachment}), or route {destination} to an available attachment in {table}."
    case .lintTGWMisdelivered:
      "{table} sends {destination} to {attachment}, the attachment of {vpc}, which does not hold it ({cidrs}) and whose attachment subnets have no route for it, so the traffic is delivered into the wrong VPC and dropped there."
    case .lintFixTGWRouteTo:
      "Route {destination} to {target} in {table} (a static route beats a propagated one of the same prefix)."
    case .lintTGWNoWayBack:
      "the replies cannot come back: {table} (of {subnet}, in {vpc}) has no route to {tgw} for {cidr} ({detail})."
    case .lintTheRouteTableOf: "the route table of {subnet}"
    case .lintSendsItBy: "it sends it by {route}"
    case .lintSendsItByNAT:
      "it sends it by {route}, a NAT gateway, which would give the reply its own address: the client would not take it for the answer to its request"
    case .lintNoRouteCovers: "no route covers it"
    case .lintFixPointRoute:
      "Point {table}'s route for {cidr} at {tgw} (aws ec2 replace-route --route-table-id {table} --destination-cidr-block {cidr} --transit-gateway-id {tgw})."
    case .lintFixAddRouteToTGW:
      "Add a route {cidr} -> {tgw} to {table} (aws ec2 create-route --route-table-id {table} --destination-cidr-block {cidr} --transit-gateway-id {tgw})."
    case .lintTGWFarNoRouteTable:
      "the replies cannot come back: {attachment}, the attachment of {vpc}, is associated with no transit gateway route table, so the gateway has no route for its traffic."
    case .lintFixTGWAssociateBack:
      "Associate {attachment} with a route table of {tgw} that routes {cidr} to {source} (aws ec2 associate-transit-gateway-route-table --transit-gateway-attachment-id {attachment} --transit-gateway-route-table-id …)."
    case .lintTGWFarNoRoute:
      "the replies cannot come back: {table} (associated with {attachment}, the attachment of {vpc}) has no usable route for {cidr}."
    case .lintFixTGWRouteBack:
      "Add a route for {cidr} to {source} in {table}, or enable {source}'s propagation to it."
    case .lintAttachmentOf: "{attachment} (the attachment of {vpc})"
    case .lintAttachmentOfHolder: "the attachment of the VPC that holds it"

    // MARK: lint: interface endpoints that refuse their clients
    case .lintAnyTraffic: "any traffic"
    case .lintENIsInSubnet: "{enis} in {subnet} ({cidr})"
    case .lintENIsInSubnetNoCIDR: "{enis} in {subnet}"
    case .lintEndpointAdmitsNoneOne:
      "{endpoint} ({summary}) admits {what} from no client of {vpc}: its security group {groups} has no inbound rule for {what} from {clients}, and the endpoint's DNS names (with private DNS, the service's own name too) resolve to it throughout the VPC, so their calls to the service time out."
    case .lintEndpointAdmitsNoneMany:
      "{endpoint} ({summary}) admits {what} from no client of {vpc}: its security groups {groups} have no inbound rule for {what} from {clients}, and the endpoint's DNS names (with private DNS, the service's own name too) resolve to it throughout the VPC, so their calls to the service time out."
    case .lintEndpointRefusesOne:
      "{endpoint} ({summary}) refuses {what} from {clients}, though it admits other clients of {vpc}: its security group {groups} has no inbound rule for {what} from them, and the endpoint's DNS names (with private DNS, the service's own name too) resolve to it throughout the VPC, so their calls to the service time out."
    case .lintEndpointRefusesMany:
      "{endpoint} ({summary}) refuses {what} from {clients}, though it admits other clients of {vpc}: its security groups {groups} have no inbound rule for {what} from them, and the endpoint's DNS names (with private DNS, the service's own name too) resolve to it throughout the VPC, so their calls to the service time out."
    case .lintTheEndpointServicePort: "the endpoint service's port"
    case .lintVPCCIDR: "{vpc}'s CIDR {cidr}"
    case .lintTheVPCCIDR: "the VPC's CIDR"
    case .lintFixEndpointOwnGroup:
      "Give {endpoint} a security group of its own with an inbound rule allowing {service} from {source} or from the clients' security group (aws ec2 create-security-group, then authorize-security-group-ingress --group-id NEW-GROUP {command}, then modify-vpc-endpoint --vpc-endpoint-id {endpoint} --add-security-group-ids NEW-GROUP --remove-security-group-ids {group}); adding the rule to {group} itself would open the port on every member of the default group."
    case .lintFixEndpointRule:
      "Add an inbound rule allowing {service} from {source} or from the clients' security group to {group} (aws ec2 authorize-security-group-ingress --group-id {group} {command})."

    // MARK: lint's text and SARIF
    case .lintBaselineLeftOutOne: "{count} finding of the baseline ({file}) left out."
    case .lintBaselineLeftOutMany: "{count} findings of the baseline ({file}) left out."
    case .lintNoFindings: "No findings."
    case .lintNoNewFindings: "No new findings."
    case .lintErrorsOne: "{count} error"
    case .lintErrorsMany: "{count} errors"
    case .lintWarningsOne: "{count} warning"
    case .lintWarningsMany: "{count} warnings"
    case .lintNoticesOne: "{count} notice"
    case .lintNoticesMany: "{count} notices"
    case .lintSummaryOne: "{count} finding: {counts}; {verdict}."
    case .lintSummaryMany: "{count} findings: {counts}; {verdict}."
    case .lintFailing: "failing (--fail-on {level})"
    case .lintPassing: "passing (--fail-on {level})"
    case .lintAffects: "Affects: {line}."
    case .lintCutOff: "Cut off: {kinds}."
    case .lintFix: "Fix: {fix}"
    case .lintAffectsENI: "ENI {id}"
    case .lintAffectsENIs: "{count} ENIs ({ids})"
    case .lintAffectsGroup: "group {id}"
    case .lintAffectsGroups: "{count} groups ({ids})"
    case .lintAffectsInSubnets: "{enis} in {count} subnets"
    case .lintAffectsServices: "services {services}"
    case .lintAffectsServicesMore: "services {services} and {count} more"
    case .lintAffectsDestinations: "{count} destinations"
    case .lintAffectsClients: "clients in {count} subnets or ranges"
    case .lintSarifMessage: "{explanation} Fix: {fix}"

    // MARK: lint --compare's text
    case .lintComparing: "Comparing {before} (before) with {after} (after)."
    case .lintAddedHeading: "Findings the change adds ({count}):"
    case .lintRemovedHeading: "Findings it removes ({count}):"
    case .lintChangedHeading: "Findings it changes ({count}), as after the change:"
    case .lintENICountOne: "{count} ENI"
    case .lintENICountMany: "{count} ENIs"
    case .lintChangeWorse: "worse: was {before} on {was}, now {after} on {now}"
    case .lintChangeBetter: "better: was {before} on {was}, now {after} on {now}"
    case .lintNewlyAffected: "; newly affected: {ids}"
    case .lintFlowsHeading: "Flows whose reachability changes ({count}):"
    case .lintFlowBreaks: "breaks"
    case .lintFlowOpens: "opens"
    case .lintFlowUndetermined: "undetermined"
    case .lintFlowText: "{traffic} from {from} to {to}{ipv6}"
    case .lintFlowIPv6: " (IPv6)"
    case .lintFlowBefore: "before: {explanation}"
    case .lintFlowAfter: "after: {explanation}"
    case .lintMoreFlows: "… and {count} more (--output json lists them all)."
    case .lintFlowsOne: "{count} flow"
    case .lintFlowsMany: "{count} flows"
    case .lintTraced: "{flows} of {enis} traced in both"
    case .lintTracedFirst: " (the first {traced} of {considered})"
    case .lintCompareSummary:
      "{added} added, {removed} removed, {changed} changed; {broken} broken, {opened} opened; {traced}; {verdict}."

    // MARK: lint: Japanese word order, continued
    case .lintAndPhrases: "{first} and {second}"
    case .lintUnattachedNamed:
      "{group} ({name}) is attached to no network interface of the topology, so its rules apply to nothing{referenced}."
    case .lintPublicIPNoIGWInstance:
      "{eni} (instance {instance}) has public address {addresses}, but its subnet {subnet} has no route to an internet gateway in {table}, so nothing on the internet can reach it and its IPv4 replies to the internet cannot leave."

    // MARK: Review of the second Japanese trial
    case .htmlBarTitle: "{time} UTC: {rejects} ({causes})"
    case .htmlNACLShort: "NACL {id}"
    }
  }
}
