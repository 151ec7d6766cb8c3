import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Wall time from a monotonic clock.
struct Stopwatch {
  private let start = Stopwatch.now()

  var seconds: Double { Stopwatch.now() - start }

  static func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }
}

/// What the numbers were measured on.
enum Machine {
  static var cores: Int {
    #if canImport(Glibc)
      Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    #else
      Int(sysconf(_SC_NPROCESSORS_ONLN))
    #endif
  }

  /// The CPU model from /proc/cpuinfo, where there is one.
  static var cpuModel: String {
    guard let text = readProcFile("/proc/cpuinfo") else { return "unknown CPU" }
    for line in text.split(separator: "\n") where line.hasPrefix("model name") {
      if let colon = line.firstIndex(of: ":") {
        return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      }
    }
    return "unknown CPU"
  }

  static var operatingSystem: String {
    ProcessInfo.processInfo.operatingSystemVersionString
  }

  /// The Swift compiler this program was built with.
  static var swiftVersion: String {
    #if compiler(>=7.0)
      return "Swift 7.0 or later"
    #elseif compiler(>=6.3)
      return "Swift 6.3"
    #elseif compiler(>=6.2)
      return "Swift 6.2"
    #elseif compiler(>=6.1)
      return "Swift 6.1"
    #else
      return "Swift 6.0"
    #endif
  }

  static var buildConfiguration: String {
    #if DEBUG
      return "debug build (numbers are not meaningful; use -c release)"
    #else
      return "release build"
    #endif
  }

  /// The process's peak resident set size so far, in bytes (getrusage `ru_maxrss`).
  static var maxRSS: Int {
    var usage = rusage()
    #if canImport(Darwin)
      getrusage(RUSAGE_SELF, &usage)
      return Int(usage.ru_maxrss)
    #else
      getrusage(RUSAGE_SELF.rawValue, &usage)
      return Int(usage.ru_maxrss) * 1024
    #endif
  }

  /// User plus system CPU time this process has used, all threads.
  static var cpuSeconds: Double {
    var usage = rusage()
    #if canImport(Darwin)
      getrusage(RUSAGE_SELF, &usage)
    #else
      getrusage(RUSAGE_SELF.rawValue, &usage)
    #endif
    return seconds(usage)
  }

  static func seconds(_ usage: rusage) -> Double {
    Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
      + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
  }

  /// Resets the kernel's peak RSS mark for this process (Linux `clear_refs`), so that one job's
  /// peak can be read on its own. Returns whether it worked.
  static func resetPeakRSS() -> Bool {
    let descriptor = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var five: UInt8 = 0x35
    return write(descriptor, &five, 1) == 1
  }

  /// The peak RSS since the last reset, in bytes (`VmHWM` in /proc/self/status).
  static func peakRSSSinceReset() -> Int? { statusField("VmHWM:") }

  /// The RSS now, in bytes (`VmRSS` in /proc/self/status).
  static func residentSize() -> Int? { statusField("VmRSS:") }

  private static func statusField(_ name: String) -> Int? {
    guard let text = readProcFile("/proc/self/status") else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix(name) {
      let digits = line.filter(\.isNumber)
      return Int(digits).map { $0 * 1024 }
    }
    return nil
  }

  /// Reads a file whose size the kernel does not report (files under /proc).
  static func readProcFile(_ path: String) -> String? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      if count <= 0 { break }
      bytes += chunk[0..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}

/// Fixed-point text for tables.
func format2(_ value: Double) -> String { String(format: "%.2f", value) }

func format1(_ value: Double) -> String { String(format: "%.1f", value) }

/// A byte count as MB (10^6 bytes) or "-".
func megabytes(_ bytes: Int?) -> String {
  guard let bytes else { return "-" }
  return format1(Double(bytes) / 1e6) + " MB"
}

/// Writes to standard error.
func printError(_ text: String) {
  var text = text
  text.withUTF8 { bytes in
    var offset = 0
    while offset < bytes.count {
      let written = write(2, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
      if written <= 0 { return }
      offset += written
    }
  }
}
