/// One element of `InternetGateways` or `EgressOnlyInternetGateways`
/// (`aws ec2 describe-internet-gateways`, `describe-egress-only-internet-gateways`): the two
/// share their shape, `<id key>` and `Attachments[]{VpcId,State}`.
struct InternetGatewayDTO: Hashable, Sendable {
  var id: String
  var attachments: [Attachment]

  struct Attachment: Hashable, Sendable {
    var vpcId: String
    /// `available` (internet gateways), `attached` (egress-only), `attaching`, `detaching`, …
    var state: String?

    init(vpcId: String, state: String? = nil) {
      self.vpcId = vpcId
      self.state = state
    }

    /// Whether the gateway is attached to the VPC now: state `available` or `attached`
    /// (EC2 API reference, `InternetGatewayAttachment`: "The current state of the attachment.
    /// For an internet gateway, the state is `available` when attached to a VPC").
    var isAttached: Bool { state == nil || state == "available" || state == "attached" }
  }

  init(id: String, attachments: [Attachment]) {
    self.id = id
    self.attachments = attachments
  }

  /// Reads a gateway whose id is under `idKey` (`InternetGatewayId`,
  /// `EgressOnlyInternetGatewayId`).
  init(_ object: JSONObjectReader, idKey: String) throws(TopologyLoadError) {
    id = try object.string(idKey)
    attachments = []
    for attachment in try object.optionalObjects("Attachments") {
      attachments.append(
        Attachment(
          vpcId: try attachment.string("VpcId"), state: try attachment.optionalString("State")))
    }
  }

  /// The VPCs the gateway is attached to now.
  var attachedVpcIds: [String] { attachments.filter(\.isAttached).map(\.vpcId) }
}
