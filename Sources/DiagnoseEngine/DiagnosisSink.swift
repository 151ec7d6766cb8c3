import Analysis
import Dispatch
import FlowLogs
import Messages
import NetworkPrimitives
import Rendering

/// Receives the REJECTs whose window has closed, in input order, and decides them: on `threads`
/// worker threads in batches while reading goes on (one thread: right here). JSON Lines are
/// written as batches complete, in input order; for a summary (`--output summary`, and the
/// patterns of the text output) each batch's worker decides the words to count, and they are
/// counted one REJECT at a time in input order; `--output json` keeps the diagnoses (its
/// document lists them all).
final class DiagnosisSink {
  let output: DiagnoseEngine.Output
  /// `--fields`: the keys each JSON Line holds (`nil`: every key).
  let fields: DiagnosisLineWriter.FieldSelection?
  let stdout: any ByteWriter
  let threads: Int
  /// Which REJECTs are reported (`--interface`, `--port`, `--cause`, …; empty: all).
  let filter: RejectFilter
  /// Whether the filter has any criterion, and one on the diagnosis (asked once, not per
  /// REJECT).
  private let filtering: Bool
  /// Counts the REJECTs met, for a progress line.
  private let progress: ReadProgress?
  private let filteringDecided: Bool
  /// REJECTs the filter left out: on the record before deciding, here; on the diagnosis, by
  /// each batch, added as batches complete.
  private(set) var filteredOut = 0
  /// From the first `start` to the last `end` of the REJECTs the filter left out.
  private(set) var leftOutSpan = RejectSummary.TimeSpan()
  /// Of the REJECTs reported, those whose interface is in the topology.
  private(set) var coverage = Coverage()
  /// The same of every REJECT diagnosed, the filters aside (stderr's warning is about the
  /// topology and the logs, whatever is reported).
  private(set) var coverageRead = Coverage()
  /// `--output json`: every diagnosis (the document lists them all).
  private(set) var kept: [Diagnosis] = []
  /// `--output summary` and `text`: the counts of the batches counted so far (for text, with
  /// the first REJECT of each pattern kept). The output queue counts them while batches
  /// are in flight; read it after ``finish()``.
  var rejectSummary: RejectSummary { counted.summary }
  private let counted: CountedSummary
  private let lineWriter: DiagnosisLineWriter
  /// Templates of the commonest diagnoses (``DiagnosisLineWriter/Template``).
  private let templates = DiagnosisLineWriter.TemplatePool()
  /// The memos of the summary's decisions (``VerdictMemo``), for the outputs that count.
  private let memos: VerdictMemo.Pool?
  /// The one thread's memo, without workers.
  private lazy var soloMemo: VerdictMemo? = memos?.take()
  /// The one thread's cache, without workers.
  private let soloCache = DiagnosisLineWriter.TemplateCache()
  private var buffer = ByteBuffer(capacity: 1 << 17)
  private var batch: [StreamingDiagnoser.Pending] = []
  /// Batches handed to workers, oldest first.
  private var inFlight: [Batch] = []
  /// Decided batches are written out on a queue of their own, in order, so that the reading
  /// thread (the busiest) does not copy their bytes to the output; at most `outputSlots`
  /// batches wait there.
  private let outputQueue = DispatchQueue(label: "flowcause.diagnose-output")
  private let outputSlots = DispatchSemaphore(value: 4)
  static let batchSize = 1024

  /// One batch's work, shared between the reading thread and a worker.
  final class Batch: @unchecked Sendable {
    enum Work {
      /// JSON Lines: whole (from templates where they fit), or the keys of `--fields`.
      case lines(DiagnosisLineWriter, DiagnosisLineWriter.FieldSelection?)
      /// The batch's counts for `--output summary`, `text` and `md`.
      case summary
      /// The diagnoses themselves (`--output json`).
      case diagnoses
    }

