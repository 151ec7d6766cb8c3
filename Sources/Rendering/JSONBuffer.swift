import FlowLogs

/// Builds JSON text as bytes, for output on the hot path.
package struct JSONBuffer {
  package var bytes: [UInt8] = []

  package init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

  package mutating func reset() { bytes.removeAll(keepingCapacity: true) }

  package mutating func append(_ literal: StaticString) {
    bytes.append(
      contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
  }

  package mutating func append(raw: UnsafeRawBufferPointer) { bytes.append(contentsOf: raw) }

  package mutating func append(raw: [UInt8]) { bytes.append(contentsOf: raw) }

  package mutating func append(integer value: Int64) {
    if value < 0 { bytes.append(0x2D) }
    var magnitude = value.magnitude
    var divisor: UInt64 = 1
    while magnitude / divisor >= 10 { divisor *= 10 }
    while divisor > 0 {
      bytes.append(0x30 + UInt8(magnitude / divisor))
      magnitude %= divisor
      divisor /= 10
    }
  }

  /// A JSON string from bytes that hold valid UTF-8.
  package mutating func append(string raw: UnsafeRawBufferPointer) {
    bytes.append(0x22)
    for byte in raw {
      switch byte {
      case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
      case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
      case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
      case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
      case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
      case 0..<0x20, 0x7F:
        let hex = Array("0123456789abcdef".utf8)
        bytes.append(contentsOf: [
          0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
        ])
      default: bytes.append(byte)
      }
    }
    bytes.append(0x22)
  }

  package mutating func append(string: String) {
    var string = string
    string.withUTF8 { append(string: UnsafeRawBufferPointer($0)) }
  }

  /// `"name":` for a key, precomputed once per format.
  package static func key(_ name: String) -> [UInt8] {
    var buffer = JSONBuffer(capacity: name.utf8.count + 3)
    buffer.append(string: name)
    buffer.bytes.append(0x3A)
    return buffer.bytes
  }
}
