"""Compares flowcause diagnose --output jsonl with expected.json (argued in README.md).

Usage: python check.py cloudwatch|s3 IDS_JSON DIAGNOSES_JSONL [--only INTERFACE_PLACEHOLDER]
Placeholders in expected.json (WEB_ENI, NACL_PUBLIC, SG_WEB, ...) are the ids seed.py created.
Every expected REJECT must be diagnosed as argued, and nothing else may be (the three-hour-old
REJECT lies outside the range). Prints one line per problem, starting with the record's name.
"""

import json
import sys

mode, ids_path, diagnoses_path = sys.argv[1:4]
only = sys.argv[5] if len(sys.argv) > 5 and sys.argv[4] == "--only" else None
ids = json.load(open(ids_path))
here = __file__.rsplit("/", 1)[0]
expected = json.load(open(f"{here}/expected.json"))
if only:
    expected = [e for e in expected if e["interface-id"] == only]
got = [json.loads(line) for line in open(diagnoses_path) if line.strip()]


def resolve(value):
    return ids.get(value, value) if isinstance(value, str) else value


problems = []
matched = set()
for e in expected:
    key = (resolve(e["interface-id"]), e["srcaddr"], e["dstport"])
    found = [i for i, d in enumerate(got)
             if (d["interface-id"], d["srcaddr"], d["dstport"]) == key]
    if len(found) != 1:
        problems.append(f"{e['record']}: {len(found)} diagnoses for {key}, expected 1")
        continue
    matched.add(found[0])
    d = got[found[0]]
    for field in ("cause", "component", "rule", "direction", "role"):
        if d.get(field) != resolve(e[field]):
            problems.append(f"{e['record']}: {field} is {d.get(field)!r}, "
                            f"expected {resolve(e[field])!r} ({e[field]})")
    if mode == "cloudwatch" and d["file"] != "cloudwatch:" + ids["LOG_GROUP"]:
        problems.append(f"{e['record']}: read from {d['file']}")
    if mode == "s3":
        hive = "/aws-account-id=" in d["file"]
        if (e["s3-layout"] == "hive") != hive or not d["file"].startswith(f"s3://{ids['BUCKET']}/"):
            problems.append(f"{e['record']}: read from {d['file']}, expected the "
                            f"{e['s3-layout']} layout")
for i, d in enumerate(got):
    if i not in matched:
        problems.append(f"unexpected diagnosis: {d['interface-id']} {d['srcaddr']} -> "
                        f"{d['dstaddr']}:{d['dstport']} {d['cause']} (line {d['line']} of {d['file']})")
for p in problems:
    print(f"  FAIL {mode}: {p}")
if not problems:
    print(f"  ok   {mode}: {len(expected)} REJECTs diagnosed as argued, nothing else")
sys.exit(1 if problems else 0)
