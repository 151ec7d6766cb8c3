import Foundation
import Rendering
import Testing

@testable import FlowCauseCLI

/// `diagnose`'s progress line: on a terminal's standard error only, its words and numbers.
@Suite("The progress line while diagnose reads")
struct ProgressLineTests {
  @Test("Its text: the bytes, the share and the time left when the size is known")
  func text() {
    #expect(
      ReadingProgressLine.line(
        bytes: 1_200_000_000, lines: 10_500_000, rejects: 3_400_000, seconds: 16,
        totalBytes: 5_700_000_000)
        == "flowcause: 1.2 GB of 5.7 GB (21%), 10.5M lines, 3.4M REJECTs decided, 656k lines/s, 1m 0s left"
    )
    // A size unknown (standard input, gzip, a fetch): no share, no time left.
    #expect(
      ReadingProgressLine.line(bytes: 52_000, lines: 400, rejects: 12, seconds: 2, totalBytes: nil)
        == "flowcause: 52.0 kB, 400 lines, 12 REJECTs decided, 200 lines/s")
    #expect(ReadingProgressLine.duration(3_725) == "1h 2m")
    #expect(ReadingProgressLine.duration(0.2) == "1s")
  }

  @Test("The size is known only when every input is a plain regular file")
  func totalBytes() throws {
    let directory = try CLIHarness.temporaryDirectory()
    let plain = directory.appendingPathComponent("a.log")
    try Data(repeating: 0x41, count: 1234).write(to: plain)
    let zipped = directory.appendingPathComponent("b.log.gz")
    try Data(repeating: 0x41, count: 10).write(to: zipped)
    #expect(ReadingProgressLine.totalBytes(of: [InputFile(name: plain.path)]) == 1234)
    #expect(
      ReadingProgressLine.totalBytes(of: [InputFile(name: plain.path), InputFile(name: "-")]) == nil
    )
    #expect(ReadingProgressLine.totalBytes(of: [InputFile(name: zipped.path)]) == nil)
  }

  @Test("Not a terminal, or --quiet: nothing but the answer and the summary on stderr")
  func quiet() throws {
    let scenario = CLIHarness.packageRoot.appendingPathComponent("Scenarios/nacl-denies-inbound")
    let log = scenario.appendingPathComponent("flows.log").path
    let plain = CLIHarness.run(["diagnose", log])
    let quiet = CLIHarness.run(["diagnose", "--quiet", log])
    #expect(plain.exit == .success)
    #expect(quiet.exit == .success)
    #expect(quiet.stdout == plain.stdout)
    #expect(quiet.stderr == plain.stderr)
    #expect(!plain.stderr.contains("\r"))
  }
}

@Suite("The running summary of diagnose --follow")
struct FollowStatusTests {
  @Test("Anything written meanwhile clears it first; it is drawn again below, cut to the width")
  func clearsBeforeWrites() {
    let terminal = MemoryWriter()
    let status = FollowStatus(stderr: terminal)
    let lines = FollowStatus.lines(
      group: "log group g", poll: 30, events: 12, rejectsRead: 3, rejects: 1,
      patterns: ["       1  eni-1 ingress request, tcp 22: security-group sg-1\n"])
    #expect(
      lines[0]
        == "flowcause: 3 REJECTs: 1 decided, 2 waiting for their window; 12 events from log "
        + "group g (polled every 30 s; Ctrl-C decides them and ends)\n")
    // None decided yet: how long they wait.
    let waiting = FollowStatus.lines(
      group: "log group g", poll: 30, events: 12, rejectsRead: 3, rejects: 0, patterns: [])
    #expect(waiting.count == 2 && waiting[1].contains("42 minutes of log time"))
    status.draw(lines)
    let drawn = terminal.text
    #expect(drawn.split(separator: "\n").count == 2)
    let stdout = status.writer(terminal)
    stdout.write("a REJECT\n")
    stdout.write("another\n")
    // Up two lines to the first column, clear to the end, then the text; cleared once.
    #expect(terminal.text == drawn + "\u{1B}[2F\u{1B}[Ja REJECT\nanother\n")
    status.draw(["x".padding(toLength: 500, withPad: "x", startingAt: 0) + "\n"])
    #expect(terminal.text.hasSuffix("…\n"))
    #expect(terminal.text.count < drawn.count + 30 + 500)
  }
}
