extension Checkpoint {
  /// `check` at `componentId` lets `packet` through; `rule` is what allowed it.
  static func allowed(
    _ check: Check, at componentId: String?, _ packet: Packet, rule: RuleReference? = nil,
    _ explanation: Explanation
  ) -> Checkpoint {
    Checkpoint(
      check: check, result: .allowed, componentId: componentId, packet: packet, rule: rule,
      explanation: explanation)
  }

  /// `check` at `componentId` drops `packet`; `rule` is what denied it, `code` why.
  static func denied(
    _ check: Check, at componentId: String?, _ packet: Packet, rule: RuleReference? = nil,
    _ code: ExplanationCode, _ explanation: Explanation
  ) -> Checkpoint {
    Checkpoint(
      check: check, result: .denied, componentId: componentId, packet: packet, rule: rule,
      code: code, explanation: explanation)
  }

  /// `check` at `componentId` cannot be decided for `packet`, for the reason `code` names.
  static func undetermined(
    _ check: Check, at componentId: String?, _ packet: Packet, _ code: ExplanationCode,
    _ explanation: Explanation
  ) -> Checkpoint {
    Checkpoint(
      check: check, result: .undetermined, componentId: componentId, packet: packet, code: code,
      explanation: explanation)
  }
}
