import NetworkPrimitives

/// A fixed set of addresses, asked whether it holds one: an open-addressed table of the
/// addresses' bits, probed linearly from a multiplicative hash.
///
/// `diagnose` asks the topology, for every REJECT of the commonest shape, whether any ENI owns
/// its source (`Diagnoser.isFromOutside`). A `[IPAddress: String]` look-up hashed the address
/// with SipHash, about 275 instructions of a REJECT's 3,000; this is a multiply and a compare
/// or two. Built once, read by many threads.
struct AddressSet: Sendable {
  /// One place: an address's bits, its family, and whether the place is taken.
  private struct Place: Sendable {
    var bits: UInt128 = 0
    /// 0: empty; 1: an IPv4 address; 2: an IPv6 address.
    var family: UInt8 = 0
  }

  private let places: [Place]
  private let mask: Int

  init(_ addresses: some Sequence<IPAddress>) {
    let unique = Set(addresses)
    // At most half full, so a probe stops after a place or two.
    var capacity = 16
    while capacity < unique.count * 2 { capacity *= 2 }
    var places = Array(repeating: Place(), count: capacity)
    for address in unique {
      let (bits, family) = Self.split(address)
      var place = Self.hash(bits, family) & (capacity - 1)
      while places[place].family != 0 { place = (place + 1) & (capacity - 1) }
      places[place] = Place(bits: bits, family: family)
    }
    self.places = places
    mask = capacity - 1
  }

  func contains(_ address: IPAddress) -> Bool {
    let (bits, family) = Self.split(address)
    var place = Self.hash(bits, family) & mask
    while true {
      let known = places[place]
      if known.family == 0 { return false }
      if known.bits == bits && known.family == family { return true }
      place = (place &+ 1) & mask
    }
  }

  private static func split(_ address: IPAddress) -> (UInt128, UInt8) {
    switch address {
    case .v4(let value): (UInt128(value), 1)
    case .v6(let value): (value, 2)
    }
  }

  private static func hash(_ bits: UInt128, _ family: UInt8) -> Int {
    var mixed = UInt64(truncatingIfNeeded: bits) ^ UInt64(family)
    mixed = (mixed ^ UInt64(truncatingIfNeeded: bits >> 64)) &* 0x9E37_79B9_7F4A_7C15
    return Int(truncatingIfNeeded: mixed >> 32)
  }
}