    let items: [StreamingDiagnoser.Pending]
    let work: Work
    let templates: DiagnosisLineWriter.TemplatePool
    let memos: VerdictMemo.Pool?
    /// The filter's criteria on the diagnosis, when it has any (the record's were checked
    /// before the batch was made).
    let filter: RejectFilter?
    var bytes = ByteBuffer(capacity: 1)
    var diagnoses: [Diagnosis] = []
    /// For a summary: the words of each REJECT to count, and the REJECTs (those the filter
    /// kept), in input order. They are counted one by one on one thread
    /// (``count(into:)``): adding to one summary costs less than merging a table a batch,
    /// and the counts do not depend on how REJECTs were batched.
    var verdicts: [Diagnosis.Words] = []
    var counted: [StreamingDiagnoser.Pending] = []
    /// REJECTs of the batch the filter left out, and their time.
    var filteredOut = 0
    var leftOutSpan = RejectSummary.TimeSpan()
    /// Of the batch's REJECTs reported, those whose interface is in the topology.
    var coverage = Coverage()
    let done = DispatchSemaphore(value: 0)

    init(
      items: [StreamingDiagnoser.Pending], work: Work,
      templates: DiagnosisLineWriter.TemplatePool, memos: VerdictMemo.Pool?, filter: RejectFilter?
    ) {
      self.memos = memos
      self.items = items
      self.work = work
      self.templates = templates
      self.filter = filter
    }

    func run() {
      if let filter {
        runFiltered(filter)
        return
      }
      for item in items { coverage.add(item) }
      switch work {
      case .lines(let lineWriter, nil):
        bytes = ByteBuffer(capacity: items.count * 1024)
        let cache = templates.take()
        for item in items { lineWriter.append(item, cache: cache, to: &bytes) }
        templates.give(cache)
      case .lines(let lineWriter, let selection?):
        bytes = ByteBuffer(capacity: items.count * (16 + 24 * selection.fields.count))
        let memo = memos?.take()
        for item in items { lineWriter.append(item, selecting: selection, memo: memo, to: &bytes) }
        if let memo { memos?.give(memo) }
      case .summary:
        counted = items
        verdicts.reserveCapacity(items.count)
        if let memos {
          let memo = memos.take()
          for item in items { verdicts.append(memo.verdict(item)) }
          memos.give(memo)
        } else {
          for item in items { verdicts.append(Diagnosis.Words(item)) }
        }
      case .diagnoses:
        diagnoses = items.map { $0.decide() }
      }
    }

    /// ``run()`` with a filter on the diagnosis: each REJECT decided (quickly where it can),
    /// and only those it keeps written or counted.
    private func runFiltered(_ filter: RejectFilter) {
      let cache = templates.take()
      defer { templates.give(cache) }
      bytes = ByteBuffer(capacity: 1 << 16)
      for item in items {
        guard let decided = Decided(item, filter: filter) else {
          filteredOut += 1
          leftOutSpan.add(start: item.record.start, end: item.record.end)
          continue
        }
        coverage.add(item)
        switch (work, decided) {
        case (.lines(let writer, nil), .quick(let quick)):
          writer.append(quick, record: item.record, cache: cache, general: item.decide, to: &bytes)
        case (.lines(let writer, let selection?), .quick(let quick))
        where !selection.needsDiagnosis:
          writer.append(item.record, quick: quick, selecting: selection, to: &bytes)
        case (.lines(let writer, let selection), _):
          let diagnosis = decided.diagnosis(item)
          if let selection {
            writer.append(diagnosis, selecting: selection, to: &bytes)
          } else {
            writer.append(diagnosis, to: &bytes)
          }
        case (.summary, .quick(let quick)):
          counted.append(item)
          verdicts.append(Diagnosis.Words(quick))
        case (.summary, .general(let diagnosis)):
          counted.append(item)
          verdicts.append(Diagnosis.Words(diagnosis))
        case (.diagnoses, _): diagnoses.append(decided.diagnosis(item))
        }
      }
    }

    /// Counts the batch's REJECTs, in input order.
    func count(into summary: inout RejectSummary) {
      for (item, verdict) in zip(counted, verdicts) { summary.add(item, verdict: verdict) }
    }
  }

  /// REJECTs reported, those whose interface is in the topology, and the first, in input
  /// order, whose interface is not.
  struct Coverage {
    var rejects = 0
    var inTopology = 0
    var firstOutside: FlowObservation? = nil

