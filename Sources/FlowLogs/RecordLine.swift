import NetworkPrimitives

/// A record line that passed validation, seen through the reader's buffers.
///
/// A view is valid only inside the consumer call that receives it: its bytes belong to the
/// reader. Use ``makeRecord()`` to keep a copy.
public struct RecordLine {
  /// The format the line was read with.
  public var format: FlowLogFormat { owner.format }
  /// An object that stands for the format this record was read with: every record a parser
  /// reads with one format gives the same object. A consumer that keeps it (a strong reference,
  /// so that no other object can take its address) can tell with `===` that a later record has
  /// the same format, without comparing formats for every record.
  public var formatIdentity: AnyObject { owner }
  /// Whether `identity` (a `formatIdentity` the caller keeps) is this record's, compared
  /// without retaining anything: once per record in `diagnose`.
  @inline(__always)
  public func hasFormatIdentity(_ identity: AnyObject?) -> Bool {
    guard let identity else { return false }
    return ObjectIdentifier(identity) == ObjectIdentifier(owner)
  }
  /// The 1-based physical line number.
  public let lineNumber: Int
  let bytes: UnsafeRawBufferPointer
  let starts: UnsafeMutablePointer<Int>
  let ends: UnsafeMutablePointer<Int>
  let integers: UnsafeMutablePointer<Int64>
  /// The parser's slots, which hold the format. Not retained: a view lives only inside the
  /// consumer call, while the parser keeps its slots (retaining them, and the format's
  /// buffers, for each of millions of records was a tenth of the reader's work).
  unowned(unsafe) let owner: FieldSlots

  /// The raw bytes of field `index`.
  @inline(__always)
  public func token(_ index: Int) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(rebasing: bytes[starts[index]..<ends[index]])
  }

  /// Whether field `index` is `-`.
  @inline(__always)
  public func isNull(_ index: Int) -> Bool {
    ends[index] - starts[index] == 1 && bytes[starts[index]] == ASCII.hyphen
  }

  /// The value of integer field `index`, or `nil` if it is `-` or not an integer field.
  @inline(__always)
  public func integer(_ index: Int) -> Int64? {
    let value = integers[index]
    return value >= 0 ? value : nil
  }

  /// The IPv4 address in address field `index` (as a number), parsed while the record was
  /// checked; `nil` for IPv6, `-`, or a field that is not an address.
  @inline(__always)
  public func ipv4(_ index: Int) -> UInt32? {
    let value = owner.ipv4s[index]
    return value >= 0 ? UInt32(truncatingIfNeeded: value) : nil
  }

  /// The IPv6 address in address field `index`, parsed while the record was checked; `nil`
  /// for IPv4, `-`, or a field that is not an address.
  @inline(__always)
  public func ipv6(_ index: Int) -> UInt128? {
    owner.ipv4s[index] == -2 ? owner.ipv6s[index] : nil
  }

  /// The address in field `index` (parsed while the record was checked, or from its text);
  /// `nil` for `-` or text that is no address.
  public func address(_ index: Int) -> IPAddress? {
    guard !isNull(index) else { return nil }
    if let ipv4 = ipv4(index) { return .v4(ipv4) }
    if let ipv6 = ipv6(index) { return .v6(ipv6) }
    return IPAddress(bytes: token(index))
  }

  /// The text of field `index`, or `nil` for `-`.
  public func string(_ index: Int) -> String? {
    isNull(index) ? nil : String(decoding: token(index), as: UTF8.self)
  }

  /// The decoded value of field `index`.
  public func value(_ index: Int) -> FieldValue {
    if isNull(index) { return .null }
    if case .integer = format.fields[index].kind, let value = integer(index) {
      return .integer(value)
    }
    return .string(String(decoding: token(index), as: UTF8.self))
  }

  /// The action, when the format has one and it is not `-`.
  public var action: FlowAction? {
    guard let index = owner.actionIndex, !isNull(index) else { return nil }
    return token(index).first == UInt8(ascii: "A") ? .accept : .reject
  }

  /// An owned copy of the record.
  public func makeRecord() -> FlowRecord {
    FlowRecord(format: format, line: lineNumber, values: (0..<format.count).map(value))
  }
}

/// A field value as `parse` renders it: `-` is `null`, integer fields are numbers.
public enum FieldValue: Hashable, Sendable {
  case null
  case integer(Int64)
  case string(String)
}

/// What a record's `action` field says.
public enum FlowAction: String, Hashable, Sendable {
  case accept = "ACCEPT"
  case reject = "REJECT"
}

/// A flow log record read and kept: its format, its line and one value per field.
public struct FlowRecord: Hashable, Sendable {
  public var format: FlowLogFormat
  public var line: Int
  public var values: [FieldValue]

  public init(format: FlowLogFormat, line: Int, values: [FieldValue]) {
    self.format = format
    self.line = line
    self.values = values
  }

  /// The value of the field called `name` (AWS's hyphenated name); `nil` if the format lacks it.
  public subscript(name: String) -> FieldValue? {
    format.index(of: name).map { values[$0] }
  }
}
