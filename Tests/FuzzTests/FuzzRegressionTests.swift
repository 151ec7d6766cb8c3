import Foundation
import FuzzTargets
import Testing

/// The inputs kept for the fuzz targets run through their target once, with the target's
/// checks: no crash, no trap, every line counted, an exit code the docs list, output in
/// proportion to the input (docs/fuzzing.md). Every input of Tests/Fuzz/Regressions (each
/// failure a campaign found, fixed since) runs here; of Tests/Fuzz/Corpus (the coverage a
/// campaign reached), a sample, in this debug build: `Tests/Fuzz/run.sh regression` runs all
/// of it.
@Suite("Fuzz regressions: every kept input runs clean", .serialized)
struct FuzzRegressionTests {
  static func inputs(_ target: FuzzTarget, in folder: String) -> [String] {
    FuzzReplay.inputs(
      at: Fixtures.root.appendingPathComponent("Tests/Fuzz/\(folder)/\(target.rawValue)").path)
  }

  /// Every regression, and every 20th input of the corpus.
  static func inputs(_ target: FuzzTarget) -> [String] {
    let corpus = inputs(target, in: "Corpus")
    return inputs(target, in: "Regressions")
      + stride(from: 0, to: corpus.count, by: 20).map { corpus[$0] }
  }

  @Test("Each target's corpus is there", arguments: FuzzTarget.allCases)
  func corpusIsThere(_ target: FuzzTarget) {
    #expect(Self.inputs(target, in: "Corpus").count >= 5, "Tests/Fuzz/Corpus/\(target.rawValue)")
  }

  @Test("Every kept input runs clean", arguments: FuzzTarget.allCases)
  func keptInputs(_ target: FuzzTarget) throws {
    for path in Self.inputs(target) {
      let bytes = try #require(FileManager.default.contents(atPath: path), "\(path)")
      target.run(Array(bytes))
    }
  }
}
