import Foundation
import FuzzTargets
import Testing

/// Every input kept for the fuzz targets (Tests/Fuzz/Corpus: the coverage a campaign reached;
/// Tests/Fuzz/Regressions: each crash a campaign found, fixed since) runs through its target
/// once, with the target's checks: no crash, no trap, every line counted, an exit code the
/// docs list, output in proportion to the input (docs/fuzzing.md).
@Suite("Fuzz regressions: every kept input runs clean", .serialized)
struct FuzzRegressionTests {
  static func inputs(_ target: FuzzTarget) -> [String] {
    ["Corpus", "Regressions"].flatMap { folder in
      FuzzReplay.inputs(
        at: Fixtures.root.appendingPathComponent("Tests/Fuzz/\(folder)/\(target.rawValue)").path)
    }
  }

  @Test("Each target's corpus is there", arguments: FuzzTarget.allCases)
  func corpusIsThere(_ target: FuzzTarget) {
    #expect(Self.inputs(target).count >= 5, "Tests/Fuzz/Corpus/\(target.rawValue)")
  }

  @Test("Every kept input runs clean", arguments: FuzzTarget.allCases)
  func keptInputs(_ target: FuzzTarget) throws {
    for path in Self.inputs(target) {
      let bytes = try #require(FileManager.default.contents(atPath: path), "\(path)")
      target.run(Array(bytes))
    }
  }
}
