#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Turns the one hazard of reading mapped files into a reported error: when another process
/// truncates an input while `diagnose` or `parse` reads it in place (`MappedFile`), touching the
/// lost pages raises `SIGBUS`. The handler writes `FILE: error: the file was truncated while it
/// was read` to standard error and exits with 74 (`ioError`), instead of a crash.
///
/// A signal handler may only call async-signal-safe functions: the message for the input being
/// read is rendered beforehand (``reading(_:)``) into memory the handler only reads.
enum MappedInputGuard {
  /// The message, in one buffer allocated once: a file name longer than it leaves is cut.
  private static let capacity = 4096
  nonisolated(unsafe) private static let message = UnsafeMutablePointer<UInt8>.allocate(
    capacity: capacity)
  nonisolated(unsafe) private static var length = 0
  nonisolated(unsafe) private static var installed = false

  /// Installs the handler (once) and words its message for `file`.
  static func reading(_ file: String) {
    let suffix = Array(": error: the file was truncated while it was read\n".utf8)
    let name = Array(file.utf8.prefix(capacity - suffix.count))
    // The handler reads nothing while the message is rewritten (length 0).
    length = 0
    message.update(from: name, count: name.count)
    (message + name.count).update(from: suffix, count: suffix.count)
    length = name.count + suffix.count
    guard !installed else { return }
    installed = true
    var action = sigaction()
    #if canImport(Glibc)
      action.__sigaction_handler.sa_handler = { _ in MappedInputGuard.report() }
    #else
      action.__sigaction_u.__sa_handler = { _ in MappedInputGuard.report() }
    #endif
    sigemptyset(&action.sa_mask)
    sigaction(SIGBUS, &action, nil)
  }

  private static func report() {
    if length > 0 { _ = write(2, message, length) }
    _exit(ExitCode.ioError.rawValue)
  }
}
