import NetworkPrimitives
import Testing

@testable import Analysis

/// `TokenInterner` numbers each distinct token in order of first sight (the streaming
/// diagnoser's ENI ids): against a dictionary, on tokens that differ by one byte anywhere, in
/// length, or only in the bytes a word-at-a-time comparison reads twice.
@Suite("The token interner numbers tokens as a dictionary would")
struct TokenInternerTests {
  @Test("Random near-equal tokens of every length up to 30, through growth")
  func againstDictionary() {
    var random = SplitMixRandom(seed: 0x70C3)
    // A few base ids, and copies with one byte changed: tokens that share prefixes and
    // suffixes, so that an overlapping last word or a wrong length would merge two of them.
    var tokens: [[UInt8]] = []
    for length in 0...30 {
      let base = (0..<length).map { _ in UInt8(0x61 + random.next() % 3) }
      tokens.append(base)
      for position in 0..<length {
        var changed = base
        changed[position] ^= 0x20
        tokens.append(changed)
      }
    }
    var interner = TokenInterner()
    var model: [[UInt8]: Int32] = [:]
    for _ in 0..<40_000 {
      let token = tokens[Int(random.next() % UInt64(tokens.count))]
      let number = token.withUnsafeBytes { interner.internIndex($0) }
      let expected = model[token] ?? Int32(model.count)
      if model[token] == nil { model[token] = expected }
      #expect(number == expected, "\(token)")
      #expect(interner.string(at: number) == String(decoding: token, as: UTF8.self))
      #expect(interner.withToken(at: number) { Array($0) } == token)
    }
    #expect(model.count > 400)
  }
}
