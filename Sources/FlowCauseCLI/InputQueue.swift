import FlowLogs

/// Hands out the inputs of `diagnose` and `parse` in order, each opened a few inputs before it
/// is read and, from then on, read ahead on a thread of its own (gzip decompressed there): the
/// next objects of a day of `.log.gz` files, or the next S3 objects' `aws s3 cp`, are under way
/// while the current one is analysed. Plain regular files are only opened early (the reader
/// maps them). Memory: at most four 1 MiB chunks for each input ahead.
///
/// An input that cannot be opened is handed out in its place, with the reason, so that errors
/// are reported in input order.
final class InputQueue {
  /// How many inputs are opened ahead of the one being read, when reading ahead.
  static let depth = 3

  typealias Opening = Result<InputFile.OpenedInput, InputFile.OpenError>

  private let inputs: [InputFile]
  private let io: CommandIO
  private let lookahead: Int
  private var opened: [Int: Opening] = [:]
  private var next = 0

  /// `readAhead`: false (one thread) opens each input when it is its turn, as it always was.
  init(_ inputs: [InputFile], io: CommandIO, readAhead: Bool) {
    self.inputs = inputs
    self.io = io
    lookahead = readAhead ? Self.depth : 0
  }

  /// Closes the inputs opened ahead and never handed out.
  deinit {
    for case .success(let input) in opened.values { input.close() }
  }

  /// The next input, its place among the inputs, and how opening it went; nil after the last.
  func nextInput() -> (index: Int, input: InputFile, opening: Opening)? {
    guard next < inputs.count else { return nil }
    let index = next
    next += 1
    for ahead in index...min(index + lookahead, inputs.count - 1) where opened[ahead] == nil {
      opened[ahead] = open(ahead)
    }
    let opening = opened.removeValue(forKey: index) ?? open(index)
    return (index, inputs[index], opening)
  }

  private func open(_ index: Int) -> Opening {
    let input = inputs[index]
    return input.open(io: io).map { opened in
      guard lookahead > 0, input.readsAhead else { return opened }
      var opened = opened
      opened.source = FlowLogReader.readingAhead(opened.source)
      opened.readAhead = opened.source as? ReadAheadSource
      return opened
    }
  }
}
