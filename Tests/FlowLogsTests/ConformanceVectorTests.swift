import FlowLogs
import Foundation
import Testing

/// Runs the data-driven conformance vectors in `Vectors/` (one JSON file per case; the schema is
/// in `Vectors/README.md`). Files are found at test time from this source file's path, so a new
/// vector needs no code change and no resource bundle.
@Suite("Conformance vectors")
struct ConformanceVectorTests {
  @Test("Each vector reads as its file says", arguments: VectorFile.all())
  func vectorReadsAsExpected(_ file: VectorFile) {
    for problem in ConformanceRunner.run(file) {
      Issue.record(Comment(rawValue: "\(file.name): \(problem)"))
    }
  }

  @Test("The Vectors folder holds at least 40 vectors")
  func folderIsFound() {
    let count = VectorFile.all().count
    if count < 40 {
      Issue.record(
        Comment(
          rawValue:
            "Vectors: found \(count) vector files in \(VectorFile.directory.path), expected 40 or more"
        ))
    }
  }

  @Test("Each vector has a description and a source")
  func vectorsAreDocumented() {
    for file in VectorFile.all() {
      guard let vector = try? ConformanceRunner.load(file) else {
        Issue.record(Comment(rawValue: "\(file.name): cannot be decoded"))
        continue
      }
      if vector.description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
        Issue.record(Comment(rawValue: "\(file.name): \"description\" is empty"))
      }
      if vector.source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
        Issue.record(Comment(rawValue: "\(file.name): \"source\" is empty"))
      }
    }
  }

  @Test("Each vector is named in kebab-case and agrees with itself")
  func vectorsAreConsistent() {
    for file in VectorFile.all() {
      for problem in ConformanceRunner.selfCheck(file) {
        Issue.record(Comment(rawValue: "\(file.name): \(problem)"))
      }
    }
  }
}

// MARK: - Vector files

/// One `*.json` file under `Vectors/`.
struct VectorFile: Sendable, CustomTestStringConvertible {
  /// The path relative to `Vectors/`, e.g. `bad-nul-byte.json`.
  let name: String
  let url: URL

  var testDescription: String { name }

  /// The `Vectors/` folder next to this source file.
  static let directory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .appendingPathComponent("Vectors", isDirectory: true)

  /// Every `*.json` file under `Vectors/`, sorted by name.
  static func all() -> [VectorFile] {
    guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else {
      return []
    }
    var files: [VectorFile] = []
    while let relative = enumerator.nextObject() as? String {
      guard relative.hasSuffix(".json") else { continue }
      files.append(VectorFile(name: relative, url: directory.appendingPathComponent(relative)))
    }
    return files.sorted { $0.name < $1.name }
  }
}

// MARK: - Schema

/// A vector as its JSON file states it.
struct ConformanceVector: Decodable {
  var description: String
  var source: String
  var format: String?
  var input: [UInt8]
  var lineLimit: Int?
  var records: [ExpectedRecord]
  var diagnostics: [ExpectedDiagnostic]
  var counts: ExpectedCounts

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: VectorKey.self)
    try container.allowOnly([
      "description", "source", "format", "input", "inputBase64", "lineLimit", "records",
      "diagnostics", "counts",
    ])
    description = try container.decode(String.self, forKey: "description")
    source = try container.decode(String.self, forKey: "source")
    format = try container.decodeIfPresent(String.self, forKey: "format")
    let text = try container.decodeIfPresent(String.self, forKey: "input")
    let base64 = try container.decodeIfPresent(String.self, forKey: "inputBase64")
    switch (text, base64) {
    case (let text?, nil):
      input = Array(text.utf8)
    case (nil, let base64?):
      guard let data = Data(base64Encoded: base64) else {
        throw VectorError("\"inputBase64\" is not valid base64")
      }
      input = Array(data)
    default:
      throw VectorError("exactly one of \"input\" and \"inputBase64\" is required")
    }
    lineLimit = try container.decodeIfPresent(Int.self, forKey: "lineLimit")
    records = try container.decode([ExpectedRecord].self, forKey: "records")
    diagnostics = try container.decode([ExpectedDiagnostic].self, forKey: "diagnostics")
    counts = try container.decode(ExpectedCounts.self, forKey: "counts")
  }
}

struct ExpectedRecord: Decodable {
  var line: Int
  var fields: [String: ExpectedValue]

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: VectorKey.self)
    try container.allowOnly(["line", "fields"])
    line = try container.decode(Int.self, forKey: "line")
    fields = try container.decode([String: ExpectedValue].self, forKey: "fields")
  }
}

