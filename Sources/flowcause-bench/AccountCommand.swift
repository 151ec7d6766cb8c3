import Foundation
import RandomNetworks

/// `flowcause-bench account --vpcs N [--interfaces M] [--seed S] --out FILE`.
enum AccountCommand {
  static func run(_ arguments: ArraySlice<String>) throws -> Int32 {
    let options = try BenchArguments(
      arguments, valueOptions: ["--vpcs", "--interfaces", "--seed", "--out"], flagOptions: [])
    guard let path = options.value("--out") else { throw BenchUsageError("--out is required") }
    let vpcs = try options.integer("--vpcs", default: 5)
    let interfaces = try options.integer(
      "--interfaces", default: AccountTopology.defaultInterfacesPerVPC)
    guard (1...4096).contains(vpcs) else { throw BenchUsageError("--vpcs: 1 to 4096") }
    guard (1...AccountTopology.maximumInterfacesPerVPC).contains(interfaces) else {
      throw BenchUsageError("--interfaces: 1 to \(AccountTopology.maximumInterfacesPerVPC) a VPC")
    }
    var generator = AccountTopology(
      vpcs: vpcs, interfacesPerVPC: interfaces, seed: try options.seed(default: 1))
    let text = generator.document()
    guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
      throw BenchFailure("cannot write \(path)")
    }
    print(
      "wrote \(path): \(vpcs) VPCs, \(vpcs * interfaces) interfaces, "
        + "\(text.utf8.count / 1024) KiB")
    return 0
  }
}
