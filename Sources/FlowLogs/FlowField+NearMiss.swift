import NetworkPrimitives

extension FlowField {
  /// Every name the reader recognises: the known fields, then the names kept as strings.
  public static let allNames: [String] = allKnown.map(\.name) + namesKeptAsStrings

  private static let recognised = Set(allNames)

  /// The recognised name that `name` (hyphens or underscores) is a misspelling of: the one it is
  /// fewest edits from, when that is one edit for a name of up to four characters, two for a
  /// longer one (`acton` → `action`, `scrport` → `srcport`, `prtcol` → `protocol`). `nil` for a
  /// recognised name, and for one farther from every recognised name, which is taken for a
  /// field AWS added since (a short name gets one edit only: `dns` is two from `end`).
  ///
  /// Edits are Damerau–Levenshtein's (``NearMiss/editDistance(_:_:)``); among names equally
  /// near, the first in ``allNames`` is given.
  public static func nearMiss(of name: String) -> String? {
    let hyphenated = String(name.map { $0 == "_" ? "-" : $0 })
    guard !recognised.contains(hyphenated) else { return nil }
    return NearMiss.nearest(to: hyphenated, among: allNames)
  }
}
