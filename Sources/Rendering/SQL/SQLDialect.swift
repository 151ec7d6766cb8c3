/// The engines `flowcause sql` writes for, and everything its SQL says differently on each: one
/// function a row (docs/scale-out.md, "Dialects", is this table in words; `SQLDialectTests`
/// checks that the outputs of two dialects differ only where these functions are written).
package enum SQLDialect: String, CaseIterable, Sendable {
  /// Amazon Athena, engine version 3 (Trino's SQL).
  case athena
  case trino
  /// Apache Spark SQL 3.4 and later.
  case spark
  case duckdb

  /// The functions that differ, as text to put in the query.
  package struct Functions: Sendable {
    /// A column's name, quoted (`end` is a keyword everywhere).
    package var quoted: @Sendable (String) -> String
    /// Bitwise AND of two integers.
    package var bitAnd: @Sendable (String, String) -> String
    /// Equality under which two NULLs are equal.
    package var sameValue: @Sendable (String, String) -> String
    /// Integer division of non-negative integers.
    package var divide: @Sendable (String, String) -> String
    /// The string type of `CAST(… AS …)`.
    package var text: String
    /// A value of `x` at the row where `y` is largest (rows with `y` NULL left out).
    package var maxBy: @Sendable (String, String) -> String

    package init(
      quoted: @escaping @Sendable (String) -> String,
      bitAnd: @escaping @Sendable (String, String) -> String,
      sameValue: @escaping @Sendable (String, String) -> String,
      divide: @escaping @Sendable (String, String) -> String, text: String,
      maxBy: @escaping @Sendable (String, String) -> String
    ) {
      self.quoted = quoted
      self.bitAnd = bitAnd
      self.sameValue = sameValue
      self.divide = divide
      self.text = text
      self.maxBy = maxBy
    }
  }

  package var functions: Functions {
    switch self {
    case .athena, .trino:
      Functions(
        quoted: { "\"\($0)\"" }, bitAnd: { "bitwise_and(\($0), \($1))" },
        sameValue: { "(\($0) IS NOT DISTINCT FROM \($1))" }, divide: { "(\($0) / \($1))" },
        text: "VARCHAR", maxBy: { "max_by(\($0), \($1))" })
    case .spark:
      Functions(
        quoted: { "`\($0)`" }, bitAnd: { "(\($0) & \($1))" },
        sameValue: { "(\($0) <=> \($1))" }, divide: { "(\($0) div \($1))" },
        text: "STRING", maxBy: { "max_by(\($0), \($1))" })
    case .duckdb:
      Functions(
        quoted: { "\"\($0)\"" }, bitAnd: { "(\($0) & \($1))" },
        sameValue: { "(\($0) IS NOT DISTINCT FROM \($1))" }, divide: { "(\($0) // \($1))" },
        text: "VARCHAR", maxBy: { "arg_max(\($0), \($1))" })
    }
  }
}
