import Analysis
import NetworkPrimitives
import Topology

extension NetworkSample {
  /// The smallest sample found that still `fails`: conversations are removed (halves, then
  /// quarters, down to one at a time), then ENIs that no remaining conversation names, for as
  /// long as `fails` holds. The network and the layout are otherwise the seed's.
  public func shrunk(while fails: (NetworkSample) -> Bool) -> NetworkSample {
    var sample = self
    var changed = true
    while changed {
      changed = false
      var size = max(1, sample.traffic.conversations.count / 2)
      while size >= 1 {
        var start = 0
        while start < sample.traffic.conversations.count
          && sample.traffic.conversations.count > 1
        {
          let end = min(start + size, sample.traffic.conversations.count)
          guard end - start < sample.traffic.conversations.count else { break }
          let smaller = sample.without(conversations: start..<end)
          if fails(smaller) {
            sample = smaller
            changed = true
          } else {
            start = end
          }
        }
        size /= 2
      }
      let named = sample.traffic.conversations.flatMap { [$0.from, $0.to] }.compactMap(
        IPAddress.init)
      for eni in sample.network.networkInterfaces.values.sorted(by: { $0.id < $1.id })
      where eni.instanceId != nil && !named.contains(where: eni.owns) {
        let smaller = sample.without(interface: eni)
        if fails(smaller) {
          sample = smaller
          changed = true
        }
      }
    }
    return sample
  }

  func without(conversations range: Range<Int>) -> NetworkSample {
    var traffic = self.traffic
    traffic.conversations.removeSubrange(range)
    var kinds = self.kinds
    kinds.removeSubrange(range)
    return with(traffic: traffic, kinds: kinds)
  }

  func without(interface eni: NetworkInterface) -> NetworkSample {
    var sample = self
    for keyPath in [\NetworkSample.network, \NetworkSample.snapshot] {
      sample[keyPath: keyPath].networkInterfaces[eni.id] = nil
      if let instance = eni.instanceId { sample[keyPath: keyPath].instances[instance] = nil }
    }
    return sample
  }
}
