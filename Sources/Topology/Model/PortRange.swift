/// An inclusive port range.
public struct PortRange: Hashable, Sendable, CustomStringConvertible {
  public var from: UInt16
  public var to: UInt16

  public init(from: UInt16, to: UInt16) {
    self.from = from
    self.to = to
  }

  public static let all = PortRange(from: 0, to: 65535)

  public func contains(_ port: UInt16) -> Bool { port >= from && port <= to }

  public var description: String { from == to ? String(from) : "\(from)-\(to)" }
}
