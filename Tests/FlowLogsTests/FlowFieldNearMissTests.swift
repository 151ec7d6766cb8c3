import FlowLogs
import Testing

/// A misspelled field name must be an error, not an unknown field that silently leaves the
/// format without the field meant (`${acton}`: no record has an action); a name far from every
/// recognised one must still be accepted, since AWS adds fields.
@Suite("Misspelled field names")
struct FlowFieldNearMissTests {
  @Test(
    "A misspelling names the field meant",
    arguments: [
      ("acton", "action"),  // a deletion
      ("scrport", "srcport"),  // a transposition
      ("prtcol", "protocol"),  // two deletions
      ("interfce-d", "interface-id"),  // two deletions
      ("log_stauts", "log-status"),  // underscores, as Athena spells names
      ("accountid", "account-id"),
      ("edn", "end"),  // one edit is enough in a short name
      ("encryption-stauts", "encryption-status"),  // a name kept as a string
      ("rejectreason", "reject-reason"),
    ])
  func misspelling(name: String, meant: String) {
    #expect(FlowField.nearMiss(of: name) == meant)
  }

  @Test(
    "A name far from every recognised one is no misspelling",
    arguments: [
      "flow-label",  // three or more edits from every name
      "dns",  // two edits from end, but a short name gets one
      "vni", "ttl", "unknown-header-should-not-break", "prtcl",
    ])
  func newName(name: String) {
    #expect(FlowField.nearMiss(of: name) == nil)
  }

  @Test("No recognised name is taken for a misspelling, whichever way it is spelt")
  func recognisedNames() {
    for name in FlowField.allNames {
      #expect(FlowField.nearMiss(of: name) == nil, "\(name)")
      #expect(FlowField.nearMiss(of: name.replacingHyphens()) == nil, "\(name) with underscores")
    }
    #expect(Set(FlowField.allNames).count == FlowField.allNames.count, "a name is listed twice")
    for name in FlowField.namesKeptAsStrings {
      #expect(FlowField.known(named: name) == nil, "\(name) is both typed and kept as a string")
    }
  }

  // MARK: - --format

  @Test("--format: a misspelled name is an error naming the field meant")
  func formatWithMisspelling() {
    let text =
      "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} "
      + "${protocol} ${packets} ${bytes} ${start} ${end} ${acton} ${log-status}"
    #expect(throws: FormatError.misspelledField("acton", suggestion: "action")) {
      try FlowLogFormat(parsing: text)
    }
    #expect(
      FormatError.misspelledField("acton", suggestion: "action").description
        == #"unknown field "acton"; did you mean "action"?"#)
    #expect(throws: FormatError.misspelledField("scrport", suggestion: "srcport")) {
      try FlowLogFormat(parsing: "version scrport dstport")
    }
    #expect(throws: FormatError.misspelledField("prtcol", suggestion: "protocol")) {
      try FlowLogFormat(parsing: "${srcaddr} ${prtcol}")
    }
  }

  @Test("--format: a name far from every recognised one is kept as an unknown field")
  func formatWithNewName() throws {
    let format = try FlowLogFormat(parsing: "${version} ${flow-label} ${action}")
    #expect(format.fields.map(\.name) == ["version", "flow-label", "action"])
    #expect(format.fields[1].isKnown == false)
    #expect(format.fields[1].kind == .string)
  }

  @Test("--format: every recognised name reads, typed or kept as a string")
  func formatWithEveryName() throws {
    let format = try FlowLogFormat(
      parsing: FlowField.allNames.map { "${\($0)}" }.joined(separator: " "))
    #expect(format.fields.map(\.name) == FlowField.allNames)
    #expect(format.fields.filter(\.isKnown).count == FlowField.allKnown.count)
  }
}

extension String {
  fileprivate func replacingHyphens() -> String {
    String(map { $0 == "-" ? "_" : $0 })
  }
}
