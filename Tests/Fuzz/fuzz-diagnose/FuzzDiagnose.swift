import FuzzTargets

/// libFuzzer's entry point: one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  FuzzTarget.diagnose.run(UnsafeRawBufferPointer(start: start, count: count))
  return 0
}

@main enum FuzzDiagnose { static func main() { FuzzMain.run(.diagnose, fuzz) } }
