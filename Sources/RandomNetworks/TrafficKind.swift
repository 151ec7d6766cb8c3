/// What a generated conversation stands for; results are counted by kind.
///
/// | Kind | Traffic |
/// | --- | --- |
/// | `eni-same-subnet` | a client ENI calls a server ENI of its own subnet (TCP, UDP) |
/// | `eni-across-subnets` | a client ENI calls a server ENI of another subnet of its VPC |
/// | `eni-across-vpcs` | a client ENI calls a server ENI of another VPC, peered or not, routed or not |
/// | `eni-to-internet` | an ENI calls an internet host (through an internet, NAT or egress-only gateway, as its routes say) |
/// | `internet-to-eni` | an internet host calls an ENI's public IPv4 or IPv6 address |
/// | `port-scan` | an internet host sends SYNs to many ports of one ENI, answered by nothing (`packets [n, 0]`) |
/// | `backscatter` | internet servers answer connections spoofed with an ENI's public or IPv6 address: one-way SYN-ACKs (`tcp-flags` 18) or RSTs (4) from a service port to an ephemeral port, UDP answers from 53 or 123, ICMP errors |
/// | `ping` | an ICMP or ICMPv6 echo between ENIs, or between an ENI and an internet host, either way |
/// | `ping-both-ways` | A pings B, then B pings A in a later window within the correlation horizon (same addresses, ports 0 0) |
/// | `pings-one-window` | A pings B and B pings A in the same window: the requests and replies of each direction are one record (aggregated by 5-tuple) |
/// | `icmp-error` | an ICMP destination unreachable (3) or time exceeded (11), ICMPv6 1 or 3, between ENIs or between an ENI and an internet host, either way; nothing answers it |
/// | `privileged-ports` | clients on ports below 1024: NTP 123→123, DNS 53→53 (two peers or servers also ask each other, later), rsh 1023→514, NFS 600-1023→2049 |
/// | `late-fin` | a TCP connection closes, and one more FIN from the end an ENI receives it at arrives 5 s into the next window (`late-packet`) |
/// | `late-teardown-same-window` | a late FIN or RST (`late-packet`, `late-reset`) from either end 0-50 s after the close, in the window the connection closed |
/// | `late-reset` | a TCP connection closes, then an RST from either end arrives 5-240 s later or in the next window (`late-reset`) |
/// | `hairpin` | an ENI calls the public IPv4 address of another ENI of its VPC (same subnet or not) |
/// | `udp-reply-after-timeout` | a UDP answer arrives 10 s past the client's `UdpTimeout` (the server's when the client is on the internet; `reply-after-timeout` with its default delay) |
/// | `idle-tcp-past-timeout` | a TCP connection of a client ENI with a short `TcpEstablishedTimeout` goes idle; the server sends more data past the timeout (now and then within it) |
/// | `slow-udp-reply` | a UDP answer 10 s either side of the client ENI's own `UdpTimeout` (or the server ENI's) |
/// | `busy-pair` | one client and one server, many conversations over the whole span, each from a new client port or one of two reused |
public enum TrafficKind: String, CaseIterable, Hashable, Sendable {
  case sameSubnet = "eni-same-subnet"
  case acrossSubnets = "eni-across-subnets"
  case acrossVPCs = "eni-across-vpcs"
  case toInternet = "eni-to-internet"
  case fromInternet = "internet-to-eni"
  case portScan = "port-scan"
  case backscatter
  case ping
  case pingBothWays = "ping-both-ways"
  case pingsOneWindow = "pings-one-window"
  case icmpError = "icmp-error"
  case privilegedPorts = "privileged-ports"
  case lateFIN = "late-fin"
  case lateTeardownSameWindow = "late-teardown-same-window"
  case lateReset = "late-reset"
  case hairpin
  case udpReplyAfterTimeout = "udp-reply-after-timeout"
  case idleTCPPastTimeout = "idle-tcp-past-timeout"
  case slowUDPReply = "slow-udp-reply"
  case busyPair = "busy-pair"
}
