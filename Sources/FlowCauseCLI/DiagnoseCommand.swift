import Analysis
import DiagnoseEngine
import FlowLogs
import Foundation
import NetworkPrimitives
import Rendering
import Topology

/// `flowcause diagnose [--topology PATH] [--format FORMAT] [--output text|json|jsonl|summary|md]
/// [--fields K,K,…] FILE ...`.
struct DiagnoseCommand {
  typealias Output = DiagnoseEngine.Output
  typealias FieldSelection = DiagnosisLineWriter.FieldSelection

  let inputs: [InputFile]
  let format: FlowLogFormat?
  let topologyPath: String?
  let output: Output
  /// `--fields`: the keys of each JSON Line (`nil`: every key).
  let fields: FieldSelection?
  let threads: Int
  /// `--max-errors`: the most bad lines of one input reported.
  let maxErrors: Int
  /// `--cloudwatch`/`--s3`: records fetched with the AWS CLI (AWS/LogFetch.swift).
  let fetch: LogFetch?
  /// No FILE and no fetch: standard input is read.
  let readsStandardInputUnasked: Bool
  /// `--interface`, `--port`, `--cause`, …: which REJECTs are reported, and the options as
  /// given.
  let filter: RejectFilter
  let filterText: String
  /// `--quiet`: no progress line.
  let quiet: Bool
  /// `--lang`: the language of the sentences (else the environment's).
  let languageOption: String?

  init(arguments: ArraySlice<String>) throws(UsageError) {
    let options: Set = [
      "--topology", "--format", "--output", "--threads", "--fields", "--max-errors", "--lang",
    ]
    let scanner = try ArgumentScanner(
      arguments,
      valueOptions: options.union(LogFetch.valueOptions).union(RejectFilterOptions.valueOptions),
      flagOptions: LogFetch.flagOptions.union(["--quiet"]))
    quiet = scanner.flag("--quiet")
    languageOption = try scanner.languageOption()
    let now = Int(Date().timeIntervalSince1970)
    fetch = try LogFetch.parse(scanner, now: now)
    // A follow reads and decides on one thread: what is decided is written between polls.
    threads =
      fetch?.poll != nil ? 1 : try scanner.threadsOption(default: ArgumentScanner.processors)
    maxErrors = try scanner.maxErrorsOption()
    (filter, filterText) = try RejectFilterOptions.parse(scanner, now: now)
    format = try Self.format(scanner, fetch: fetch, command: "diagnose")
    guard let output = Output(rawValue: scanner.value("--output") ?? "text") else {
      let given = scanner.value("--output") ?? ""
      let aliases = [
        "jsonlines": "jsonl", "json-lines": "jsonl", "ndjson": "jsonl", "markdown": "md",
        "txt": "text", "htm": "html",
      ]
      let near =
        (aliases[given.lowercased()]
        ?? NearMiss.nearest(to: given, among: ["text", "json", "jsonl", "summary", "md", "html"]))
        .map { " (did you mean \($0)?)" }
      throw UsageError("--output must be text, json, jsonl, summary, md or html\(near ?? "")")
    }
    self.output = output
    fields = try Self.fields(scanner.value("--fields"), output: output)
    topologyPath = scanner.value("--topology")
    readsStandardInputUnasked = fetch == nil && scanner.positional.isEmpty
    let names = scanner.positional.isEmpty ? ["-"] : scanner.positional
    inputs = names.map(InputFile.init(name:))
  }

  /// The format to read records with before a header line: `--format`, else the `LogFormat` of
  /// the flow log `fetch` reads (`describe-flow-logs.json`), else none (the default format). A
  /// format that lacks a field a diagnosis needs is a usage error naming the fields: none of its
  /// records could be diagnosed.
  static func format(_ scanner: ArgumentScanner, fetch: LogFetch?, command: String)
    throws(UsageError) -> FlowLogFormat?
  {
    let format: FlowLogFormat
    let origin: String
    if let given = try scanner.formatOption() {
      (format, origin) = (given, "--format")
    } else if let fetch, let logFormat = try fetch.logFormat(topology: scanner.value("--topology"))
    {
      (format, origin) = (
        logFormat, "the LogFormat of the flow log delivering to \(fetch.destination)"
      )
    } else {
      return nil
    }
    let missing = FlowObservation.missingFields(in: format)
    guard missing.isEmpty else {
      throw UsageError("\(origin) \(DiagnosticRenderer.formatLacks(missing, command: command))")
    }
    return format
  }

