import NetworkPrimitives
import Testing

/// "Did you mean": the edit distance, and the nearest name within one edit (short names) or two.
@Suite("Near misses: the name a misspelt one was meant to be")
struct NearMissTests {
  static func distance(_ left: String, _ right: String) -> Int {
    NearMiss.editDistance(Array(left.utf8), Array(right.utf8))
  }

  @Test(
    "Damerau-Levenshtein: a transposition of two neighbours is one edit",
    arguments: [
      ("acton", "action", 1), ("scrport", "srcport", 1), ("prtcol", "protocol", 2),
      ("srcaddr", "srcaddr", 0), ("", "end", 3), ("end", "", 3), ("ca", "abc", 2),
      ("dns", "end", 2), ("log-stauts", "log-status", 1), ("version", "region", 3),
    ])
  func editDistance(left: String, right: String, expected: Int) {
    #expect(Self.distance(left, right) == expected, "\(left) -> \(right)")
    #expect(Self.distance(right, left) == expected, "\(right) -> \(left)")
  }

  @Test("The nearest name within the edits allowed, the first of equally near ones")
  func nearest() {
    let options = ["--topology", "--format", "--output", "--threads", "--fields"]
    #expect(NearMiss.nearest(to: "--topolgy", among: options) == "--topology")
    #expect(NearMiss.nearest(to: "--ouput", among: options) == "--output")
    #expect(NearMiss.nearest(to: "--colour", among: options) == nil)
    #expect(NearMiss.nearest(to: "diagnoes", among: ["parse", "diagnose"]) == "diagnose")
    // A short name gets one edit only.
    #expect(NearMiss.nearest(to: "lnt", among: ["lint"]) == "lint")
    #expect(NearMiss.nearest(to: "ln", among: ["lint"]) == nil)
    #expect(NearMiss.nearest(to: "ab", among: ["ac", "ad"]) == "ac")
  }
}
