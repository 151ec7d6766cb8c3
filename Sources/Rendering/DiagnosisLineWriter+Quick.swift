import Analysis
import FlowLogs
import NetworkPrimitives

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The JSON Lines of the commonest diagnosis (``QuickDiagnosis``), written from a template.
///
/// Every diagnosis of one ``QuickDiagnosis/Key`` has the same bytes from `,"cause":` to the
/// end of its line, except the packet's address and port in its explanations and its related
/// records. A template holds those bytes once, with the places of the rest (``Template/Hole``);
/// writing a line is then the record's own fields, a few copies and the holes filled, instead
/// of a `Diagnosis` built and walked (docs/performance.md, "Where flowcause stands").
///
/// A template is made the second time its key is met, and kept only if, filled for that
/// record, it gives exactly the bytes the general writer gives for the general diagnosis (which
/// that record is written with); otherwise the key is remembered as having none, and its
/// records take the general path. `QuickDiagnosisTests` compares both on simulated traffic.
extension DiagnosisLineWriter {
  /// A class: looking a template up hands on one reference, not its two arrays.
  package final class Template: Sendable {
    package enum Hole: Sendable {
      case note(NoteHole.Value)
      case related
      /// The record's own addresses and ports.
      case source, destination, sourcePort, destinationPort
    }

    /// The bytes from `,"interface-id":` to the newline, without the holes' values.
    package let bytes: [UInt8]
    /// The holes in order, each at an offset in `bytes`.
    package let holes: [(offset: Int, hole: Hole)]

    package init(bytes: [UInt8], holes: [(offset: Int, hole: Hole)]) {
      self.bytes = bytes
      self.holes = holes
    }
  }

  /// The templates one worker has made, by key. One worker uses a cache at a time;
  /// ``TemplatePool`` hands them out.
  package final class TemplateCache: @unchecked Sendable {
    /// What a cache knows of a key.
    package enum Entry {
      /// Met once: its records were written the general way. A template is made the second
      /// time, so that keys met once (many ENIs, each rejecting one thing) cost no template.
      case seen
      /// Its template, or `nil` when it has none (a sentence needs escaping, or the template
      /// did not reproduce the general writer's bytes).
      case made(Template?)
    }

    /// Keys beyond this empty the cache (a port scan over many ENIs makes a key per ENI and
    /// entry, not per port: ports are holes), so memory stays bounded whatever the input.
    package static let limit = 4096

    /// One place of the table: a key and what is known of it, or empty.
    private struct Place {
      var key: QuickDiagnosis.Key?
      var entry: Entry = .seen
    }

    /// An open-addressed table of twice `limit` places, probed linearly from the key's own
    /// mixed word (``QuickDiagnosis/Key/mixed``). A `Dictionary` hashed that word again with
    /// SipHash and checked exclusive access on every REJECT, some 400 instructions of about
    /// 3,000; the places sit behind a pointer that never changes, so a look-up is a few loads.
    private static let places = 2 * limit
    private let table: UnsafeMutablePointer<Place>
    /// Keys in the table.
    package private(set) var count = 0

    package init() {
      table = .allocate(capacity: Self.places)
      table.initialize(repeating: Place(), count: Self.places)
    }

    deinit {
      table.deinitialize(count: Self.places)
      table.deallocate()
    }

    /// The place of `key`, or the empty place where it would go.
    private func place(of key: QuickDiagnosis.Key) -> Int {
      let mask = Self.places - 1
      var place = Int(truncatingIfNeeded: key.mixed) & mask
      while let known = table[place].key, known != key { place = (place &+ 1) & mask }
      return place
    }

    /// What is known of `key`.
    package func entry(_ key: QuickDiagnosis.Key) -> Entry? {
      let place = place(of: key)
      return table[place].key == nil ? nil : table[place].entry
    }

    /// Records `entry` for `key`; a new key in a full cache empties it first.
    package func set(_ key: QuickDiagnosis.Key, _ entry: Entry) {
      var place = place(of: key)
      if table[place].key == nil {
        if count >= Self.limit {
          for index in 0..<Self.places { table[index] = Place() }
          count = 0
          place = self.place(of: key)
        }
        count += 1
      }
      table[place] = Place(key: key, entry: entry)
    }

    /// Every key in the table.
    package var keys: [QuickDiagnosis.Key] { (0..<Self.places).compactMap { table[$0].key } }

    /// The template of `key`, if one was made.
    package func template(_ key: QuickDiagnosis.Key) -> Template? {
      if case .made(let template)? = entry(key) { return template }
      return nil
    }
  }