  /// Without `--format` or a fetch, the format of each local file (or standard input) without a
  /// header line, from the `describe-flow-logs.json` that `flowcause collect` saved in the
  /// `--topology` folder (``FlowLogCatalog/format(forFile:)``), and a note for each format
  /// taken; a format that lacks a field diagnosis needs is an error.
  static func savedFormats(_ files: [String], topology: String?) -> Result<
    ([FlowLogFormat?], [String]), UsageError
  > {
    guard let catalog = FlowLogCatalog.load(topology: topology) else { return .success(([], [])) }
    var formats: [FlowLogFormat?] = []
    var notes: [String] = []
    var noted: Set<String> = []
    for file in files {
      // Standard input has no name: the folder's one LogFormat, if its flow logs agree.
      guard let (format, logs) = catalog.format(forFile: file) else {
        formats.append(nil)
        continue
      }
      let ids = logs.map(\.id).joined(separator: ", ")
      let missing = FlowObservation.missingFields(in: format)
      guard missing.isEmpty else {
        return .failure(
          UsageError(
            "the LogFormat of \(ids) in \(FlowLogCatalog.fileName) "
              + DiagnosticRenderer.formatLacks(missing, command: "diagnose")))
      }
      formats.append(format)
      if noted.insert(ids).inserted {
        notes.append(DiagnosticRenderer.savedFormat(ids: ids, folder: topology ?? ""))
      }
    }
    return .success((formats, notes))
  }

  /// `--address` with an ENI's public IPv4 address (or a block holding some) also matches the
  /// private ones: a flow log records the ENI's primary private address in `srcaddr`/`dstaddr`,
  /// even for traffic to its public address (Amazon VPC User Guide, "Flow log records":
  /// srcaddr, dstaddr). Returns the filter and a note for each address mapped.
  static func privateAddresses(for filter: RejectFilter, topology: Topology) -> (
    RejectFilter, [String]
  ) {
    var mapped = filter
    var notes: [String] = []
    for cidr in filter.addresses where !cidr.isIPv6 {
      for eni in topology.networkInterfaces.values.sorted(by: { $0.id < $1.id }) {
        for address in eni.publicIPv4s
        where cidr.contains(address.publicIP)
          && !filter.addresses.contains(where: {
            $0.contains(address.privateIP)
          })
        {
          guard let inside = CIDR(network: address.privateIP, prefixLength: 32),
            !mapped.addresses.contains(inside)
          else { continue }
          mapped.addresses.append(inside)
          notes.append(
            "flowcause diagnose: note: --address \(address.publicIP) is the public address of "
              + "\(eni.id); its flow log records carry the private address \(address.privateIP), "
              + "which is matched too\n")
        }
      }
    }
    return (mapped, notes)
  }

  /// `--fields K,K,…`: only with `--output jsonl`, and only the keys of a JSON Line.
  static func fields(_ text: String?, output: Output) throws(UsageError) -> FieldSelection? {
    guard let text else { return nil }
    guard output == .jsonl else {
      throw UsageError(DiagnosticRenderer.fieldsNeedJSONLines(output: output.rawValue))
    }
    switch FieldSelection.parse(text) {
    case nil: throw UsageError(DiagnosticRenderer.unknownField(nil))
    case .failure(let unknown): throw UsageError(DiagnosticRenderer.unknownField(unknown.name))
    case .success(let selection): return selection
    }
  }

