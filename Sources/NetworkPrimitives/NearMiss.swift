/// The name a misspelt one was meant to be, for "did you mean": a flow log field, a `--fields`
/// key, an option, a command.
public enum NearMiss {
  /// The name of `candidates` that `name` is fewest edits from, when that is one edit for a name
  /// of up to four characters, two for a longer one (`acton` → `action`, `--topolgy` →
  /// `--topology`, `diagnoes` → `diagnose`); `nil` when none is that near. Among names equally
  /// near, the first in `candidates` is given. `name` itself, when it is a candidate, is given
  /// back (distance 0): callers that take a known name check it first.
  ///
  /// Edits are Damerau–Levenshtein's (``editDistance(_:_:)``).
  public static func nearest(to name: String, among candidates: [String]) -> String? {
    let bytes = Array(name.utf8)
    let allowed = bytes.count <= 4 ? 1 : 2
    var best: (name: String, distance: Int)? = nil
    for candidate in candidates {
      // The distance is at least the difference in length.
      guard abs(candidate.utf8.count - bytes.count) <= allowed else { continue }
      let distance = editDistance(bytes, Array(candidate.utf8))
      if distance <= allowed && distance < (best?.distance ?? .max) {
        best = (candidate, distance)
      }
    }
    return best?.name
  }

  /// The Damerau–Levenshtein distance between two byte strings: the fewest insertions,
  /// deletions, substitutions and transpositions of two adjacent bytes that turn one into the
  /// other (the unrestricted form, Lowrance and Wagner's algorithm: a substring may be edited
  /// after a transposition).
  public static func editDistance(_ left: [UInt8], _ right: [UInt8]) -> Int {
    if left.isEmpty { return right.count }
    if right.isEmpty { return left.count }
    let infinity = left.count + right.count
    // `table[(i + 1) * width + (j + 1)]` is the distance between the first `i` bytes of
    // `left` and the first `j` of `right`; row and column 0 hold the sentinel `infinity`.
    let width = right.count + 2
    var table = [Int](repeating: 0, count: (left.count + 2) * width)
    table[0] = infinity
    for i in 0...left.count {
      table[(i + 1) * width] = infinity
      table[(i + 1) * width + 1] = i
    }
    for j in 0...right.count {
      table[j + 1] = infinity
      table[width + j + 1] = j
    }
    // The last row of `left` holding each byte value, 0 for none yet.
    var lastRow = [Int](repeating: 0, count: 256)
    for i in 1...left.count {
      // The last column of `right`, in this row, whose byte equals `left[i - 1]`.
      var lastMatch = 0
      for j in 1...right.count {
        let k = lastRow[Int(right[j - 1])]
        let l = lastMatch
        var cost = 1
        if left[i - 1] == right[j - 1] {
          cost = 0
          lastMatch = j
        }
        table[(i + 1) * width + j + 1] = min(
          table[i * width + j] + cost,
          table[(i + 1) * width + j] + 1,
          table[i * width + j + 1] + 1,
          table[k * width + l] + (i - k - 1) + 1 + (j - l - 1))
      }
      lastRow[Int(left[i - 1])] = i
    }
    return table[(left.count + 1) * width + right.count + 1]
  }
}
