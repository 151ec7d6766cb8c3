import Messages

/// The diagram drawn: one row of boxes a leg, the request left to right and the reply below it
/// right to left (back to where the request started), an arrow between boxes, each box with its
/// mark and word (colour is not the only sign), the box that rejected marked with a thick red
/// border and a label, a title and a description in words for screen readers.
extension PathDiagram {
  static let boxWidth = 178
  static let boxHeight = 86
  static let gap = 30
  static let margin = 12
  /// A lane's heading: its title and packet, and what the logs show.
  static let laneHeading = 40
  /// Room above the boxes for the label of the box that rejected.
  static let labelRoom = 18

  /// A whole SVG document, or the element to put inside HTML (`standalone: false`). `id` makes
  /// the element's ids unique on a page holding several diagrams.
  package func svg(id: String, standalone: Bool = true) -> String {
    let columns = max(1, lanes.map(\.nodes.count).max() ?? 1)
    let width = 2 * Self.margin + columns * Self.boxWidth + (columns - 1) * Self.gap
    let laneHeight = Self.laneHeading + Self.labelRoom + Self.boxHeight + 16
    let height = 2 * Self.margin + 22 + lanes.count * laneHeight
    var out = ""
    if standalone { out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" }
    out +=
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"path-diagram\" role=\"img\" "
      + "viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" "
      + "aria-labelledby=\"\(id)-title \(id)-desc\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n"
    out += "<title id=\"\(id)-title\">\(Self.escaped(title))</title>\n"
    out += "<desc id=\"\(id)-desc\">\(Self.escaped(description))</desc>\n"
    out += """
      <defs><marker id="\(id)-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" \
      markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#57606a"/>\
      </marker></defs>
      <rect x="0" y="0" width="\(width)" height="\(height)" fill="#ffffff"/>

      """
    out +=
      "<text x=\"\(Self.margin)\" y=\"\(Self.margin + 14)\" font-size=\"14\" font-weight=\"bold\" "
      + "fill=\"#24292f\">\(Self.escaped(title))</text>\n"
    for (laneIndex, lane) in lanes.enumerated() {
      let top = Self.margin + 22 + laneIndex * laneHeight
      out += drawLane(lane, index: laneIndex, top: top, columns: columns, id: id)
    }
    return out + "</svg>\n"
  }

  private func drawLane(_ lane: Lane, index laneIndex: Int, top: Int, columns: Int, id: String)
    -> String
  {
    // The reply runs back: right to left, from the column where the request ended.
    let backwards = laneIndex % 2 == 1
    var out =
      "<g class=\"lane\" data-lane=\"\(Self.escaped(lane.key))\""
      + (lane.assumed ? " data-assumed=\"true\" opacity=\"0.5\"" : "") + ">\n"
    out +=
      "<text x=\"\(Self.margin)\" y=\"\(top + 14)\" font-size=\"12.5\" fill=\"#24292f\">"
      + "<tspan font-weight=\"bold\">\(Self.escaped(lane.title))\(backwards ? " ←" : " →")</tspan> "
      + "\(Self.escaped(lane.packet))</text>\n"
    if let logged = lane.logged {
      out +=
        "<text x=\"\(Self.margin)\" y=\"\(top + 30)\" font-size=\"11\" fill=\"#57606a\">"
        + "\(Self.escaped(Message.svgFlowLog.text(in: language, ["logged": logged])))</text>\n"
    }
    let boxTop = top + Self.laneHeading + Self.labelRoom
    if lane.nodes.isEmpty {
      out +=
        "<text x=\"\(Self.margin)\" y=\"\(boxTop + Self.boxHeight / 2)\" font-size=\"12\" "
        + "fill=\"#57606a\" font-style=\"italic\">\(Self.escaped(lane.note ?? ""))</text>\n"
      return out + "</g>\n"
    }
    // Back from under the request's last box, or from further right when the reply is longer.
    let start = max(lanes.first?.nodes.count ?? columns, lane.nodes.count) - 1
    func left(_ place: Int) -> Int {
      let column = backwards ? start - place : place
      return Self.margin + column * (Self.boxWidth + Self.gap)
    }
    for (place, node) in lane.nodes.enumerated() {
      // The arrow from the box before.
      if place > 0 {
        let y = boxTop + Self.boxHeight / 2
        let from = backwards ? left(place - 1) : left(place - 1) + Self.boxWidth
        let to = backwards ? left(place) + Self.boxWidth : left(place)
        let dashed = node.state == .notReached ? " stroke-dasharray=\"4 3\"" : ""
        out +=
          "<line x1=\"\(from)\" y1=\"\(y)\" x2=\"\(to + (backwards ? 2 : -2))\" y2=\"\(y)\" "
          + "stroke=\"#57606a\" stroke-width=\"1.5\"\(dashed) marker-end=\"url(#\(id)-arrow)\"/>\n"
      }
      out += drawNode(node, x: left(place), y: boxTop)
    }
    return out + "</g>\n"
  }

  private func drawNode(_ node: Node, x: Int, y: Int) -> String {
    let (stroke, fill, text) = Self.colours(node.state)
    let width = node.blocks ? 4 : (node.state == .end ? 1.5 : 1.5)
    let dash =
      [.skipped, .unknown, .notReached].contains(node.state) ? " stroke-dasharray=\"5 3\"" : ""
    var out =
      "<g class=\"node\" data-state=\"\(node.state.rawValue)\" data-blocks=\"\(node.blocks)\""
      + (node.component.map { " data-component=\"\(Self.escaped($0))\"" } ?? "")
      + (node.ruleNumber.map { " data-rule-number=\"\($0)\"" } ?? "") + ">\n"
    out += "<title>\(Self.escaped(node.sentence))</title>\n"
    if node.blocks {
      out +=
        "<text x=\"\(x)\" y=\"\(y - 6)\" font-size=\"11.5\" font-weight=\"bold\" fill=\"#cf222e\">"
        + "\(Self.escaped(Message.svgRejectedHere.text(in: language)))</text>\n"
    }
    out +=
      "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(Self.boxWidth)\" height=\"\(Self.boxHeight)\" rx=\"6\" "
      + "fill=\"\(node.blocks ? "#ffebe9" : fill)\" stroke=\"\(node.blocks ? "#cf222e" : stroke)\" "
      + "stroke-width=\"\(width)\"\(dash)/>\n"
    let heading =
      node.state == .end ? node.title : "\(node.state.mark) \(node.title)"
    out +=
      "<text x=\"\(x + 8)\" y=\"\(y + 16)\" font-size=\"11\" font-weight=\"bold\" "
      + "fill=\"\(text)\">\(Self.escaped(Self.fitted(heading, 27)))</text>\n"
    var lineY = y + 31
    if let component = node.component {
      out +=
        "<text x=\"\(x + 8)\" y=\"\(lineY)\" font-size=\"10.5\" "
        + "font-family=\"DejaVu Sans Mono, monospace\" fill=\"#24292f\">"
        + "\(Self.escaped(Self.fitted(component, 26)))</text>\n"
      lineY += 14
    }
    // Details wrapped at a space to fit, as many lines as the box holds (the state's word sits
    // in the bottom right corner of a checkpoint).
    let room = (node.component == nil ? 4 : 3) - (node.state == .end ? 0 : 1)
    for detail in Self.wrapped(node.details, width: 31).prefix(max(room, 1)) {
      out +=
        "<text x=\"\(x + 8)\" y=\"\(lineY)\" font-size=\"10\" fill=\"#24292f\">"
        + "\(Self.escaped(Self.fitted(detail, 31)))</text>\n"
      lineY += 13
    }
    if node.state != .end {
      out +=
        "<text x=\"\(x + Self.boxWidth - 6)\" y=\"\(y + Self.boxHeight - 6)\" font-size=\"9.5\" "
        + "text-anchor=\"end\" font-weight=\"bold\" fill=\"\(text)\">"
        + "\(Self.escaped(node.state.word(in: language)))</text>\n"
    }
    return out + "</g>\n"
  }

  /// Stroke, fill and text colours of a state.
  static func colours(_ state: State) -> (String, String, String) {
    switch state {
    case .end: return ("#24292f", "#ffffff", "#24292f")
    case .allowed: return ("#1a7f37", "#eef8f0", "#1a7f37")
    case .denied: return ("#cf222e", "#ffebe9", "#cf222e")
    case .skipped: return ("#8c959f", "#f6f8fa", "#57606a")
    case .undetermined: return ("#9a6700", "#fff8c5", "#7d4e00")
    case .unknown: return ("#8c959f", "#ffffff", "#57606a")
    case .notReached: return ("#c0c4c8", "#ffffff", "#8c959f")
    }
  }

  /// The picture in words: each leg, box by box.
  package var description: String {
    var parts: [String] = []
    for lane in lanes {
      var text = "\(lane.title) \(lane.packet)"
      if let logged = lane.logged {
        text += Message.svgDescFlowLog.text(in: language, ["logged": logged])
      }
      if lane.nodes.isEmpty {
        text += ": \(lane.note ?? "")"
      } else {
        text +=
          ": "
          + lane.nodes.map { node in
            var words = node.title
            if let component = node.component { words += " \(component)" }
            if node.state != .end { words += " \(node.state.word(in: language))" }
            if !node.details.isEmpty { words += " (\(node.details.joined(separator: ", ")))" }
            if node.blocks { words += Message.svgDescRejectedHere.text(in: language) }
            return words
          }.joined(separator: "; ")
      }
      parts.append(text + ".")
    }
    return parts.joined(separator: " ")
  }

  /// The lines, each longer than `width` broken at its last space that fits.
  static func wrapped(_ lines: [String], width: Int) -> [String] {
    var out: [String] = []
    for line in lines {
      var rest = Substring(line)
      while rest.count > width,
        let space = rest.prefix(width + 1).lastIndex(of: " "), space > rest.startIndex
      {
        out.append(String(rest[..<space]))
        rest = rest[rest.index(after: space)...]
      }
      out.append(String(rest))
    }
    return out
  }

  /// `text` cut to `limit` characters with an ellipsis.
  static func fitted(_ text: String, _ limit: Int) -> String {
    guard drawnWidth(text) > Double(limit) else { return text }
    var kept = ""
    for character in text {
      if drawnWidth(kept + String(character)) > Double(limit - 1) { break }
      kept.append(character)
    }
    return kept + "…"
  }

  /// A text's width drawn in a proportional font, in Latin characters: a wide (East Asian)
  /// character is about 1.7 of them (a full em against about 0.6).
  static func drawnWidth(_ text: String) -> Double {
    let wide = text.displayWidth - text.unicodeScalars.count
    return Double(text.unicodeScalars.count - wide) + 1.7 * Double(wide)
  }

  /// Text safe inside XML (and HTML) elements and attribute values.
  package static func escaped(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(character)
      }
    }
    return out
  }
}
