/// One call of the AWS CLI: `aws SERVICE OPERATION ARGUMENTS…`, and the IAM action it needs.
struct AWSCall: Hashable, Sendable, CustomStringConvertible {
  /// The CLI's service name: `ec2`, `logs`, `s3api`, `s3`, `sts`.
  let service: String
  /// The CLI's operation name: `describe-network-acls`, `filter-log-events`, `cp`, ….
  let operation: String
  /// The rest of the command line, after the operation.
  var arguments: [String]

  init(_ service: String, _ operation: String, _ arguments: [String] = []) {
    self.service = service
    self.operation = operation
    self.arguments = arguments
  }

  /// The words after `aws`.
  var commandLine: [String] { [service, operation] + arguments }

  /// `aws ec2 describe-network-acls`: how messages name the call.
  var description: String { "aws \(service) \(operation)" }

  /// The IAM action the call needs, as a policy names it (`ec2:DescribeNetworkAcls`).
  ///
  /// An API operation's action is the service prefix and the operation in PascalCase. The
  /// exceptions are S3's: `list-objects-v2` needs `s3:ListBucket` and reading an object
  /// (`aws s3 cp s3://… -`, which calls HeadObject and GetObject) needs `s3:GetObject` (Amazon
  /// S3 User Guide, "Actions, resources, and condition keys for Amazon S3").
  var iamAction: String {
    switch (service, operation) {
    case ("s3api", "list-objects-v2"), ("s3api", "list-objects"), ("s3", "ls"):
      return "s3:ListBucket"
    case ("s3", "cp"), ("s3api", "get-object"), ("s3api", "head-object"):
      return "s3:GetObject"
    default:
      let prefix =
        switch service {
        case "s3api": "s3"
        case "elbv2": "elasticloadbalancing"
        default: service
        }
      let pascal = operation.split(separator: "-").map { word in
        word.prefix(1).uppercased() + word.dropFirst()
      }
      return "\(prefix):\(pascal.joined())"
    }
  }
}
