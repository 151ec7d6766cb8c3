import FlowLogs

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An input named on the command line: a path, or `-` for standard input.
struct InputFile {
  /// The name as given (`-` for standard input); used in output and diagnostics.
  let name: String

  /// Opens the input, or says why it cannot be opened.
  func open(io: CommandIO) -> Result<OpenedInput, OpenError> {
    if name == "-" { return .success(OpenedInput(source: io.stdin(), descriptor: nil)) }
    #if canImport(Glibc)
      let descriptor = Glibc.open(name, O_RDONLY | O_CLOEXEC)
    #else
      let descriptor = Darwin.open(name, O_RDONLY | O_CLOEXEC)
    #endif
    guard descriptor >= 0 else {
      return .failure(OpenError(reason: String(cString: strerror(errno))))
    }
    var status = stat()
    if fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
      close(descriptor)
      return .failure(OpenError(reason: "is a directory"))
    }
    return .success(
      OpenedInput(source: FileDescriptorSource(descriptor: descriptor), descriptor: descriptor))
  }

  struct OpenedInput {
    let source: any ByteSource
    let descriptor: Int32?

    func close() {
      if let descriptor {
        #if canImport(Glibc)
          _ = Glibc.close(descriptor)
        #else
          _ = Darwin.close(descriptor)
        #endif
      }
    }
  }

  struct OpenError: Error {
    let reason: String
  }
}
