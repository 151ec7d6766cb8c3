import Foundation

/// A Markdown file of the package, read as lines, with its sections and tables: what the tests
/// that fail when a page of `docs/` and the code drift apart (a table row per enum case) read.
///
/// Cells are split on every `|`, so a cell must not contain one.
public struct MarkdownPage {
  /// The package's root folder (two levels above this file's folder).
  public static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // MarkdownTables
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // the package

  public let lines: [String]
  public var text: String { lines.joined(separator: "\n") }

  /// Reads `relativePath` (such as `docs/formats.md`) from the package root.
  public init(relativePath: String) throws {
    let text = try String(
      contentsOf: Self.packageRoot.appendingPathComponent(relativePath), encoding: .utf8)
    lines = text.components(separatedBy: "\n")
  }

  /// The lines under `heading` (such as `## Fields`), up to the next heading of the same or a
  /// higher level; `nil` when there is no such heading.
  public func section(_ heading: String) -> ArraySlice<String>? {
    guard let start = lines.firstIndex(of: heading) else { return nil }
    let level = heading.prefix { $0 == "#" }.count
    let end =
      lines[(start + 1)...].firstIndex { line in
        let hashes = line.prefix { $0 == "#" }.count
        return hashes > 0 && hashes <= level && line.dropFirst(hashes).hasPrefix(" ")
      } ?? lines.endIndex
    return lines[(start + 1)..<end]
  }

  /// The names in the first column of the first table at or after the first line that contains
  /// `marker` (a heading, or the table's own header row), looking from the first line that
  /// contains `start` when one is given: each backquoted word of a body row's first cell
  /// (`` `from`, `to` `` is two names); `nil` when no line contains `marker`.
  public func firstColumn(after marker: String, from start: String? = nil) -> [String]? {
    var index = lines.startIndex
    if let start {
      guard let found = lines.firstIndex(where: { $0.contains(start) }) else { return nil }
      index = found
    }
    guard let markerLine = lines[index...].firstIndex(where: { $0.contains(marker) }) else {
      return nil
    }
    guard let header = lines[markerLine...].firstIndex(where: { $0.hasPrefix("|") }) else {
      return []
    }
    let table = lines[(header + 1)...].prefix { $0.hasPrefix("|") }
    return Self.bodyRows(table).flatMap { cells in
      (cells.first ?? "").split(separator: ",").map {
        $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(
          in: CharacterSet(charactersIn: "`"))
      }
    }
  }

  /// The body rows, as trimmed cells, of every table in `lines` whose header row is `header`.
  public static func rows(in lines: ArraySlice<String>, header: [String]) -> [[String]] {
    var rows: [[String]] = []
    var inTable = false
    for line in lines {
      guard line.hasPrefix("|") else {
        inTable = false
        continue
      }
      let cells = Self.cells(of: line)
      if cells == header {
        inTable = true
      } else if inTable && !isSeparator(cells) {
        rows.append(cells)
      }
    }
    return rows
  }

  /// The first row of `lines` whose first cell is `firstCell`, as trimmed cells.
  public func row(startingWith firstCell: String) -> [String]? {
    lines.first { $0.hasPrefix("|") && Self.cells(of: $0).first == firstCell }.map(Self.cells)
  }

  /// The trimmed cells of a table row, without the empty cells outside its outer pipes.
  public static func cells(of row: String) -> [String] {
    var cells = row.split(separator: "|", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    if cells.first == "" { cells.removeFirst() }
    if cells.last == "" { cells.removeLast() }
    return cells
  }

  /// Whether `cells` is a table's `| --- | :-: |` line.
  static func isSeparator(_ cells: [String]) -> Bool {
    cells.allSatisfy { $0.allSatisfy { "-:".contains($0) } }
  }

  /// The rows after a table's header row, without its separator line.
  static func bodyRows(_ table: some Collection<String>) -> [[String]] {
    table.map(cells(of:)).filter { !isSeparator($0) }
  }
}
