import FlowCauseCLI
import Foundation
import Testing

/// `simulate`'s files: a traffic file that cannot be opened is 66 (as every input), a `--truth`
/// file that cannot be created is 73 (as `collect`'s folder), both before any record is
/// written; a traffic file that is not JSON names the line and column.
@Suite("simulate: exit codes for its files, before anything is written")
struct SimulateExitCodeTests {
  static let scenario = CLIHarness.packageRoot.appendingPathComponent(
    "Scenarios/nacl-denies-inbound")
  static let topology = scenario.appendingPathComponent("topology").path
  static let traffic = scenario.appendingPathComponent("traffic.json").path

  static func simulate(traffic: String = traffic, truth: String? = nil) -> CLIHarness.Run {
    CLIHarness.run(
      ["simulate", "--topology", topology, "--traffic", traffic]
        + (truth.map { ["--truth", $0] } ?? []))
  }

  @Test("A traffic file that does not exist, or is a folder: exit 66, the reason, no record")
  func trafficCannotOpen() throws {
    let missing = "/nonexistent/traffic.json"
    let run = Self.simulate(traffic: missing)
    #expect(run.exit == .noInput)
    #expect(run.stderr == "\(missing): error: cannot open: No such file or directory\n")
    #expect(run.stdout.isEmpty)
    let folder = try CLIHarness.temporaryDirectory().path
    let folderRun = Self.simulate(traffic: folder)
    #expect(folderRun.exit == .noInput)
    #expect(folderRun.stderr == "\(folder): error: cannot open: is a directory\n")
  }

  @Test("A --truth file that cannot be created: exit 73 before the first record is written")
  func truthCannotCreate() {
    let truth = "/nonexistent/folder/truth.jsonl"
    let run = Self.simulate(truth: truth)
    #expect(run.exit == .cannotCreate)
    #expect(run.stderr == "\(truth): error: cannot create: No such file or directory\n")
    #expect(run.stdout.isEmpty)
  }

  @Test("A --truth file that is created gets one line per REJECT record, exit 0")
  func truthWritten() throws {
    let truth = try CLIHarness.temporaryDirectory().appendingPathComponent("truth.jsonl")
    let run = Self.simulate(truth: truth.path)
    #expect(run.exit == .success, "\(run.stderr)")
    let rejects = run.stdout.split(separator: "\n").filter { $0.contains(" REJECT ") }
    let lines = try String(contentsOf: truth, encoding: .utf8).split(separator: "\n")
    #expect(!rejects.isEmpty && lines.count == rejects.count)
  }

  @Test("A --truth file that cannot be written to its end: exit 74, the system's reason")
  func truthFull() throws {
    try #require(FileManager.default.fileExists(atPath: "/dev/full"))
    let run = Self.simulate(truth: "/dev/full")
    #expect(run.exit == .ioError)
    #expect(run.stderr == "/dev/full: error: cannot write: No space left on device\n")
  }

  @Test("A traffic file that is not JSON: exit 65, FILE:LINE:COLUMN and what was expected")
  func trafficNotJSON() throws {
    let file = try CLIHarness.temporaryDirectory().appendingPathComponent("traffic.json")
    try "{\"conversations\": [\n  {\"from\": \"a\" \"to\": \"b\"}\n]}\n".write(
      to: file, atomically: true, encoding: .utf8)
    let run = Self.simulate(traffic: file.path)
    #expect(run.exit == .dataError)
    #expect(
      run.stderr == "\(file.path):2:16: error: expected ',' or '}' after a member, found '\"'\n")
    #expect(run.stdout.isEmpty)
  }
}
