extension Simulator {
  /// One record per flow, per interface, per window, per action: AWS aggregates the packets
  /// of one 5-tuple and direction at one ENI over one aggregation window into one record
  /// (VPC User Guide, "Flow log records": a record is "a network internet protocol (IP) traffic
  /// flow (characterized by a 5-tuple on a per network interface basis) that occurs within an
  /// aggregation interval"), so legs of different conversations that share them are written
  /// once: packets and bytes summed, `tcp-flags` OR-ed, `start` the earliest, `end` the latest.
  /// ACCEPT and REJECT stay apart. The merged record keeps the first one's place and truth; the
  /// truths of the others, where they differ, go to `otherTruths`.
  ///
  /// `records` must be in output order.
  func aggregated(_ records: [SimulatedRecord]) -> [SimulatedRecord] {
    struct Key: Hashable {
      var interfaceId: String
      var window: Int64
      var flow: SimulatedRecord.Flow
    }
    var result: [SimulatedRecord] = []
    var positions: [Key: Int] = [:]
    for record in records {
      guard var flow = record.flow else {
        result.append(record)
        continue
      }
      flow.packets = 0
      flow.bytes = 0
      flow.tcpFlags = 0
      let key = Key(interfaceId: record.interfaceId, window: record.start / window, flow: flow)
      guard let position = positions[key], let other = record.flow else {
        positions[key] = result.count
        result.append(record)
        continue
      }
      var merged = result[position]
      merged.flow?.packets += other.packets
      merged.flow?.bytes += other.bytes
      merged.flow?.tcpFlags |= other.tcpFlags
      merged.start = min(merged.start, record.start)
      merged.end = max(merged.end, record.end)
      for truth in [record.truth].compactMap({ $0 }) + record.otherTruths
      where truth != merged.truth && !merged.otherTruths.contains(truth) {
        merged.otherTruths.append(truth)
      }
      result[position] = merged
    }
    return result
  }
}