  /// Caches for the workers, taken for a batch and given back after it. Guarded by a pthread
  /// mutex rather than Synchronization's `Mutex`: on Linux that one waits on a futex, which
  /// ThreadSanitizer cannot see, so it reported each concurrent `take` as a race.
  package final class TemplatePool: @unchecked Sendable {
    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private var free: [TemplateCache] = []

    package init() {
      lock = .allocate(capacity: 1)
      lock.initialize(to: pthread_mutex_t())
      pthread_mutex_init(lock, nil)
    }

    deinit {
      pthread_mutex_destroy(lock)
      lock.deinitialize(count: 1)
      lock.deallocate()
    }

    package func take() -> TemplateCache {
      pthread_mutex_lock(lock)
      defer { pthread_mutex_unlock(lock) }
      return free.popLast() ?? TemplateCache()
    }

    package func give(_ cache: sending TemplateCache) {
      pthread_mutex_lock(lock)
      defer { pthread_mutex_unlock(lock) }
      free.append(cache)
    }
  }

  /// Writes one REJECT's JSON Line: from a template when it is the commonest shape
  /// (``QuickDiagnosis``), else the general diagnosis.
  package func append(
    _ pending: StreamingDiagnoser.Pending, cache: TemplateCache, to out: inout ByteBuffer
  ) {
    if let quick = pending.decideQuickly() {
      append(quick, record: pending.record, cache: cache, general: pending.decide, to: &out)
    } else {
      append(pending.decide(), to: &out)
    }
  }

  /// Writes the diagnosis of `record`, `quick`, from its template; with no template for its
  /// key, writes `general()` with the general writer (and makes the template the second time
  /// the key is met).
  package func append(
    _ quick: QuickDiagnosis, record: FlowObservation, cache: TemplateCache,
    general: () -> Diagnosis, to out: inout ByteBuffer
  ) {
    let key = quick.key
    let entry = cache.entry(key)
    if case .made(let known)? = entry {
      if let template = known {
        appendFileAndLine(record, to: &out)
        fill(template, quick, record, &out)
      } else {
        append(general(), to: &out)
      }
      return
    }
    let start = out.count
    append(general(), to: &out)
    guard case .seen? = entry else {
      cache.set(key, .seen)
      return
    }
    var made = template(for: quick)
    if let template = made {
      var check = ByteBuffer(capacity: out.count - start + 64)
      appendFileAndLine(record, to: &check)
      fill(template, quick, record, &check)
      let same = check.bytes.elementsEqual(out.bytes[start..<out.count])
      assert(same, "a template differs from the general writer")
      if !same { made = nil }
    }
    cache.set(key, .made(made))
  }

  /// Copies the template's bytes with each hole filled from `quick` and `record`. An address
  /// or port the line already holds (an explanation names the record's own peer and port) is
  /// copied from where it was first written instead of written again.
  private func fill(
    _ template: Template, _ quick: QuickDiagnosis, _ record: FlowObservation,
    _ out: inout ByteBuffer
  ) {
    var written = (
      source: 0..<0, destination: 0..<0, sourcePort: 0..<0, destinationPort: 0..<0
    )
    template.bytes.withUnsafeBytes { bytes in
      var from = 0
      for (offset, hole) in template.holes {
        out.append(UnsafeRawBufferPointer(rebasing: bytes[from..<offset]))
        from = offset
        let start = out.count
        switch hole {
        case .source:
          out.append(record.source)
          written.source = start..<out.count
        case .destination:
          out.append(record.destination)
          written.destination = start..<out.count
        case .sourcePort:
          out.appendDecimal(Int(record.sourcePort))
          written.sourcePort = start..<out.count
        case .destinationPort:
          out.appendDecimal(Int(record.destinationPort))
          written.destinationPort = start..<out.count
        case .note(.sourceAddress):
          if !written.source.isEmpty && quick.packet.source == record.source {
            out.appendWritten(written.source)
          } else {
            out.append(quick.packet.source)
          }
        case .note(.destinationAddress):
          if !written.destination.isEmpty && quick.packet.destination == record.destination {
            out.appendWritten(written.destination)
          } else {
            out.append(quick.packet.destination)
          }
        case .note(.destinationPort):
          let port = quick.packet.destinationPort
          if !written.destinationPort.isEmpty && port == record.destinationPort {
            out.appendWritten(written.destinationPort)
          } else if !written.sourcePort.isEmpty && port == record.sourcePort {
            out.appendWritten(written.sourcePort)
          } else {
            out.appendDecimal(Int(port))
          }
        case .note(.requestLine): out.appendDecimal(quick.requestLine ?? 0)
        case .related:
          quick.related.withUnsafeBufferPointer { related in
            guard let base = related.baseAddress else { return }
            for index in related.indices { appendRelated(base + index, first: index == 0, &out) }
          }
        }
      }
      out.append(UnsafeRawBufferPointer(rebasing: bytes[from...]))
    }
  }