/// A field value in a vector: JSON null, an integer, or a string.
enum ExpectedValue: Decodable, Equatable, CustomStringConvertible {
  case null
  case integer(Int64)
  case string(String)

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let text = try? container.decode(String.self) {
      self = .string(text)
    } else if (try? container.decode(Bool.self)) != nil {
      throw VectorError("a field value is a boolean; use null, an integer or a string")
    } else if let number = try? container.decode(Int64.self) {
      self = .integer(number)
    } else {
      throw VectorError("a field value is not null, an integer or a string")
    }
  }

  init(_ value: FieldValue) {
    switch value {
    case .null: self = .null
    case .integer(let number): self = .integer(number)
    case .string(let text): self = .string(text)
    }
  }

  var description: String {
    switch self {
    case .null: return "null"
    case .integer(let number): return String(number)
    case .string(let text): return "\"\(text)\""
    }
  }
}

struct ExpectedDiagnostic: Decodable {
  /// `nil` for a problem with the input as a whole.
  var line: Int?
  /// `.some(nil)` when the file says `"column": null`; `nil` when it leaves the column out.
  var column: Int??
  var code: String
  var message: String?

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: VectorKey.self)
    try container.allowOnly(["line", "column", "code", "message"])
    guard container.contains("line") else { throw VectorError("a diagnostic has no \"line\"") }
    line = try container.decodeIfPresent(Int.self, forKey: "line")
    column =
      container.contains("column")
      ? .some(try container.decodeIfPresent(Int.self, forKey: "column")) : nil
    code = try container.decode(String.self, forKey: "code")
    message = try container.decodeIfPresent(String.self, forKey: "message")
  }
}

struct ExpectedCounts: Decodable {
  var lines: Int
  var records: Int
  var headers: Int
  var blank: Int
  var bad: Int
  var inputErrors: Int
  var form: String?

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: VectorKey.self)
    try container.allowOnly(["lines", "records", "headers", "blank", "bad", "inputErrors", "form"])
    lines = try container.decode(Int.self, forKey: "lines")
    records = try container.decode(Int.self, forKey: "records")
    headers = try container.decode(Int.self, forKey: "headers")
    blank = try container.decode(Int.self, forKey: "blank")
    bad = try container.decode(Int.self, forKey: "bad")
    inputErrors = try container.decode(Int.self, forKey: "inputErrors")
    form = try container.decodeIfPresent(String.self, forKey: "form")
  }
}

/// Any JSON object key, so that misspelt keys in a vector are reported instead of ignored.
struct VectorKey: CodingKey, ExpressibleByStringLiteral, Hashable {
  var stringValue: String
  var intValue: Int? { nil }

  init(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
  init(stringLiteral value: String) { stringValue = value }
}

extension KeyedDecodingContainer where Key == VectorKey {
  func allowOnly(_ allowed: Set<String>) throws {
    let unknown = allKeys.map(\.stringValue).filter { !allowed.contains($0) }.sorted()
    if !unknown.isEmpty {
      throw VectorError("unknown key(s) \(unknown.joined(separator: ", "))")
    }
  }
}

struct VectorError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

// MARK: - Running

/// Collects everything the reader hands on.
struct CollectingConsumer: FlowLogConsumer {
  var records: [FlowRecord] = []
  var diagnostics: [ReadDiagnostic] = []

  mutating func record(_ record: RecordLine) { records.append(record.makeRecord()) }
  mutating func diagnostic(_ diagnostic: ReadDiagnostic) { diagnostics.append(diagnostic) }
}

enum ConformanceRunner {
  static func load(_ file: VectorFile) throws -> ConformanceVector {
    let data = try Data(contentsOf: file.url)
    return try JSONDecoder().decode(ConformanceVector.self, from: data)
  }

  /// Reads the vector's input and returns every difference from what the vector expects.
  static func run(_ file: VectorFile) -> [String] {
    let vector: ConformanceVector
    do {
      vector = try load(file)
    } catch {
      return ["cannot decode the vector: \(error)"]
    }
    var format: FlowLogFormat? = nil
    if let text = vector.format {
      do {
        format = try FlowLogFormat(parsing: text)
      } catch {
        return ["the vector's format does not parse: \(error)"]
      }
    }
    let reader =
      vector.lineLimit.map { FlowLogReader(format: format, lineLimit: $0) }
      ?? FlowLogReader(format: format)
    var consumer = CollectingConsumer()
    let counts = reader.read(MemorySource(vector.input), into: &consumer)
    return compareRecords(vector.records, consumer.records)
      + compareDiagnostics(vector.diagnostics, consumer.diagnostics)
      + compareCounts(vector.counts, counts)
  }

