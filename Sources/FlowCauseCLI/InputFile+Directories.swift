#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension InputFile {
  /// The inputs with each directory replaced by the flow log files under it: every `*.log` and
  /// `*.log.gz`, recursively (symbolic links to directories are not followed). Files named as
  /// AWS names flow log files (`ACCOUNT_vpcflowlogs_REGION_fl-…_YYYYMMDDTHHmmZ_HASH.log.gz`, at
  /// any depth, in either S3 layout) come in the order of the time in their names, then of
  /// their paths; the others before them, in the order of their paths (bytes, as S3 orders
  /// keys). A directory that holds none, or a folder that cannot be read, stays an input that
  /// cannot be opened, with the reason.
  static func expandingDirectories(_ inputs: [InputFile]) -> [InputFile] {
    inputs.flatMap { input -> [InputFile] in
      guard input.opener == nil, input.name != "-", isDirectory(input.name) else { return [input] }
      var found: [(path: String, time: Int?)] = []
      var unreadable: [InputFile] = []
      let root =
        input.name.count > 1 && input.name.hasSuffix("/")
        ? String(input.name.dropLast()) : input.name
      walk(root) { path, error in
        if let error {
          unreadable.append(InputFile(name: path, failure: error))
          return
        }
        let name = path.split(separator: "/").last ?? ""
        guard name.hasSuffix(".log") || name.hasSuffix(".log.gz") else { return }
        found.append((path, S3FlowLogKey.fileName(name)?.time))
      }
      if found.isEmpty && unreadable.isEmpty {
        return [InputFile(name: input.name, failure: "a directory with no *.log or *.log.gz file")]
      }
      found.sort { left, right in
        switch (left.time, right.time) {
        case (nil, .some): return true
        case (.some, nil): return false
        case (.some(let a), .some(let b)) where a != b: return a < b
        default: return Array(left.path.utf8).lexicographicallyPrecedes(right.path.utf8)
        }
      }
      return unreadable + found.map { InputFile(name: $0.path) }
    }
  }

  /// An input that cannot be opened, for `reason`.
  init(name: String, failure reason: String) {
    self.init(name: name) { .failure(OpenError(reason: reason)) }
  }

  private static func isDirectory(_ path: String) -> Bool {
    var status = stat()
    return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
  }

  /// Calls `visit` with every entry under `directory` that is not a directory, and with each
  /// folder that cannot be read and why.
  private static func walk(_ directory: String, _ visit: (String, String?) -> Void) {
    guard let handle = opendir(directory) else {
      visit(directory, String(cString: strerror(errno)))
      return
    }
    var names: [String] = []
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    closedir(handle)
    for name in names {
      let path = directory == "/" ? "/" + name : directory + "/" + name
      var status = stat()
      guard lstat(path, &status) == 0 else { continue }
      if (status.st_mode & S_IFMT) == S_IFDIR {
        walk(path, visit)
      } else {
        visit(path, nil)
      }
    }
  }
}