  /// The template of `quick`'s key, in the order and words of ``append(_:to:)``; `nil` when an
  /// explanation needs escaping (an id with a quote or a control character), as a template's
  /// offsets would then move.
  package func template(for quick: QuickDiagnosis) -> Template? {
    var out = ByteBuffer(capacity: 1024)
    var holes: [(offset: Int, hole: Template.Hole)] = []
    // The record's fields after its file and line (``appendRecord(_:to:)``): its ENI is the
    // context's, its protocol part of the key.
    raw(",\"interface-id\":", &out)
    string(quick.context.interface.id, &out)
    raw(",\"srcaddr\":\"", &out)
    holes.append((out.count, .source))
    raw("\",\"dstaddr\":\"", &out)
    holes.append((out.count, .destination))
    raw("\",\"srcport\":", &out)
    holes.append((out.count, .sourcePort))
    raw(",\"dstport\":", &out)
    holes.append((out.count, .destinationPort))
    raw(",\"protocol\":", &out)
    int(Int(quick.packet.protocolNumber), &out)
    appendVerdict(
      cause: quick.cause, code: quick.code, component: quick.component, rule: quick.rule,
      direction: quick.direction, role: quick.role, confidence: quick.confidence, to: &out)
    raw(",\"candidates\":[],\"explanation\":", &out)
    guard note({ quick.appendExplanation(to: &$0, holes: &$1, in: language) }, &out, &holes) else {
      return nil
    }
    raw(",\"evidence\":{\"role-evidence\":", &out)
    word(quick.roleEvidence.rawValue, &out)
    raw(",\"related\":[", &out)
    holes.append((out.count, .related))
    raw("],\"checkpoints\":[{", &out)
    switch quick.shape {
    case .request:
      raw("\"check\":\"network-acl-ingress\",\"result\":", &out)
      word(quick.cause == .networkACL ? "denied" : "allowed", &out)
      raw(",\"component\":", &out)
      string(quick.aclComponent, &out)
      raw(",\"explanation\":", &out)
      guard note({ quick.appendACLNote(to: &$0, holes: &$1, in: language) }, &out, &holes) else {
        return nil
      }
      if quick.cause == .securityGroup {
        raw("},{\"check\":\"security-group-ingress\",\"result\":\"denied\",\"component\":", &out)
        string(quick.component, &out)
        raw(",\"explanation\":", &out)
        guard note({ quick.appendDenyingNote(to: &$0, holes: &$1, in: language) }, &out, &holes)
        else { return nil }
      }
    case .reply:
      raw("\"check\":\"security-group-egress\",\"result\":\"allowed\",\"component\":", &out)
      string(quick.securityComponent, &out)
      raw(",\"explanation\":", &out)
      guard note({ out, _ in quick.appendSecurityNote(to: &out, in: language) }, &out, &holes)
      else {
        return nil
      }
      raw("},{\"check\":\"network-acl-egress\",\"result\":\"denied\",\"component\":", &out)
      string(quick.aclComponent, &out)
      raw(",\"explanation\":", &out)
      guard note({ quick.appendACLNote(to: &$0, holes: &$1, in: language) }, &out, &holes) else {
        return nil
      }
    }
    raw("}]}}\n", &out)
    return Template(bytes: out.array, holes: holes)
  }

  /// A sentence as a JSON string with holes; false when it needs escaping.
  private func note(
    _ write: (inout ByteBuffer, inout [NoteHole]?) -> Void, _ out: inout ByteBuffer,
    _ holes: inout [(offset: Int, hole: Template.Hole)]
  ) -> Bool {
    out.append(0x22)
    let start = out.count
    var noted: [NoteHole]? = []
    write(&out, &noted)
    if out.needsJSONEscape(from: start) { return false }
    for hole in noted ?? [] { holes.append((hole.offset, .note(hole.value))) }
    out.append(0x22)
    return true
  }
}
