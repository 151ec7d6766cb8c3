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
/// | `ping` | an ICMP or ICMPv6 echo between ENIs, or between an ENI and an internet host, either way |
/// | `ping-both-ways` | A pings B, then B pings A in a later window within the correlation horizon (same addresses, ports 0 0) |
/// | `privileged-ports` | clients on ports below 1024: NTP 123→123, DNS 53→53 (two peers or servers also ask each other, later), rsh 1023→514, NFS 600-1023→2049 |
/// | `late-fin` | a TCP connection closes, and one more FIN from the client arrives a window later (`late-packet`) |
/// | `hairpin` | an ENI calls the public IPv4 address of another ENI of its VPC (same subnet or not) |
/// | `udp-reply-after-timeout` | a UDP answer arrives 40 s after its request, past the 30 s tracking timeout |
/// | `busy-pair` | one client and one server, many conversations over the whole span, each from a new client port or one of two reused |
///
/// Kinds that need what the simulator does not write yet (branch `simulator-realism`) are
/// listed with ``awaits``; they are never drawn.
public enum TrafficKind: String, CaseIterable, Hashable, Sendable {
  case sameSubnet = "eni-same-subnet"
  case acrossSubnets = "eni-across-subnets"
  case acrossVPCs = "eni-across-vpcs"
  case toInternet = "eni-to-internet"
  case fromInternet = "internet-to-eni"
  case portScan = "port-scan"
  case ping
  case pingBothWays = "ping-both-ways"
  case privilegedPorts = "privileged-ports"
  case lateFIN = "late-fin"
  case hairpin
  case udpReplyAfterTimeout = "udp-reply-after-timeout"
  case busyPair = "busy-pair"
  case backscatter
  case lateTeardownSameWindow = "late-teardown-same-window"
  case lateReset = "late-reset"
  case idleTCPPastTimeout = "idle-tcp-past-timeout"
  case pingsOneWindow = "pings-one-window"
  case icmpError = "icmp-error"
  case slowUDPReply = "slow-udp-reply"

  /// What a kind needs from the simulator that it does not write yet, or `nil` for a kind
  /// drawn today.
  public var awaits: String? {
    switch self {
    case .backscatter:
      "one-way unsolicited packets with `tcp-flags`: SYN-ACK or RST from a service port to a client that never called (answers to spoofed SYNs)"
    case .lateTeardownSameWindow:
      "`late-delay` and `late-from`: a late FIN or RST from either side in the window the connection closed"
    case .lateReset:
      "ending `late-reset`: an RST after the close"
    case .idleTCPPastTimeout:
      "per-ENI tracking timeouts: a TCP connection idle longer than a short `TcpEstablishedTimeout`, whose next packet is judged as new traffic"
    case .pingsOneWindow:
      "5-tuple aggregation: A pings B and B pings A in the same window, one record a direction"
    case .icmpError:
      "ICMP errors without replies: destination unreachable (3) and time exceeded (11) back to a client"
    case .slowUDPReply:
      "`reply-delay` and per-ENI tracking timeouts: a UDP answer after the ENI's own `UdpTimeout`"
    default:
      nil
    }
  }

  /// The kinds drawn today.
  public static let drawn = allCases.filter { $0.awaits == nil }
}
