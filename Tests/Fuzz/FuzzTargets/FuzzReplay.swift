import Foundation

/// A fuzz target's executable built without libFuzzer: runs the inputs its arguments name
/// (files, or folders of them) once each, as the regression run does.
public enum FuzzReplay {
  public static func main(_ target: FuzzTarget) -> Never {
    let arguments = CommandLine.arguments.dropFirst()
    if arguments.isEmpty {
      print(
        "usage: fuzz-\(target.rawValue) FILE|FOLDER ... (runs each input once)\n       fuzz-\(target.rawValue) --write-seeds FOLDER"
      )
      exit(64)
    }
    if arguments.first == "--write-seeds", let folder = arguments.dropFirst().first {
      FuzzSeeds.write(target, to: folder)
      print("fuzz-\(target.rawValue): seeds written to \(folder)")
      exit(0)
    }
    // FUZZ_REPEAT=N runs each input N times (to watch memory over many runs).
    let repeats = ProcessInfo.processInfo.environment["FUZZ_REPEAT"].flatMap { Int($0) } ?? 1
    var count = 0
    for path in arguments {
      for file in inputs(at: path) {
        guard let data = FileManager.default.contents(atPath: file) else {
          print("fuzz-\(target.rawValue): cannot read \(file)")
          exit(66)
        }
        for _ in 0..<repeats {
          target.run(Array(data))
          count += 1
        }
      }
    }
    print("fuzz-\(target.rawValue): \(count) inputs ran")
    exit(0)
  }

  /// The files at `path`: itself, or a folder's files in name order.
  public static func inputs(at path: String) -> [String] {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return [] }
    guard isFolder.boolValue else { return [path] }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    return names.filter { !$0.hasPrefix(".") }.sorted().map { "\(path)/\($0)" }
  }
}

/// A target's entry point: libFuzzer's driver when built with `FUZZING` (Tests/Fuzz/run.sh),
/// else the replay of the inputs named on the command line.
public enum FuzzMain {
  public static func run(
    _ target: FuzzTarget, _ entry: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
  ) -> Never {
    #if FUZZING
      FuzzDriver.main(entry)
    #else
      FuzzReplay.main(target)
    #endif
  }
}

#if FUZZING
  @_silgen_name("LLVMFuzzerRunDriver")
  private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
  ) -> CInt

  /// libFuzzer's driver, run from the target's own entry point (SwiftPM names an
  /// executable's entry point itself, so libFuzzer's `main` cannot be the program's).
  public enum FuzzDriver {
    public static func main(
      _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> Never {
      var argc = CommandLine.argc
      var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
      exit(runDriver(&argc, &argv, callback))
    }
  }
#endif
