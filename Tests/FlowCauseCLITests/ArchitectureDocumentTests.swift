import Foundation
import Testing

/// docs/architecture.md draws the targets and what each depends on; Package.swift declares
/// them. These tests keep the two the same: a target added, removed or given a new dependency
/// fails here until the page says so.
@Suite("docs/architecture.md: its targets and arrows are Package.swift's")
struct ArchitectureDocumentTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// A target of Package.swift: its name, whether it is a test target, and the names of the
  /// targets it depends on.
  struct Target: Equatable {
    var name: String
    var isTest: Bool
    var dependencies: Set<String>
  }

  /// Package.swift's targets, read from its text: each `.target(`, `.executableTarget(`,
  /// `.systemLibrary(` or `.testTarget(` call, its `name:` and the quoted names in its
  /// `dependencies: [ … ]`.
  static func packageTargets() throws -> [Target] {
    let text = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
    let bytes = Array(text.utf8)
    var targets: [Target] = []
    for kind in [".target(", ".executableTarget(", ".systemLibrary(", ".testTarget("] {
      var searchFrom = text.startIndex
      while let found = text.range(of: kind, range: searchFrom..<text.endIndex) {
        searchFrom = found.upperBound
        // A `.target(name:` inside a dependency list is a dependency, not a declaration.
        if kind == ".target(", isInsideDependencies(text, at: found.lowerBound) { continue }
        let open = text.utf8.distance(from: text.startIndex, to: found.upperBound) - 1
        let close = matching(bytes, open: open)
        let call = String(decoding: bytes[open..<close], as: UTF8.self)
        guard let name = firstQuoted(after: "name:", in: call) else { continue }
        var dependencies: Set<String> = []
        if let list = call.range(of: "dependencies:") {
          let start = call.utf8.distance(from: call.startIndex, to: list.upperBound)
          let callBytes = Array(call.utf8)
          guard let bracket = callBytes[start...].firstIndex(of: UInt8(ascii: "[")) else {
            continue
          }
          let end = matching(callBytes, open: bracket)
          dependencies = Set(quoted(String(decoding: callBytes[bracket..<end], as: UTF8.self)))
        }
        targets.append(
          Target(name: name, isTest: kind == ".testTarget(", dependencies: dependencies))
      }
    }
    return targets
  }

  /// Whether `index` lies inside some `dependencies: [ … ]` list.
  static func isInsideDependencies(_ text: String, at index: String.Index) -> Bool {
    guard let list = text[..<index].range(of: "dependencies:", options: .backwards) else {
      return false
    }
    let between = text[list.upperBound..<index]
    return between.filter { $0 == "[" }.count > between.filter { $0 == "]" }.count
  }

  /// The index of the bracket or parenthesis closing the one at `open`.
  static func matching(_ bytes: [UInt8], open: Int) -> Int {
    let opening = bytes[open]
    let closing: UInt8 = opening == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "]")
    var depth = 0
    var inString = false
    for index in open..<bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") { inString.toggle() }
      if inString { continue }
      if byte == opening { depth += 1 }
      if byte == closing {
        depth -= 1
        if depth == 0 { return index + 1 }
      }
    }
    return bytes.count
  }

  static func quoted(_ text: String) -> [String] {
    text.split(separator: "\"", omittingEmptySubsequences: false).enumerated()
      .filter { $0.offset % 2 == 1 }.map { String($0.element) }
  }

  static func firstQuoted(after label: String, in text: String) -> String? {
    guard let found = text.range(of: label) else { return nil }
    return quoted(String(text[found.upperBound...])).first
  }

  /// The page's text, and the lines of its dependency drawing: the first fenced block under
  /// `## Targets`, each line `Name ──► Dependency, Dependency`.
  static func drawing() throws -> [String: Set<String>] {
    let page = try String(
      contentsOf: root.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
    let section = page.components(separatedBy: "\n## Targets\n").dropFirst().first ?? ""
    let block = section.components(separatedBy: "```").dropFirst().first ?? ""
    var arrows: [String: Set<String>] = [:]
    for line in block.split(separator: "\n") {
      let parts = line.components(separatedBy: "►")
      let name = parts[0].trimmingCharacters(in: CharacterSet(charactersIn: " ─"))
      guard !name.isEmpty else { continue }
      let dependencies =
        parts.count > 1
        ? parts[1].split(separator: ",").map {
          // "CMalloc (Linux)": a condition, said in words.
          $0.split(separator: "(").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        }.filter { !$0.isEmpty } : []
      #expect(arrows[name] == nil, "\(name) is drawn twice")
      arrows[name] = Set(dependencies)
    }
    return arrows
  }

  @Test("Package.swift reads as expected: the targets every build has")
  func packageIsRead() throws {
    let names = Set(try Self.packageTargets().map(\.name))
    for name in ["FlowLogs", "Topology", "Analysis", "FlowCauseCLI", "flowcause", "CZlib"] {
      #expect(names.contains(name), "\(name) not found in Package.swift")
    }
  }

  @Test("Each target that is not a test is drawn once, with Package.swift's dependencies")
  func arrowsMatch() throws {
    let declared = try Self.packageTargets().filter { !$0.isTest }
    let drawn = try Self.drawing()
    for target in declared {
      #expect(
        drawn[target.name] == target.dependencies,
        "\(target.name): the page draws \(drawn[target.name].map { $0.sorted() } ?? []), Package.swift has \(target.dependencies.sorted())"
      )
    }
    let extra = Set(drawn.keys).subtracting(declared.map(\.name))
    #expect(extra.isEmpty, "drawn but not in Package.swift: \(extra.sorted())")
  }

  @Test("Each target, tests included, has a row in the page's table of targets")
  func everyTargetDescribed() throws {
    let page = try String(
      contentsOf: Self.root.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
    let section = page.components(separatedBy: "\n## Targets\n").dropFirst().first ?? ""
    var described: Set<String> = []
    for line in section.split(separator: "\n") where line.hasPrefix("| `") {
      let cell = line.split(separator: "|").first ?? ""
      for name in Self.quoted(cell.replacingOccurrences(of: "`", with: "\"")) {
        described.insert(name)
      }
    }
    let declared = Set(try Self.packageTargets().map(\.name))
    #expect(
      declared.subtracting(described).isEmpty, "no row: \(declared.subtracting(described).sorted())"
    )
    #expect(
      described.subtracting(declared).isEmpty,
      "not a target: \(described.subtracting(declared).sorted())")
  }
}
