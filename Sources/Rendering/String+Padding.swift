extension String {
  /// The string with spaces before it, `width` characters in all.
  package func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
