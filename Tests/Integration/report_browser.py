"""Opens flowcause's HTML reports in headless Chromium, one browser start for every page, and
checks what a person would see: the page loads without console errors or exceptions, every
drawn pattern has its path diagram with the checkpoint that rejected it marked, and that mark
names the component and rule `diagnose` names for the pattern's first REJECT; the page's counts
equal `diagnose --output summary`'s; the screenshot is not blank.

It speaks the DevTools protocol over a pipe (`--remote-debugging-pipe`: commands on the
browser's fd 3, answers on its fd 4, each a JSON text ended by a NUL), so it needs nothing
beyond Python's standard library. For each page it saves the DOM as rendered (what
`--dump-dom` prints) and a full-page PNG beside the page.

    python3 report_browser.py CHROMIUM CASES.json
    python3 report_browser.py CHROMIUM --shoot PAGE.html OUT.png WIDTH [HEIGHT]

CASES.json: [{"name", "page", "summary", "jsonl"}], the files that report-browser.sh wrote.
"""

import base64
import json
import os
import struct
import subprocess
import sys
import tempfile
import time
import zlib


class Browser:
    def __init__(self, chromium):
        self.profile = tempfile.mkdtemp(prefix="flowcause-chromium-")
        commands_read, self.commands = os.pipe()
        self.answers, answers_write = os.pipe()

        def plumbing():
            # Copies first: the pipes may themselves be fds 3 and 4 (and close on exec).
            reading, writing = os.dup(commands_read), os.dup(answers_write)
            os.dup2(reading, 3)
            os.dup2(writing, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.process = subprocess.Popen(
            [
                chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                "--hide-scrollbars", "--remote-debugging-pipe",
                "--user-data-dir=" + self.profile, "about:blank",
            ],
            preexec_fn=plumbing, close_fds=False,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(commands_read)
        os.close(answers_write)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call(
            "Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.call(domain + ".enable", session=True)

    def send(self, message):
        data = json.dumps(message).encode() + b"\0"
        while data:
            written = os.write(self.commands, data)
            data = data[written:]

    def receive(self, deadline):
        while b"\0" not in self.buffer:
            if time.time() > deadline:
                raise TimeoutError("no answer from the browser")
            chunk = os.read(self.answers, 1 << 20)
            if not chunk:
                raise RuntimeError("the browser closed its pipe")
            self.buffer += chunk
        text, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(text)

    def call(self, method, params=None, session=False, timeout=60):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        self.send(message)
        deadline = time.time() + timeout
        while True:
            answer = self.receive(deadline)
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def wait_for(self, method, timeout=60):
        deadline = time.time() + timeout
        while True:
            for index, event in enumerate(self.events):
                if event.get("method") == method:
                    del self.events[index]
                    return event
            self.events.append(self.receive(deadline))

    def open(self, path, width=1280):
        """Loads a page; returns the console errors and exceptions it raised."""
        self.events = []
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False},
                  session=True)
        self.call("Page.navigate", {"url": "file://" + os.path.abspath(path)}, session=True)
        self.wait_for("Page.loadEventFired")
        # Anything logged while the page settles.
        self.evaluate("new Promise(r => setTimeout(r, 100))", awaits=True)
        errors = []
        for event in self.events:
            method = event.get("method")
            params = event.get("params", {})
            if method == "Runtime.exceptionThrown":
                errors.append(params["exceptionDetails"].get("text", "exception"))
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                errors.append("console." + params["type"])
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                errors.append(params["entry"].get("text", "error"))
        return errors

    def evaluate(self, expression, awaits=False):
        result = self.call("Runtime.evaluate", {
            "expression": expression, "returnByValue": True, "awaitPromise": awaits,
        }, session=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"evaluate: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, out, height=None):
        size = self.call("Page.getLayoutMetrics", session=True)["cssContentSize"]
        width = int(size["width"])
        full = int(size["height"])
        clip = {"x": 0, "y": 0, "width": width, "height": min(full, height or full), "scale": 1}
        data = self.call("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True, "clip": clip,
        }, session=True)["data"]
        with open(out, "wb") as file:
            file.write(base64.b64decode(data))

    def close(self):
        try:
            self.call("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        subprocess.run(["rm", "-rf", self.profile])


def png_is_blank(path):
    """Whether a PNG is one colour: its pixel bytes, decompressed, hold almost one value."""
    with open(path, "rb") as file:
        data = file.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return True
    offset, idat = 8, b""
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        if kind == b"IDAT":
            idat += data[offset + 8:offset + 8 + length]
        offset += 12 + length
    pixels = zlib.decompress(idat)
    counts = {}
    for byte in pixels[::7]:
        counts[byte] = counts.get(byte, 0) + 1
    most = max(counts.values())
    return len(counts) < 16 or most > 0.995 * sum(counts.values())


PAGE_FACTS = """JSON.stringify((() => {
  const main = document.getElementById('report');
  const data = e => Object.assign({}, e.dataset);
  return {
    rejects: +main.dataset.rejects,
    records: +main.dataset.records,
    causes: [...document.querySelectorAll('#causes tr[data-cause]')].map(data),
    patterns: [...document.querySelectorAll('#pattern-table tbody tr')].map(data),
    timeline: [...document.querySelectorAll('#timeline g.bar')]
      .reduce((sum, g) => sum + +g.dataset.count, 0),
    drawn: [...document.querySelectorAll('article.pattern')].map(a => ({
      ...data(a),
      diagrams: [...a.querySelectorAll('svg.path-diagram')].map(svg => {
        const box = svg.getBoundingClientRect();
        return {
          width: box.width, height: box.height,
          title: (svg.querySelector('title') || {}).textContent || '',
          desc: (svg.querySelector('desc') || {}).textContent || '',
          nodes: svg.querySelectorAll('g.node').length,
          blocking: [...svg.querySelectorAll('g.node[data-blocks="true"]')].map(n => ({
            ...data(n), label: n.textContent.includes('rejected here'),
          })),
        };
      }),
    })),
  };
})())"""


def check_case(browser, case, failures):
    name = case["name"]
    errors = browser.open(case["page"])
    for error in errors:
        failures.append(f"{name}: the page logged an error: {error}")
    with open(case["page"] + ".dom.html", "w") as file:
        file.write(browser.evaluate("document.documentElement.outerHTML"))
    facts = json.loads(browser.evaluate(PAGE_FACTS))
    summary = json.load(open(case["summary"]))
    lines = {}
    for text in open(case["jsonl"]):
        record = json.loads(text)
        lines[(record["file"], record["line"])] = record

    def expect(what, seen, wanted):
        if seen != wanted:
            failures.append(f"{name}: {what}: the page shows {seen!r}, the summary {wanted!r}")

    expect("REJECTs", facts["rejects"], summary["rejects"])
    expect("records", facts["records"], summary["records"])
    expect("by cause", {c["cause"]: int(c["count"]) for c in facts["causes"]},
           summary["by-cause"])
    rows = summary["top-patterns"]["rows"]
    shown = [(int(p["count"]), p["cause"], p["component"], p["rule"])
             for p in facts["patterns"][:len(rows)]]
    wanted = [(r["rejects"], r["cause"], r["component"] or "",
               "" if r["rule"] is None else str(r["rule"])) for r in rows]
    expect("top patterns", shown, wanted)
    expect("timeline total", facts["timeline"],
           summary["rejects"] - summary["timeline"]["without-start"])
    if summary["rejects"] > 0 and not facts["drawn"]:
        failures.append(f"{name}: no pattern is drawn")
    for number, drawn in enumerate(facts["drawn"], 1):
        where = f"{name}: pattern {number}"
        if len(drawn["diagrams"]) != 1:
            failures.append(f"{where}: {len(drawn['diagrams'])} diagrams, not 1")
            continue
        diagram = drawn["diagrams"][0]
        if diagram["width"] < 200 or diagram["height"] < 100 or diagram["nodes"] < 4:
            failures.append(f"{where}: the diagram is not drawn ({diagram})")
        if not diagram["title"] or not diagram["desc"]:
            failures.append(f"{where}: the diagram has no text alternative")
        # The cause, component and rule diagnose gives the pattern's first REJECT.
        record = lines.get((drawn.get("file"), int(drawn.get("line", 0))))
        if record is None:
            failures.append(f"{where}: its example {drawn.get('file')}:{drawn.get('line')} "
                            "is not a REJECT of diagnose's JSON Lines")
            continue
        component = record.get("component") or ""
        rule = "" if record.get("rule") is None else str(record["rule"])
        if (drawn["cause"], drawn["component"], drawn["rule"]) != (
                record["cause"], component, rule):
            failures.append(f"{where}: the page says {drawn['cause']} {drawn['component']} "
                            f"{drawn['rule']}, diagnose {record['cause']} {component} {rule}")
        blocking = diagram["blocking"]
        if record["cause"] in ("security-group", "network-acl", "routing"):
            if len(blocking) != 1:
                failures.append(f"{where}: {len(blocking)} checkpoints marked, not 1")
                continue
            mark = blocking[0]
            if not mark["label"]:
                failures.append(f"{where}: the marked checkpoint does not say 'rejected here'")
            if component and mark.get("component") != component:
                failures.append(f"{where}: the diagram marks {mark.get('component')}, "
                                f"diagnose names {component}")
            if rule and mark.get("ruleNumber") != rule:
                failures.append(f"{where}: the diagram marks rule {mark.get('ruleNumber')}, "
                                f"diagnose names rule {rule}")
        elif blocking:
            failures.append(f"{where}: {record['cause']} names no control, yet "
                            f"{len(blocking)} checkpoint(s) are marked")
    png = case["page"] + ".png"
    browser.screenshot(png)
    if png_is_blank(png):
        failures.append(f"{name}: the screenshot is blank")
    return facts


def main():
    chromium = sys.argv[1]
    browser = Browser(chromium)
    try:
        if sys.argv[2] == "--shoot":
            page, out, width = sys.argv[3], sys.argv[4], int(sys.argv[5])
            height = int(sys.argv[6]) if len(sys.argv) > 6 else None
            errors = browser.open(page, width=width)
            if errors:
                print(f"{page}: {errors}", file=sys.stderr)
                return 1
            browser.screenshot(out, height)
            return 0
        cases = json.load(open(sys.argv[2]))
        failures = []
        for case in cases:
            facts = check_case(browser, case, failures)
            print(f"report-browser: {case['name']}: {facts['rejects']} REJECTs, "
                  f"{len(facts['drawn'])} diagrams")
    finally:
        browser.close()
    for failure in failures:
        print("report-browser: FAIL: " + failure, file=sys.stderr)
    passed = len(cases) - len({f.split(":")[0] for f in failures})
    print(f"report-browser: {passed} passed, {len(cases) - passed} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
