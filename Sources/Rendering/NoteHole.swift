/// A place in a sentence written as a template: the packet value that goes there, and where.
package struct NoteHole: Hashable, Sendable {
  package enum Value: Hashable, Sendable {
    case sourceAddress, destinationAddress, destinationPort
    /// The line of a reply's request (``QuickDiagnosis``).
    case requestLine
  }

  /// The offset in the buffer the template was written to.
  package var offset: Int
  package var value: Value
}
