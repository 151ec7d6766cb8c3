#!/usr/bin/env python3
"""Writes the same six records in every delivery form flowcause reads (see README.md)."""
import base64
import gzip
import json

recs = [
    "2 000123456789 eni-0a1b2c3d4e5f60718 198.51.100.23 10.0.1.15 0 0 1 4 336 1795350420 1795350480 ACCEPT OK",
    "2 000123456789 eni-0a1b2c3d4e5f60718 10.0.1.15 198.51.100.23 0 0 1 4 336 1795350421 1795350480 REJECT OK",
    "2 000123456789 eni-0a1b2c3d4e5f60718 2001:db8:1234:a100::17 2001:db8:1234:a102::2a 34892 443 6 54 8855 1795350425 1795350480 ACCEPT OK",
    "2 unknown eni-0f9e8d7c6b5a40312 - - - - - - - 1795350420 1795350480 - NODATA",
    "2 000123456789 eni-0a1b2c3d4e5f60718 192.0.2.77 10.0.1.15 50122 3389 6 2 120 1795350430 1795350480 REJECT OK",
    "2 000123456789 eni-0f9e8d7c6b5a40312 - - - - - - - 1795350480 1795350480 - SKIPDATA",
]
header = ("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes "
          "start end action log-status")
txt = "\n".join(recs) + "\n"
open("plain.log", "w").write(txt)
open("header.log", "w").write(header + "\n" + txt)
open("crlf.log", "w", newline="").write("\r\n".join(recs) + "\r\n")
open("no-final-newline.log", "w").write("\n".join(recs))
open("spaces.log", "w").write("\n".join(r.replace(" ", "  ", 3).replace(" 6 ", "\t6 ") for r in recs) + "\n")
open("cloudwatch-export.log", "w").write("\n".join("2026-11-22T10:27:00.000Z " + r for r in recs) + "\n")
with open("plain.log.gz", "wb") as f:
    f.write(gzip.compress((header + "\n" + txt).encode(), mtime=0))
m1 = gzip.compress((header + "\n" + "\n".join(recs[:3]) + "\n").encode(), mtime=0)
m2 = gzip.compress((header + "\n" + "\n".join(recs[3:]) + "\n").encode(), mtime=0)
open("two-members.log.gz", "wb").write(m1 + m2)
ev = [{"timestamp": 1795350420000 + i * 1000, "message": r, "ingestionTime": 1795354036478}
      for i, r in enumerate(recs)]
open("get-log-events.json", "w").write(
    json.dumps({"events": ev, "nextForwardToken": "f/3925", "nextBackwardToken": "b/3920"}, indent=4) + "\n")
fev = [dict(logStreamName=r.split()[2] + "-all", eventId=str(i), **e) for i, (r, e) in enumerate(zip(recs, ev))]
open("filter-log-events.json", "w").write(
    json.dumps({"events": fev, "searchedLogStreams": [], "nextToken": None}, indent=4) + "\n")
ctl = {"messageType": "CONTROL_MESSAGE", "owner": "CloudwatchLogs", "logGroup": "", "logStream": "",
       "subscriptionFilters": [], "logEvents": [{"id": "", "timestamp": 1795350400000,
                                                 "message": "CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}
sub = {"messageType": "DATA_MESSAGE", "owner": "000123456789", "logGroup": "/vpc/flowlogs",
       "logStream": "eni-0a1b2c3d4e5f60718-all", "subscriptionFilters": ["to-firehose"],
       "logEvents": [{"id": str(36000000 + i), "timestamp": e["timestamp"], "message": e["message"]}
                     for i, e in enumerate(ev)]}
open("subscription.json", "w").write(json.dumps(ctl) + "\n" + json.dumps(sub) + "\n")
open("subscription.json.gz", "wb").write(gzip.compress(json.dumps(sub).encode(), mtime=0))
open("lambda-event.json", "w").write(json.dumps(
    {"awslogs": {"data": base64.b64encode(gzip.compress(json.dumps(sub).encode(), mtime=0)).decode()}}, indent=2) + "\n")
open("firehose.jsonl", "w").write("".join(json.dumps({"message": r}) + "\n" for r in recs))
# Logs Insights (`aws logs get-query-results`): rows of {field, value} cells; @message is the record.
rows = [[{"field": "@ptr", "value": str(i)}, {"field": "@timestamp", "value": "2026-11-22 10:27:0%d.000" % i},
         {"field": "@message", "value": r}, {"field": "@logStream", "value": r.split()[2] + "-all"}]
        for i, r in enumerate(recs)]
open("logs-insights.json", "w").write(json.dumps(
    {"results": rows, "statistics": {"recordsMatched": 6.0, "recordsScanned": 6.0, "bytesScanned": 615.0},
     "status": "Complete"}, indent=4) + "\n")
