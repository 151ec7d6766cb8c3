import Foundation

/// Every command a replay runs, with its exit code and outputs, written to the file
/// `FUZZ_TRANSCRIPT` names: two builds replaying the same inputs write the same transcript
/// when they behave the same, byte for byte (a refactor's check). The scratch folder's path,
/// which holds the process id, is written as `$SCRATCH`.
final class Transcript: @unchecked Sendable {
  static let shared: Transcript? = ProcessInfo.processInfo.environment["FUZZ_TRANSCRIPT"].map {
    Transcript(path: $0)
  }

  private let handle: FileHandle
  private let scratch: [UInt8]

  private init(path: String) {
    guard FileManager.default.createFile(atPath: path, contents: nil),
      let handle = FileHandle(forWritingAtPath: path)
    else {
      fatalError("cannot write the transcript \(path)")
    }
    self.handle = handle
    scratch = Array(Scratch.folder.path.utf8)
  }

  func add(_ arguments: [String], _ outcome: FuzzRun.Outcome) {
    var text: [UInt8] = []
    text += Array("== flowcause \(arguments.joined(separator: " "))\n".utf8)
    text += Array("exit \(outcome.exit.rawValue)\n-- stdout\n".utf8)
    text += outcome.stdout
    text += Array("\n-- stderr\n".utf8)
    text += outcome.stderr
    text += [0x0A]
    handle.write(Data(replacingScratch(text)))
  }

  private func replacingScratch(_ bytes: [UInt8]) -> [UInt8] {
    guard !scratch.isEmpty else { return bytes }
    let placeholder = Array("$SCRATCH".utf8)
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
      if bytes[index] == scratch[0], index + scratch.count <= bytes.count,
        bytes[index..<(index + scratch.count)].elementsEqual(scratch)
      {
        result += placeholder
        index += scratch.count
      } else {
        result.append(bytes[index])
        index += 1
      }
    }
    return result
  }
}
