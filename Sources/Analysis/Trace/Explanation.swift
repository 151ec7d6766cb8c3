import NetworkPrimitives
import Topology

/// A sentence a person reads, kept as its pieces until someone reads it.
///
/// Diagnosing millions of REJECT records builds two or three of these per record, and most are
/// written once, as JSON Lines bytes. Built with string interpolation like a `String` (the
/// literal parts are `StaticString`s, addresses and numbers stay values), an explanation costs
/// one small array; `text` renders it as a `String` and `appendUTF8(to:)` writes its bytes
/// without making one. Two explanations are equal when their texts are.
public struct Explanation: Sendable, Hashable, CustomStringConvertible,
  ExpressibleByStringInterpolation
{
  enum Segment: Sendable {
    case literal(StaticString)
    case text(String)
    case integer(Int)
    case address(IPAddress)
    case cidr(CIDR)
  }

  var segments: [Segment]

  public init(_ text: String) { segments = text.isEmpty ? [] : [.text(text)] }

  public init(stringLiteral value: StaticString) {
    segments = value.utf8CodeUnitCount == 0 ? [] : [.literal(value)]
  }

  public init(stringInterpolation: Interpolation) { segments = stringInterpolation.segments }

  /// The sentence as a `String`.
  public var text: String {
    var text = ""
    for segment in segments {
      switch segment {
      case .literal(let literal):
        literal.withUTF8Buffer { text += String(decoding: $0, as: UTF8.self) }
      case .text(let value): text += value
      case .integer(let value): text += String(value)
      case .address(let address): text += address.description
      case .cidr(let cidr): text += cidr.description
      }
    }
    return text
  }

  public var description: String { text }

  public var isEmpty: Bool { segments.isEmpty }

  /// Appends the sentence's UTF-8 bytes (unescaped) to `out`.
  public func appendUTF8(to out: inout ByteBuffer) {
    for segment in segments {
      switch segment {
      case .literal(let literal): out.append(literal)
      case .text(let value): out.append(value)
      case .integer(let value): out.appendDecimal(value)
      case .address(let address): out.append(address)
      case .cidr(let cidr):
        out.append(cidr.network)
        out.append(0x2F)
        out.appendDecimal(cidr.prefixLength)
      }
    }
  }

  public static func + (left: Explanation, right: Explanation) -> Explanation {
    var result = left
    result.segments += right.segments
    return result
  }

  public static func += (left: inout Explanation, right: Explanation) {
    left.segments += right.segments
  }

  public static func == (left: Explanation, right: Explanation) -> Bool {
    left.text == right.text
  }

  public func hash(into hasher: inout Hasher) { hasher.combine(text) }

  public struct Interpolation: StringInterpolationProtocol {
    public typealias StringLiteralType = StaticString
    var segments: [Segment]

    public init(literalCapacity: Int, interpolationCount: Int) {
      segments = []
      segments.reserveCapacity(2 * interpolationCount + 1)
    }

    public mutating func appendLiteral(_ literal: StaticString) {
      if literal.utf8CodeUnitCount > 0 { segments.append(.literal(literal)) }
    }

    public mutating func appendInterpolation(_ value: String) {
      if !value.isEmpty { segments.append(.text(value)) }
    }

    public mutating func appendInterpolation(_ value: Explanation) {
      segments += value.segments
    }

    public mutating func appendInterpolation(_ value: Int) { segments.append(.integer(value)) }

    public mutating func appendInterpolation(_ value: Int64) {
      segments.append(.integer(Int(value)))
    }

    public mutating func appendInterpolation(_ value: UInt16) {
      segments.append(.integer(Int(value)))
    }

    public mutating func appendInterpolation(_ value: UInt8) {
      segments.append(.integer(Int(value)))
    }

    public mutating func appendInterpolation(_ value: IPAddress) {
      segments.append(.address(value))
    }

    public mutating func appendInterpolation(_ value: CIDR) { segments.append(.cidr(value)) }

    public mutating func appendInterpolation(_ value: ProtocolMatch) {
      segments.append(.text(value.description))
    }

    public mutating func appendInterpolation(_ value: PortRange) {
      segments.append(.integer(Int(value.from)))
      if value.to != value.from {
        segments.append(.literal("-"))
        segments.append(.integer(Int(value.to)))
      }
    }

    /// Anything else, as string interpolation would print it.
    public mutating func appendInterpolation<T>(_ value: T) {
      appendInterpolation(String(describing: value))
    }
  }
}
