import NetworkPrimitives
import Testing
import Topology

@testable import Analysis

/// The cells that make lint's range checks exact.
@Suite("LintCells: exact cells over ports and addresses")
struct LintCellsTests {
  @Test("Port cells cut a range at the ends of the other ranges")
  func ports() {
    let cells = LintCells.ports(
      in: PortRange(from: 1024, to: 65535),
      cutBy: [PortRange(from: 0, to: 1023), PortRange(from: 32768, to: 60999), .all])
    #expect(cells.map(\.description) == ["1024-32767", "32768-60999", "61000-65535"])
  }

  @Test(
    "Address cells: one per block of the family inside the outer block, when it has a free address")
  func addresses() throws {
    let outer = try #require(CIDR("10.0.0.0/16"))
    let family = ["10.0.0.0/17", "10.0.128.0/17", "10.0.1.0/24", "192.0.2.0/24"].compactMap(
      CIDR.init)
    let cells = LintCells.addresses(in: outer, cutBy: family)
    // 10.0.0.0/16 is covered by its two halves, so it has no cell of its own.
    #expect(cells.map(\.block.description) == ["10.0.0.0/17", "10.0.1.0/24", "10.0.128.0/17"])
    #expect(cells.map(\.representative.description) == ["10.0.0.0", "10.0.1.0", "10.0.128.0"])
  }

  @Test(
    "A NACL entry covered by two earlier entries together is shadowed; one port left over is not")
  func coverage() throws {
    let any = CIDR.anyIPv4
    func entry(_ number: Int, _ action: NetworkACLEntry.Action, _ from: UInt16, _ to: UInt16)
      -> NetworkACLEntry
    {
      NetworkACLEntry(
        ruleNumber: number, egress: false, action: action, protocolMatch: .tcp, cidr: any,
        ports: PortRange(from: from, to: to))
    }
    let linter = Linter(topology: Topology())
    let earlier = [entry(100, .allow, 0, 1023), entry(110, .deny, 1024, 65535)]
    let covering = linter.coveringEntries(of: entry(120, .allow, 443, 2000), earlier: earlier)
    #expect(covering?.map(\.ruleNumber) == [100, 110])
    let gap = [entry(100, .allow, 0, 1023), entry(110, .deny, 1025, 65535)]
    #expect(linter.coveringEntries(of: entry(120, .allow, 443, 2000), earlier: gap) == nil)
  }
}
