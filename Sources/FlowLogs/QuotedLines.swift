/// Lines of an input as written, read again by number: the records a report quotes. Reads a
/// gzip stream decompressed (the line numbers are the decompressed text's, as the reader
/// numbers them), stops after the last line wanted, and quotes none of a Parquet file (its
/// records have no lines).
public enum QuotedLines {
  /// The longest text quoted of one line; a longer line is cut and ends in `…`.
  public static let characterLimit = 1_000

  /// `wanted` lines of `source` by number (1-based), without their line ends; lines past the
  /// end are left out.
  public static func read(_ wanted: Set<Int>, from source: any ByteSource) -> [Int: String] {
    guard let last = wanted.max(), last > 0 else { return [:] }
    var source = source
    var found: [Int: String] = [:]
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    var current: [UInt8] = []
    var line = 1
    var first = true
    func keep() {
      if wanted.contains(line) {
        var bytes = current
        if bytes.last == 0x0D { bytes.removeLast() }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.count > characterLimit { text = String(text.prefix(characterLimit)) + "…" }
        found[line] = text
      }
    }
    do {
      while line <= last {
        let count = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
        if count == 0 { break }
        if first {
          first = false
          let head = Array(chunk[..<count])
          if head.starts(with: Array("PAR1".utf8)) { return [:] }
          if count >= 2 && head[0] == 0x1F && head[1] == 0x8B {
            source = GzipSource(upstream: PrefixedSource(prefix: head, rest: source))
            continue
          }
        }
        var start = 0
        while start < count, line <= last {
          guard let newline = chunk[start..<count].firstIndex(of: 0x0A) else {
            if wanted.contains(line) && current.count <= characterLimit * 4 {
              current += chunk[start..<count]
            }
            start = count
            break
          }
          if wanted.contains(line) { current += chunk[start..<newline] }
          keep()
          current.removeAll(keepingCapacity: true)
          line += 1
          start = newline + 1
        }
      }
    } catch {
      return found
    }
    if !current.isEmpty, line <= last { keep() }
    return found
  }
}