  static func compareRecords(_ expected: [ExpectedRecord], _ actual: [FlowRecord]) -> [String] {
    var problems: [String] = []
    if expected.count != actual.count {
      problems.append(
        "expected \(expected.count) records (lines \(expected.map(\.line))), read \(actual.count)"
          + " (lines \(actual.map(\.line)))")
    }
    for (index, (want, got)) in zip(expected, actual).enumerated() {
      let label = "record \(index + 1)"
      if want.line != got.line {
        problems.append("\(label): expected line \(want.line), read line \(got.line)")
      }
      let names = got.format.fields.map(\.name)
      let missing = names.filter { want.fields[$0] == nil }
      if !missing.isEmpty {
        problems.append(
          "\(label): the record has fields the vector does not list: "
            + missing.joined(separator: ", "))
      }
      let extra = want.fields.keys.filter { got.format.index(of: $0) == nil }.sorted()
      if !extra.isEmpty {
        problems.append(
          "\(label): the vector lists fields the record does not have: "
            + extra.joined(separator: ", ") + " (record fields: \(got.format))")
      }
      for (position, name) in names.enumerated() {
        guard let wanted = want.fields[name] else { continue }
        let read = ExpectedValue(got.values[position])
        if wanted != read {
          problems.append("\(label) (line \(got.line)): \(name): expected \(wanted), read \(read)")
        }
      }
    }
    return problems
  }

  static func compareDiagnostics(_ expected: [ExpectedDiagnostic], _ actual: [ReadDiagnostic])
    -> [String]
  {
    var problems: [String] = []
    if expected.count != actual.count {
      let described = actual.map { diagnostic in
        "line \(diagnostic.line.map(String.init) ?? "null") column "
          + "\(diagnostic.column.map(String.init) ?? "null") \(diagnostic.problem.code): "
          + diagnostic.message
      }
      problems.append(
        "expected \(expected.count) diagnostics, read \(actual.count): "
          + (described.isEmpty ? "none" : described.joined(separator: "; ")))
    }
    for (index, (want, got)) in zip(expected, actual).enumerated() {
      let label = "diagnostic \(index + 1)"
      if want.line != got.line {
        problems.append(
          "\(label): expected line \(want.line.map(String.init) ?? "null"), read line "
            + (got.line.map(String.init) ?? "null"))
      }
      if let column = want.column, column != got.column {
        problems.append(
          "\(label): expected column \(column.map(String.init) ?? "null"), read column "
            + (got.column.map(String.init) ?? "null"))
      }
      if want.code != got.problem.code {
        problems.append("\(label): expected code \(want.code), read \(got.problem.code)")
      }
      if let message = want.message, message != got.message {
        problems.append("\(label): expected message \(message), read \(got.message)")
      }
    }
    return problems
  }

  static func compareCounts(_ expected: ExpectedCounts, _ actual: ReadCounts) -> [String] {
    let pairs: [(String, Int, Int)] = [
      ("lines", expected.lines, actual.lines),
      ("records", expected.records, actual.records),
      ("headers", expected.headers, actual.headers),
      ("blank", expected.blank, actual.blank),
      ("bad", expected.bad, actual.bad),
      ("inputErrors", expected.inputErrors, actual.inputErrors),
    ]
    var problems = pairs.filter { $0.1 != $0.2 }.map {
      "counts.\($0.0): expected \($0.1), read \($0.2)"
    }
    if let form = expected.form, form != actual.form.rawValue {
      problems.append("counts.form: expected \(form), read \(actual.form.rawValue)")
    }
    return problems
  }

  /// Checks a vector against itself, without the reader: a kebab-case name, counts that add up
  /// and agree with the lists, and records in line order.
  static func selfCheck(_ file: VectorFile) -> [String] {
    var problems: [String] = []
    let base = String(file.name.split(separator: "/").last ?? "").dropLast(".json".count)
    let isKebab =
      !base.isEmpty && !base.hasPrefix("-") && !base.hasSuffix("-") && !base.contains("--")
      && base.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    if !isKebab { problems.append("the file name is not kebab-case") }
    let vector: ConformanceVector
    do {
      vector = try load(file)
    } catch {
      return problems + ["cannot decode the vector: \(error)"]
    }
    let counts = vector.counts
    if counts.lines != counts.records + counts.headers + counts.blank + counts.bad {
      problems.append("counts.lines is not records + headers + blank + bad")
    }
    if counts.records != vector.records.count {
      problems.append("counts.records differs from the number of records listed")
    }
    let lineProblems = vector.diagnostics.filter { $0.line != nil }.count
    if counts.bad != lineProblems {
      problems.append("counts.bad differs from the number of diagnostics with a line")
    }
    if counts.inputErrors != vector.diagnostics.count - lineProblems {
      problems.append("counts.inputErrors differs from the number of diagnostics without a line")
    }
    let lines = vector.records.map(\.line)
    if lines != lines.sorted() || Set(lines).count != lines.count {
      problems.append("records are not in increasing line order")
    }
    if let unknown = vector.diagnostics.first(where: {
      !ReadDiagnostic.Problem.allCodes.contains($0.code)
    }) {
      problems.append("unknown diagnostic code \(unknown.code)")
    }
    return problems
  }
}
