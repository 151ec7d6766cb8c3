/// A command line that cannot be run; the message says why.
struct BenchUsageError: Error {
  var message: String
  init(_ message: String) { self.message = message }
}

/// Options with values (`--records N`, `--records=N`) and flags, for one subcommand.
struct BenchArguments {
  private var values: [String: String] = [:]
  private var flags: Set<String> = []
  /// Arguments that are not options (only where a subcommand takes them).
  private(set) var positional: [String] = []

  init(
    _ arguments: ArraySlice<String>, valueOptions: Set<String>, flagOptions: Set<String>,
    allowsPositional: Bool = false
  ) throws(BenchUsageError) {
    var iterator = arguments.makeIterator()
    while let argument = iterator.next() {
      var name = argument
      var inlineValue: String? = nil
      if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
        name = String(argument[..<equals])
        inlineValue = String(argument[argument.index(after: equals)...])
      }
      if valueOptions.contains(name) {
        guard let value = inlineValue ?? iterator.next() else {
          throw BenchUsageError("\(name) needs a value")
        }
        if values[name] != nil { throw BenchUsageError("\(name) is given twice") }
        values[name] = value
      } else if flagOptions.contains(name) && inlineValue == nil {
        flags.insert(name)
      } else if !argument.hasPrefix("-") && allowsPositional {
        positional.append(argument)
      } else {
        throw BenchUsageError("unknown argument '\(argument)'")
      }
    }
  }

  func value(_ name: String) -> String? { values[name] }

  func flag(_ name: String) -> Bool { flags.contains(name) }

  /// A whole number of at least `minimum`; underscores and commas may group digits.
  func integer(_ name: String, default fallback: Int, minimum: Int = 1) throws(BenchUsageError)
    -> Int
  {
    guard let text = values[name] else { return fallback }
    let digits = text.filter { $0 != "_" && $0 != "," }
    guard let value = Int(digits), value >= minimum else {
      throw BenchUsageError(
        "\(name): expected a whole number of at least \(minimum), got '\(text)'")
    }
    return value
  }

  func seed(default fallback: UInt64) throws(BenchUsageError) -> UInt64 {
    guard let text = values["--seed"] else { return fallback }
    guard let value = UInt64(text) else {
      throw BenchUsageError("--seed: expected a whole number, got '\(text)'")
    }
    return value
  }

  /// `--format v2|v5` (and `both` when `allowBoth`).
  func formats(default fallback: [BenchFormat], allowBoth: Bool) throws(BenchUsageError)
    -> [BenchFormat]
  {
    guard let text = values["--format"] else { return fallback }
    if allowBoth && text == "both" { return BenchFormat.allCases }
    guard let format = BenchFormat(rawValue: text) else {
      throw BenchUsageError(
        "--format: expected v2\(allowBoth ? ", v5 or both" : " or v5"), got '\(text)'")
    }
    return [format]
  }
}
