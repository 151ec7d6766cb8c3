import FlowLogs
import Foundation
import Testing

/// ``QuotedLines`` (lines read again by number, stopping after the last wanted) against its
/// simple twin: the whole text split on newlines. Plain and gzip, CRLF line ends, a last line
/// without its end, lines over the chunk size and over the quoting limit.
@Suite("Quoted lines read again by number")
struct QuotedLinesTests {
  static func twin(_ text: [UInt8], _ wanted: Set<Int>) -> [Int: String] {
    var lines = text.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    if text.isEmpty || text.last == 0x0A { lines.removeLast() }
    var found: [Int: String] = [:]
    for (index, line) in lines.enumerated() where wanted.contains(index + 1) {
      var bytes = line
      if bytes.last == 0x0D { bytes.removeLast() }
      var string = String(decoding: bytes, as: UTF8.self)
      if string.count > QuotedLines.characterLimit {
        string = String(string.prefix(QuotedLines.characterLimit)) + "…"
      }
      found[index + 1] = string
    }
    return found
  }

  @Test("the same lines as splitting the text", arguments: [false, true])
  func sameAsSplitting(gzip: Bool) throws {
    var random = SystemRandomNumberGenerator()
    for round in 0..<40 {
      var text: [UInt8] = []
      let count = Int.random(in: 0...300, using: &random)
      for line in 0..<count {
        let length = round % 7 == 0 && line == 3 ? 150_000 : Int.random(in: 0...120, using: &random)
        text += (0..<length).map { _ in UInt8.random(in: 0x20...0x7E, using: &random) }
        if line + 1 < count || Bool.random(using: &random) {
          text += Bool.random(using: &random) ? [0x0D, 0x0A] : [0x0A]
        }
      }
      let wanted = Set(
        (0..<Int.random(in: 0...12, using: &random)).map { _ in
          Int.random(in: 1...(count + 3), using: &random)
        })
      let bytes = gzip ? try CLIHarness.gzip(text) : text
      let read = QuotedLines.read(wanted, from: MemorySource(bytes))
      #expect(read == Self.twin(text, wanted), "round \(round), lines \(wanted.sorted())")
    }
  }
}
