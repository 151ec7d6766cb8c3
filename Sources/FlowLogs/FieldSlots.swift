/// The parser's per-field scratch memory: allocated once per format, freed with the last user.
final class FieldSlots {
  /// The block that holds `starts`, `ends`, `integers` and `ipv4s`, in that order.
  let table: UnsafeMutableRawPointer
  let starts: UnsafeMutablePointer<Int>
  let ends: UnsafeMutablePointer<Int>
  let integers: UnsafeMutablePointer<Int64>
  /// Each field's kind as a small code, and its largest value for an integer field.
  let codes: UnsafeMutablePointer<UInt8>
  let maxima: UnsafeMutablePointer<Int64>
  /// An address field's IPv4 value as the check parsed it; -2 for IPv6 (its value is in
  /// `ipv6s`); -1 for `-` or a field that is not an address.
  let ipv4s: UnsafeMutablePointer<Int64>
  let ipv6s: UnsafeMutablePointer<UInt128>

  @inline(__always)
  func keepIPv6(_ value: UInt128, _ field: Int) {
    ipv4s[field] = -2
    ipv6s[field] = value
  }
  /// 10 to the power of the index, 0 to 8 (a static array would be initialised lazily and
  /// retained at every use, a switch becomes an indirect jump).
  let powersOf10: UnsafeMutablePointer<Int64>
  /// The format these slots are for, and its action field's index.
  let format: FlowLogFormat
  let actionIndex: Int?

  static let integerCode: UInt8 = 0
  static let addressCode: UInt8 = 1
  static let actionCode: UInt8 = 2
  static let logStatusCode: UInt8 = 3
  static let flowDirectionCode: UInt8 = 4
  static let stringCode: UInt8 = 5

  init(format: FlowLogFormat) {
    self.format = format
    actionIndex = format.actionIndex
    let count = format.count
    let capacity = max(count, 1)
    codes = .allocate(capacity: capacity)
    codes.initialize(repeating: Self.stringCode, count: capacity)
    maxima = .allocate(capacity: capacity)
    maxima.initialize(repeating: 0, count: capacity)
    // The per-line slots in one block, each kind `capacity` words after the last: `starts`,
    // `ends`, `integers`, `ipv4s` (the default format's reader reaches them from one pointer).
    table = .allocate(byteCount: 4 * 8 * capacity, alignment: 8)
    starts = table.bindMemory(to: Int.self, capacity: capacity)
    starts.initialize(repeating: 0, count: capacity)
    ends = (table + 8 * capacity).bindMemory(to: Int.self, capacity: capacity)
    ends.initialize(repeating: 0, count: capacity)
    integers = (table + 16 * capacity).bindMemory(to: Int64.self, capacity: capacity)
    integers.initialize(repeating: -1, count: capacity)
    ipv4s = (table + 24 * capacity).bindMemory(to: Int64.self, capacity: capacity)
    ipv4s.initialize(repeating: -1, count: capacity)
    ipv6s = .allocate(capacity: capacity)
    ipv6s.initialize(repeating: 0, count: capacity)
    powersOf10 = .allocate(capacity: 9)
    var power: Int64 = 1
    for exponent in 0..<9 {
      powersOf10[exponent] = power
      power *= 10
    }
    for (index, field) in format.fields.enumerated() {
      switch field.kind {
      case .integer(let max):
        codes[index] = Self.integerCode
        maxima[index] = max
      case .address: codes[index] = Self.addressCode
      case .action: codes[index] = Self.actionCode
      case .logStatus: codes[index] = Self.logStatusCode
      case .flowDirection: codes[index] = Self.flowDirectionCode
      case .string: codes[index] = Self.stringCode
      }
    }
  }

  deinit {
    codes.deallocate()
    maxima.deallocate()
    ipv6s.deallocate()
    powersOf10.deallocate()
    table.deallocate()
  }
}
