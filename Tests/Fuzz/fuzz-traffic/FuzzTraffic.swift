import FuzzTargets

/// libFuzzer's entry point: one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  FuzzTarget.traffic.run(UnsafeRawBufferPointer(start: start, count: count))
  return 0
}

@main enum FuzzTraffic { static func main() { FuzzMain.run(.traffic, fuzz) } }
