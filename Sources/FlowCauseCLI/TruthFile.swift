#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `--truth FILE`, created (or emptied) before the first record is written.
struct TruthFile {
  let descriptor: Int32
  let writer: FileDescriptorWriter

  /// Creates the file, or says why it cannot be created (the system's reason).
  static func create(path: String) -> Result<TruthFile, InputFile.OpenError> {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      return .failure(InputFile.OpenError(reason: String(cString: strerror(errno))))
    }
    return .success(
      TruthFile(descriptor: descriptor, writer: FileDescriptorWriter(descriptor: descriptor)))
  }

  /// Writes what is left and closes the file; why a write failed, if one did (the system's
  /// reason).
  func close() -> String? {
    writer.flush()
    #if canImport(Glibc)
      _ = Glibc.close(descriptor)
    #else
      _ = Darwin.close(descriptor)
    #endif
    return writer.writeError.map { String(cString: strerror($0)) }
  }
}
