import Foundation
import Rendering

/// `flowcause-collect.json`: what `flowcause collect` gathered, when, and from where.
///
/// ```json
/// {"flowcause-collect": 1, "collected-at": "2026-11-22T13:00:00Z", "vpc": "vpc-…",
///  "region": "us-east-1", "account": "123456789012", "aws-cli-version": "aws-cli/2.22.0 …",
///  "endpoint-url": null, "profile": null, "files": ["describe-vpcs.json", …],
///  "failed": [{"file": "describe-nat-gateways.json", "call": "aws ec2 describe-nat-gateways",
///              "iam-action": "ec2:DescribeNatGateways", "error": "…"}]}
/// ```
///
/// The topology loader skips it (its key `flowcause-collect`); `diagnose --s3` reads `account`
/// and `region` to list only the days of the time range.
struct CollectManifest: Equatable, Sendable {
  struct Failure: Equatable, Sendable {
    var file: String
    var call: String
    var iamAction: String
    var error: String
  }

  static let fileName = "flowcause-collect.json"
  static let versionKey = "flowcause-collect"

  var collectedAt: Int
  var vpc: String
  var region: String?
  var account: String?
  var cliVersion: String
  var endpointURL: String?
  var profile: String?
  var files: [String]
  var failed: [Failure]

  /// The manifest as JSON, keys in a fixed order.
  var json: JSONOut {
    .object([
      (Self.versionKey, .int(1)),
      ("collected-at", .string(TimeRange.iso(collectedAt))),
      ("vpc", .string(vpc)),
      ("region", .optional(region)),
      ("account", .optional(account)),
      ("aws-cli-version", .string(cliVersion)),
      ("endpoint-url", .optional(endpointURL)),
      ("profile", .optional(profile)),
      ("files", .array(files.map(JSONOut.string))),
      (
        "failed",
        .array(
          failed.map { failure in
            .object([
              ("file", .string(failure.file)), ("call", .string(failure.call)),
              ("iam-action", .string(failure.iamAction)), ("error", .string(failure.error)),
            ])
          })
      ),
    ])
  }

  /// Reads a manifest; nil when `bytes` is not one.
  init?(json bytes: [UInt8]) {
    guard let root = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
      root[Self.versionKey] != nil, let vpc = root["vpc"] as? String
    else { return nil }
    self.vpc = vpc
    collectedAt = (root["collected-at"] as? String).flatMap(TimeRange.instant) ?? 0
    region = root["region"] as? String
    account = root["account"] as? String
    cliVersion = root["aws-cli-version"] as? String ?? "unknown"
    endpointURL = root["endpoint-url"] as? String
    profile = root["profile"] as? String
    files = root["files"] as? [String] ?? []
    failed = (root["failed"] as? [[String: Any]] ?? []).map { object in
      Failure(
        file: object["file"] as? String ?? "", call: object["call"] as? String ?? "",
        iamAction: object["iam-action"] as? String ?? "", error: object["error"] as? String ?? "")
    }
  }

  init(
    collectedAt: Int, vpc: String, region: String?, account: String?, cliVersion: String,
    endpointURL: String?, profile: String?, files: [String], failed: [Failure]
  ) {
    self.collectedAt = collectedAt
    self.vpc = vpc
    self.region = region
    self.account = account
    self.cliVersion = cliVersion
    self.endpointURL = endpointURL
    self.profile = profile
    self.files = files
    self.failed = failed
  }

  /// Reads the manifest of the folder `topology`; nil when there is none.
  static func load(topology: String?) -> CollectManifest? {
    guard let topology else { return nil }
    let path = (topology as NSString).appendingPathComponent(fileName)
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return CollectManifest(json: Array(data))
  }
}