    mutating func add(_ item: StreamingDiagnoser.Pending) {
      rejects += 1
      if item.interfaceInTopology {
        inTopology += 1
      } else if firstOutside == nil {
        firstOutside = item.record
      }
    }

    /// Adds the counts of the REJECTs that follow.
    mutating func merge(_ later: Coverage) {
      rejects += later.rejects
      inTopology += later.inTopology
      if firstOutside == nil { firstOutside = later.firstOutside }
    }
  }

  /// A REJECT decided for the filter's criteria on the diagnosis: as a ``QuickDiagnosis`` when
  /// it has that shape, else the general way; `nil` when the filter leaves it out.
  enum Decided {
    case quick(QuickDiagnosis)
    case general(Diagnosis)

    init?(_ item: StreamingDiagnoser.Pending, filter: RejectFilter) {
      if let quick = item.decideQuickly() {
        guard filter.keeps(cause: quick.cause, confidence: quick.confidence) else { return nil }
        self = .quick(quick)
      } else {
        let diagnosis = item.decide()
        guard filter.keeps(cause: diagnosis.cause, confidence: diagnosis.confidence) else {
          return nil
        }
        self = .general(diagnosis)
      }
    }

    /// The diagnosis itself (decided again, the general way, for a quick one).
    func diagnosis(_ item: StreamingDiagnoser.Pending) -> Diagnosis {
      switch self {
      case .quick: item.decide()
      case .general(let diagnosis): diagnosis
      }
    }
  }

  /// The summary of the batches counted so far: only the output queue touches it while
  /// batches are in flight, and ``finish()`` waits for the queue before it is read.
  private final class CountedSummary: @unchecked Sendable {
    var summary: RejectSummary
    init(keepsWords: Bool) { summary = RejectSummary(keepsWords: keepsWords) }
  }

  /// Whether the summary keeps the first REJECT of each pattern in words: the text and
  /// Markdown outputs show them.
  private let keepsWords: Bool
  /// `diagnose --follow` with text output (one thread): each REJECT is also written on a line
  /// of its own as it is decided (``DiagnosisRenderer/liveLine(_:files:)``).
  var writesLiveLines = false
  private let files: [String]

  init(
    output: DiagnoseEngine.Output, fields: DiagnosisLineWriter.FieldSelection? = nil,
    files: [String], stdout: any ByteWriter, threads: Int, filter: RejectFilter = RejectFilter(),
    progress: ReadProgress? = nil, cells: DecisionCells? = nil, language: Language = .en
  ) {
    self.progress = progress
    self.output = output
    self.filter = filter
    filtering = !filter.isEmpty
    filteringDecided = filter.needsDiagnosis
    self.fields = fields
    self.stdout = stdout
    self.threads = threads
    var lineWriter = DiagnosisLineWriter(files: files)
    lineWriter.language = language
    self.lineWriter = lineWriter
    self.files = files
    keepsWords = output == .text || output == .md || output == .html
    memos = cells.map { VerdictMemo.Pool(cells: $0) }
    counted = CountedSummary(keepsWords: keepsWords)
  }

  func emit(_ pending: StreamingDiagnoser.Pending) {
    coverageRead.add(pending)
    progress?.addReject()
    if filtering && !filter.keeps(pending.record) {
      filteredOut += 1
      leftOutSpan.add(start: pending.record.start, end: pending.record.end)
      return
    }
    guard threads > 1 else {
      if !writesLiveLines
        && (output == .summary || output == .text || output == .md || output == .html)
      {
        // Counted in batches as workers count them, so that the summary is the same on any
        // number of threads (a full table makes room at the same REJECT).
        batch.append(pending)
        if batch.count >= Self.batchSize { countBatchHere() }
        return
      }
      if filteringDecided {
        // One batch of one, on this thread.
        let work = Batch(
          items: [pending], work: work, templates: templates, memos: memos, filter: filter)
        work.run()
        tally(work)
        switch output {
        case .jsonl:
          buffer.append(work.bytes.bytes)
          if buffer.count >= 1 << 16 { flushBuffer() }
        case .summary, .text, .md, .html:
          work.count(into: &counted.summary)
        case .json: for diagnosis in work.diagnoses { take(diagnosis) }
        }
        return
      }
      coverage.add(pending)
      switch output {
      case .jsonl:
        if let fields {
          lineWriter.append(pending, selecting: fields, memo: soloMemo, to: &buffer)
        } else {
          lineWriter.append(pending, cache: soloCache, to: &buffer)
        }
        if buffer.count >= 1 << 16 { flushBuffer() }
      case .text where writesLiveLines:
        let diagnosis = pending.decide()
        counted.summary.add(diagnosis)
        buffer.append(DiagnosisRenderer.liveLine(diagnosis, files: files))
      case .summary, .text, .md, .html:
        counted.summary.add(pending)
      case .json:
        take(pending.decide())
      }
      return
    }
    batch.append(pending)
    if batch.count >= Self.batchSize { dispatch() }
  }

