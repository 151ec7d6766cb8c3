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
  nonisolated(unsafe) private static var message: UnsafeMutablePointer<UInt8>? = nil
  nonisolated(unsafe) private static var length = 0
  nonisolated(unsafe) private static var installed = false

  /// Installs the handler (once) and words its message for `file`.
  static func reading(_ file: String) {
    let text = Array("\(file): error: the file was truncated while it was read\n".utf8)
    let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: text.count)
    buffer.initialize(from: text, count: text.count)
    // The old message is kept, not freed: the handler could be reading it right now.
    length = 0
    message = buffer
    length = text.count
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
    if let message, length > 0 { _ = write(2, message, length) }
    _exit(ExitCode.ioError.rawValue)
  }
}