  func run(io: CommandIO) -> ExitCode {
    AllocatorTuning.apply()
    var topology: Topology? = nil
    if let topologyPath {
      switch TopologyInput.loadReporting(path: topologyPath, io: io) {
      case .failure(let exit): return exit
      case .success(let loaded): topology = loaded
      }
    }
    let follow = fetch?.poll.map(FollowSession.init(poll:))
    let inputs: [InputFile]
    switch LogFetch.resolve(
      fetch, files: self.inputs, topology: topologyPath, follow: follow, io: io)
    {
    case .failure(let exit): return exit
    case .success(let resolved): inputs = InputFile.expandingDirectories(resolved)
    }
    let files = inputs.map(\.name)
    // JSON Lines run to about a kilobyte per REJECT: into a file, they skip the page cache.
    if output == .jsonl, let file = io.stdout as? FileDescriptorWriter { file.writeDirectly() }
    var options = DiagnoseEngine.Options(
      output: output, files: files, topology: topology, format: format, threads: threads,
      fields: fields)
    options.language = io.language(languageOption, command: "diagnose")
    if format == nil, fetch == nil {
      switch Self.savedFormats(files, topology: topologyPath) {
      case .failure(let error):
        io.stderr.write("flowcause diagnose: error: \(error.message)\n")
        return .usage
      case .success(let (formats, notes)):
        options.formats = formats
        for note in notes { io.stderr.write(note) }
      }
    }
    options.maxErrors = maxErrors
    if output == .html {
      // The records a report quotes, read again from the files (not standard input, nor a
      // fetch).
      options.recordLines = { file, lines in
        guard let input = inputs[safe: file], input.opener == nil, input.name != "-",
          case .success(let opened) = input.open(io: io)
        else { return nil }
        defer { opened.close() }
        return QuotedLines.read(lines, from: opened.source)
      }
      options.written = Int64(Date().timeIntervalSince1970)
      options.localOffset = TimeZone.current.secondsFromGMT()
      options.version = FlowCauseCommand.version
    }
    options.filter = filter
    if let topology {
      let (mapped, notes) = Self.privateAddresses(for: filter, topology: topology)
      options.filter = mapped
      for note in notes { io.stderr.write(note) }
    }
    // With a fetch, --since and --until also chose what was fetched: not worth a line of their
    // own when they are all the filter is.
    options.filterText = filterText
    if fetch != nil, filter.isTimeOnly { options.filterText = "" }
    // A progress line on a terminal's standard error (a fetch has its own).
    var progressLine: ReadingProgressLine? = nil
    // (Not when JSON Lines stream to the same terminal: the line would cut through them.)
    if !quiet, fetch == nil, FetchProgress.stderrIsTerminal, io.stderr is FileDescriptorWriter,
      !(output == .jsonl && isatty(1) == 1)
    {
      let progress = ReadProgress()
      options.progress = progress
      progressLine = ReadingProgressLine(
        stderr: io.stderr, progress: progress,
        totalBytes: ReadingProgressLine.totalBytes(of: inputs))
    }
    // A follow: a running summary at the foot of a terminal, and each REJECT as decided.
    var status: FollowStatus? = nil
    if follow != nil {
      options.live = true
      options.progress = ReadProgress()
      if !quiet, FetchProgress.stderrIsTerminal, io.stderr is FileDescriptorWriter {
        status = FollowStatus(stderr: io.stderr)
      }
    }
    let stdout = status?.writer(io.stdout) ?? io.stdout
    let stderr = status?.writer(io.stderr) ?? progressLine?.messages ?? io.stderr
    var engine = DiagnoseEngine(options, stdout: stdout, stderr: stderr)
    if let follow, case .cloudWatch(let group, _)? = fetch?.source {
      let live = engine.liveOutput
      let progress = options.progress
      follow.idle = { [unowned follow] in
        live.flush()
        status?.draw(
          FollowStatus.lines(
            group: "log group \(group)", poll: follow.poll, events: follow.eventsRead,
            rejectsRead: follow.rejectsRead, rejects: progress?.rejects ?? 0,
            patterns: DiagnosisRenderer.topPatternLines(live.summary, limit: FollowStatus.listed)))
      }
      follow.installInterruptHandlers()
    }
    var unopened = 0
    var exit = ExitCode.success
    let queue = InputQueue(inputs, io: io, readAhead: threads > 1)
    while let (index, input, opening) = queue.nextInput() {
      switch opening {
      case .failure(let error):
        unopened += 1
        io.stderr.write(DiagnosticRenderer.cannotOpen(input.name, reason: error.reason))
        exit = exit.worst(.noInput)
      case .success(let opened):
        MappedInputGuard.reading(input.name)
        let counts = engine.read(opened.source, file: index)
        opened.close()
        if counts.bad > 0 || counts.inputErrors > 0 { exit = exit.worst(.dataError) }
      }
    }
    // When no input could be opened nothing was read: no answer is written ("No REJECT
    // records.", or an empty document, would read as one), only the errors and the summary.
    progressLine?.stop()
    status?.clear()
    if unopened < inputs.count || inputs.isEmpty { engine.finish() }
    if engine.unusableHeaders > 0 { exit = exit.worst(.dataError) }
    io.stdout.flush()
    io.stderr.write(
      DiagnosticRenderer.summary(
        engine.counts, files: inputs.count, unopened: unopened, language: engine.language))
    for warning in engine.warnings() { io.stderr.write(warning) }
    return exit
  }
}
