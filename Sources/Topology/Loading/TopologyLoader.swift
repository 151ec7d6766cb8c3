/// Loads a ``Topology`` from JSON documents: `aws ec2 describe-*` output (one call per
/// document, or several merged into one object) and topologies in flowcause's native format
/// (`{"flowcause-topology": 1, …}`), in any mix.
///
/// The loader reads bytes; it opens no files. Documents are read in order: objects of one kind
/// from several documents are concatenated and de-duplicated by id (the first wins; a later
/// one that differs is a warning naming both documents). A value of the wrong type or form is
/// an error naming the document and the JSON path; a reference to something not loaded is a
/// warning in ``Topology/warnings``, and loading goes on.
///
/// ```swift
/// let topology = try TopologyLoader().load(documents: [
///   TopologyDocument(name: "describe-vpcs.json", bytes: vpcs),
///   TopologyDocument(name: "describe-subnets.json", bytes: subnets),
/// ])
/// ```
public struct TopologyLoader: Sendable {
  public init() {}

  /// Reads every document and builds the model.
  public func load(documents: [TopologyDocument]) throws(TopologyLoadError) -> Topology {
    var inventory = TopologyInventory()
    for document in documents {
      guard document.bytes.count <= TopologyLimits.documentBytes else {
        throw TopologyLimits.oversized(document.name, count: document.bytes.count)
      }
      let root = try Self.root(of: document)
      if root.has(NativeTopologyReader.versionKey) {
        try NativeTopologyReader.read(root, into: &inventory)
      } else if try !AWSDocumentReader.read(root, into: &inventory) {
        inventory.warnings.append(.unrecognizedDocument(document.name))
      }
    }
    var builder = TopologyBuilder(inventory: inventory)
    let topology = builder.build()
    try TopologyLimits.check(topology, inventory: inventory)
    return topology
  }

  /// Parses a document and checks that it is a JSON object.
  private static func root(of document: TopologyDocument) throws(TopologyLoadError)
    -> JSONObjectReader
  {
    let value: JSONValue
    do throws(JSONSyntaxError) {
      value = try JSONParser.parse(document.bytes)
    } catch {
      throw TopologyLoadError(
        file: document.name, path: "", message: error.message, line: error.line,
        column: error.column)
    }
    let reader = JSONReader(file: document.name, value: value)
    guard case .object = value else {
      throw reader.mismatch(
        "a JSON object (the output of an aws ec2 describe-* call, or a flowcause-topology)")
    }
    return try reader.object()
  }
}
