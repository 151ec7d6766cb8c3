import FlowLogs

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An input named on the command line: a path, or `-` for standard input; or one fetched with
/// the AWS CLI (`diagnose --cloudwatch/--s3`, docs/aws-cli.md), which `opener` opens.
struct InputFile {
  /// The name as given (`-` for standard input); used in output and diagnostics.
  let name: String
  /// Opens a fetched input (an `s3://` object, a log group's events); nil for a path or `-`.
  let opener: (() -> Result<OpenedInput, OpenError>)?
  /// Whether ``InputQueue`` may open it early and read it ahead on a thread of its own: a path
  /// or an S3 object, not standard input nor a log group (whose pages are fetched as read).
  let readsAhead: Bool

  /// A path, or `-` for standard input.
  init(name: String) {
    self.name = name
    self.opener = nil
    readsAhead = name != "-"
  }

  /// A fetched input that `opener` opens.
  init(
    name: String, readsAhead: Bool = false,
    opener: @escaping () -> Result<OpenedInput, OpenError>
  ) {
    self.name = name
    self.opener = opener
    self.readsAhead = readsAhead
  }

  /// Opens the input, or says why it cannot be opened.
  func open(io: CommandIO) -> Result<OpenedInput, OpenError> {
    if let opener { return opener() }
    if name == "-" { return .success(OpenedInput(source: io.stdin(), descriptor: nil)) }
    return Self.open(path: name)
  }

  /// Every byte of the file at `path` (a small file: `simulate`'s traffic file), or why it
  /// cannot be opened or read.
  static func contents(path: String) -> Result<[UInt8], OpenError> {
    switch open(path: path) {
    case .failure(let error): return .failure(error)
    case .success(let opened):
      defer { opened.close() }
      var source = opened.source
      var bytes: [UInt8] = []
      var chunk = [UInt8](repeating: 0, count: 1 << 16)
      do {
        while true {
          let count = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
          if count == 0 { return .success(bytes) }
          bytes += chunk[..<count]
        }
      } catch let error as ByteSourceError {
        return .failure(
          OpenError(reason: ReadDiagnostic(line: nil, problem: error.problem).message))
      } catch {
        return .failure(OpenError(reason: "\(error)"))
      }
    }
  }

  /// Opens the file at `path` for reading, or says why it cannot (a directory cannot).
  private static func open(path name: String) -> Result<OpenedInput, OpenError> {
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
    var source: any ByteSource
    let descriptor: Int32?
    /// Ends a fetch (stops and reaps its `aws` process); nil for a file.
    var finish: (() -> Void)? = nil
    /// The thread reading `source` ahead, when ``InputQueue`` started one.
    var readAhead: ReadAheadSource? = nil

    /// Stops reading ahead, ends the fetch and closes the descriptor, in that order: the
    /// producer must be gone before its descriptor is closed, and a producer waiting on a
    /// fetch's pipe goes when the fetch ends.
    func close() {
      readAhead?.cancel()
      finish?()
      readAhead?.stop()
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
