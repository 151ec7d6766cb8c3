import Analysis
import Foundation
import RandomNetworks
import Testing

@testable import FlowCauseCLI

/// The traffic file the differential writes into a failure's scenario folder
/// (``NativeDocument/traffic(_:kinds:description:)``) is one `simulate` reads back into the
/// same conversations: one-way traffic, `tcp-flags`, late packets and late replies included.
@Suite("The differential's traffic files")
struct TrafficFileTests {
  @Test("A generated sample's traffic file loads back into the same traffic")
  func generatedTrafficLoadsBack() throws {
    let directory = try CLIHarness.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("traffic.json")
    for seed in UInt64(1)...120 {
      let sample = NetworkSample(seed: seed)
      let text = NativeDocument.json(
        NativeDocument.traffic(sample.traffic, kinds: sample.kinds, description: "seed \(seed)"))
      try text.write(to: file, atomically: true, encoding: .utf8)
      let loaded: Traffic
      do {
        loaded = try TrafficFile.load(path: file.path)
      } catch {
        Issue.record("seed \(seed): \(error.message)")
        continue
      }
      for (index, (read, drawn)) in zip(loaded.conversations, sample.traffic.conversations)
        .enumerated()
      {
        #expect(read == drawn, "seed \(seed) conversation \(index + 1)")
      }
      #expect(loaded.conversations.count == sample.traffic.conversations.count, "seed \(seed)")
      #expect(loaded.nodata == sample.traffic.nodata, "seed \(seed)")
    }
  }
}
