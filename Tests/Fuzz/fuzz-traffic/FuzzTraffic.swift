import FuzzTargets

/// libFuzzer's entry point: one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  FuzzTarget.traffic.run(UnsafeRawBufferPointer(start: start, count: count))
  return 0
}

@main
enum FuzzTraffic {
  static func main() {
    #if FUZZING
      // Built with -sanitize=fuzzer (Tests/Fuzz/run.sh): libFuzzer drives it.
      FuzzDriver.main(fuzz)
    #else
      // Built as the package builds it: runs the inputs named on the command line once each.
      FuzzReplay.main(.traffic)
    #endif
  }
}
