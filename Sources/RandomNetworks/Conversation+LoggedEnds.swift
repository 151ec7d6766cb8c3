import Analysis
import NetworkPrimitives
import Topology

extension Conversation {
  /// The conversation's two ends as an ENI of `topology` logs them (a public address as its
  /// private one), in either order, with the protocol: two conversations with the same ends
  /// would be one flow to AWS (one record per window).
  func loggedEnds(in topology: Topology) -> String {
    func seen(_ text: String) -> String {
      guard let address = IPAddress(text),
        let eni = topology.networkInterface(owning: address),
        let mapping = eni.publicIPv4s.first(where: { $0.publicIP == address })
      else { return text }
      return mapping.privateIP.description
    }
    let hasPorts = protocolNumber == 6 || protocolNumber == 17
    let from = "\(seen(self.from)):\(hasPorts ? sourcePort ?? 0 : 0)"
    let to = "\(seen(self.to)):\(hasPorts ? port ?? 0 : 0)"
    return "\(protocolNumber) \(min(from, to)) \(max(from, to))"
  }
}
