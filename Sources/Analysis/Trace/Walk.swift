/// The checkpoints of one leg; stops at the first denial.
struct Walk {
  var checkpoints: [Checkpoint]
  var stopped = false

  init() {
    checkpoints = []
    checkpoints.reserveCapacity(6)
  }

  mutating func add(_ checkpoint: Checkpoint) {
    guard !stopped else { return }
    checkpoints.append(checkpoint)
    if checkpoint.result == .denied { stopped = true }
    if checkpoint.result == .undetermined && checkpoint.code == .unsupportedComponent {
      stopped = true
    }
  }

  /// Adds `checkpoint` without stopping the leg when it cannot be decided: for a component the
  /// model does not follow that the packet passes on its way, when the checks after it (an
  /// ENI's network ACL and security groups) can still deny it whatever the component did.
  mutating func addContinuing(_ checkpoint: Checkpoint) {
    guard !stopped else { return }
    checkpoints.append(checkpoint)
    if checkpoint.result == .denied { stopped = true }
  }

  /// `check` at `componentId` lets `packet` through, for the reason `explanation` gives.
  mutating func allow(
    _ check: Checkpoint.Check, at componentId: String?, _ packet: Packet,
    _ explanation: Explanation
  ) {
    add(.allowed(check, at: componentId, packet, explanation))
  }

  /// `check` at `componentId` drops `packet`: `code` and `explanation` say why.
  mutating func deny(
    _ check: Checkpoint.Check, at componentId: String?, _ packet: Packet, _ code: ExplanationCode,
    _ explanation: Explanation
  ) {
    add(.denied(check, at: componentId, packet, code, explanation))
  }

  /// `check` at `componentId` cannot be decided for `packet` (``add(_:)`` stops the walk when
  /// `code` is `unsupportedComponent`).
  mutating func cannotDecide(
    _ check: Checkpoint.Check, at componentId: String?, _ packet: Packet, _ code: ExplanationCode,
    _ explanation: Explanation
  ) {
    add(.undetermined(check, at: componentId, packet, code, explanation))
  }
}