  /// One thread: counts the batch on this thread and merges it.
  private func countBatchHere() {
    let work = Batch(
      items: batch, work: .summary, templates: templates, memos: memos,
      filter: filteringDecided ? filter : nil)
    batch = []
    work.run()
    tally(work)
    work.count(into: &counted.summary)
  }

  private func take(_ diagnosis: Diagnosis) {
    switch output {
    case .jsonl:
      lineWriter.append(diagnosis, to: &buffer)
      if buffer.count >= 1 << 16 { flushBuffer() }
    case .json: kept.append(diagnosis)
    case .summary, .text, .md, .html: counted.summary.add(diagnosis)
    }
  }

  /// What a batch does for this output.
  private var work: Batch.Work {
    switch output {
    case .jsonl: .lines(lineWriter, fields)
    case .summary, .text, .md, .html: .summary
    case .json: .diagnoses
    }
  }

  private func dispatch() {
    let work = Batch(
      items: batch, work: work, templates: templates, memos: memos,
      filter: filteringDecided ? filter : nil)
    batch = []
    inFlight.append(work)
    DispatchQueue.global(qos: .utility).async {
      work.run()
      work.done.signal()
    }
    // Bound the memory held by batches in flight: wait for the oldest beyond two per thread.
    while inFlight.count > 2 * threads { complete(inFlight.removeFirst()) }
  }

  private func complete(_ work: Batch) {
    work.done.wait()
    tally(work)
    switch output {
    case .jsonl:
      outputSlots.wait()
      let writer = SendableWriter(writer: stdout)
      let slots = outputSlots
      outputQueue.async {
        writer.writer.write(work.bytes.bytes)
        slots.signal()
      }
    case .summary, .text, .md, .html:
      // Counted in input order on the output queue, off the reading thread.
      outputSlots.wait()
      let counted = self.counted
      let slots = outputSlots
      outputQueue.async {
        work.count(into: &counted.summary)
        slots.signal()
      }
    case .json: kept.append(contentsOf: work.diagnoses)
    }
  }

  /// Takes the counts of a batch decided, the batches in input order.
  private func tally(_ work: Batch) {
    filteredOut += work.filteredOut
    leftOutSpan.merge(work.leftOutSpan)
    coverage.merge(work.coverage)
  }

  /// Decides what is still queued and writes every JSON Line held back, in order.
  func finish() {
    if !batch.isEmpty { threads > 1 ? dispatch() : countBatchHere() }
    while !inFlight.isEmpty { complete(inFlight.removeFirst()) }
    outputQueue.sync {}
    flushBuffer()
  }

  /// Puts in words the first REJECT of the `count` patterns with the most REJECTs whose words
  /// were deferred. After ``finish()``.
  func resolveWords(listed count: Int) {
    counted.summary.resolveWords(for: counted.summary.patterns.top(count).map(\.key))
  }

  /// Writes the lines held back (JSON Lines, or the live lines of a follow): one thread only,
  /// between records.
  func flushHeld() {
    flushBuffer()
  }

  /// The output, handed to the output queue: only that queue writes to it while batches are
  /// being written, and `finish` waits for the queue before anything else writes.
  private struct SendableWriter: @unchecked Sendable {
    let writer: any ByteWriter
  }

  private func flushBuffer() {
    guard buffer.count > 0 else { return }
    stdout.write(buffer.bytes)
    buffer.removeAll()
  }
}
