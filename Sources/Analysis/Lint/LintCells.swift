import NetworkPrimitives
import Topology

/// Splits port ranges and address blocks into cells on which every rule of a set decides the
/// same way, so a check over a whole range is exact with one representative per cell.
///
/// A NACL entry or a security group rule matches a port range and a CIDR: its verdict over a
/// range of ports changes only at the ends of the ranges the rules name, and over addresses only
/// at the edges of the CIDRs they name (CIDRs nest or are disjoint). Checking one port per port
/// cell and one address per address cell is therefore the same as checking every port and every
/// address, without sampling.
enum LintCells {
  /// The cells of `range` cut at the ends of `ranges`, in port order.
  static func ports(in range: PortRange, cutBy ranges: [PortRange]) -> [PortRange] {
    let (low, high) = (Int(range.from), Int(range.to))
    var cuts: [Int] = [low, high + 1]
    cuts.reserveCapacity(ranges.count * 2 + 2)
    for other in ranges {
      let from = Int(other.from)
      if from > low && from <= high { cuts.append(from) }
      let after = Int(other.to) + 1
      if after > low && after <= high { cuts.append(after) }
    }
    cuts.sort()
    var cells: [PortRange] = []
    var start = cuts[0]
    for end in cuts.dropFirst() where end != start {
      cells.append(PortRange(from: UInt16(start), to: UInt16(end - 1)))
      start = end
    }
    return cells
  }

  /// One address cell: a representative address and the smallest block of `family` (or the
  /// outer block) that holds it.
  struct AddressCell: Hashable {
    var representative: IPAddress
    var block: CIDR
  }

  /// The cells of `outer` cut by the blocks of `family` (of the same address family): for the
  /// outer block and each block of the family inside it, the addresses it holds that no smaller
  /// block of the family holds, when there are any.
  static func addresses(in outer: CIDR, cutBy family: [CIDR]) -> [AddressCell] {
    let inner = Set(family.filter { $0.isIPv6 == outer.isIPv6 && outer.contains($0) })
      .union([outer]).sorted()
    var cells: [AddressCell] = []
    for block in inner {
      let children = inner.filter { $0 != block && block.contains($0) }
      if let address = freeAddress(in: block, avoiding: children) {
        cells.append(AddressCell(representative: address, block: block))
      }
    }
    return cells
  }

  /// An address of `block` that none of `avoiding` holds (all inside `block`), or `nil`.
  static func freeAddress(in block: CIDR, avoiding: [CIDR]) -> IPAddress? {
    if avoiding.isEmpty { return block.network }
    if avoiding.contains(where: { $0.contains(block) }) { return nil }
    let width = block.isIPv6 ? 128 : 32
    guard block.prefixLength < width else { return nil }
    for half in halves(of: block) {
      let inside = avoiding.filter { half.contains($0) || $0.contains(half) }
      if let address = freeAddress(in: half, avoiding: inside) { return address }
    }
    return nil
  }

  private static func halves(of block: CIDR) -> [CIDR] {
    let length = block.prefixLength + 1
    switch block.network {
    case .v4(let value):
      let bit = UInt32(1) << UInt32(32 - length)
      return [
        CIDR(network: .v4(value), prefixLength: length),
        CIDR(network: .v4(value | bit), prefixLength: length),
      ].compactMap { $0 }
    case .v6(let value):
      let bit = UInt128(1) << UInt128(128 - length)
      return [
        CIDR(network: .v6(value), prefixLength: length),
        CIDR(network: .v6(value | bit), prefixLength: length),
      ].compactMap { $0 }
    }
  }

  /// Private and shared address space that an internet gateway does not route (RFC 1918,
  /// RFC 6598, loopback, link-local; IPv6 unique-local and link-local).
  static let nonInternet: [CIDR] = [
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8",
    "169.254.0.0/16", "fc00::/7", "fe80::/10",
  ].compactMap { CIDR($0) }

  static func isInternet(_ address: IPAddress) -> Bool {
    !nonInternet.contains { $0.contains(address) }
  }
}
