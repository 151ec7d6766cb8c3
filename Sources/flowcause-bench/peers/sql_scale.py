"""`flowcause sql` on Spark in local mode against `flowcause diagnose` on one flow log file
(docs/scale-out.md, "On Spark"): the file read as the documented table (Spark's CSV reader,
space-separated, the DDL's types: `-` in an integer column NULL, as Athena reads it), the
query's rows written to Spark's no-op sink and its summary collected, each timed from the
query's start; `diagnose --output summary` timed as a whole process; both with the topology
given (`--topology`), else from the logs alone. The causes counted by both must be equal.

    python sql_scale.py --flowcause BIN --file FILE [--topology PATH] [--threads 2] [--memory 8g]
"""

import argparse
import json
import subprocess
import time

INTEGER_COLUMNS = {
    "version", "srcport", "dstport", "protocol", "packets", "bytes", "start", "end",
    "tcp_flags", "traffic_path",
}
DEFAULT_FORMAT = ("version account-id interface-id srcaddr dstaddr srcport dstport protocol "
                  "packets bytes start end action log-status").split()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--flowcause", required=True)
    parser.add_argument("--file", required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--memory", default="8g")
    parser.add_argument("--topology")
    arguments = parser.parse_args()

    from pyspark.sql import SparkSession
    from pyspark.sql.types import LongType, StringType, StructField, StructType
    spark = (SparkSession.builder.master(f"local[{arguments.threads}]")
             .appName("flowcause-sql-scale")
             .config("spark.driver.memory", arguments.memory)
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", str(4 * arguments.threads))
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    columns = [f.replace("-", "_") for f in DEFAULT_FORMAT]
    schema = StructType([
        StructField(c, LongType() if c in INTEGER_COLUMNS else StringType(), True)
        for c in columns])
    table = spark.read.csv(arguments.file, sep=" ", schema=schema, mode="PERMISSIVE")
    table.createOrReplaceTempView("vpc_flow_logs")

    topology = ["--topology", arguments.topology] if arguments.topology else []

    def query(summary):
        command = [arguments.flowcause, "sql", "--dialect", "spark"] + topology
        if summary:
            command.append("--summary")
        text = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        return text.rstrip().rstrip(";")

    clock = time.monotonic()
    spark.sql(query(False)).write.format("noop").mode("overwrite").save()
    rows_seconds = time.monotonic() - clock
    clock = time.monotonic()
    summary = spark.sql(query(True)).collect()
    summary_seconds = time.monotonic() - clock
    by_cause = {r["cause"]: r["rejects"] for r in summary if r["summary_group"] == "cause"}
    total = sum(by_cause.values())

    clock = time.monotonic()
    output = subprocess.run(
        [arguments.flowcause, "diagnose", *topology, "--output", "summary", arguments.file],
        check=True, capture_output=True, text=True).stdout
    diagnose_seconds = time.monotonic() - clock
    document = json.loads(output)
    counted = document.get("by-cause") or document.get("causes") or {}
    records = sum(1 for _ in open(arguments.file, "rb"))
    print(f"{arguments.file}: {records:,} records, {total:,} REJECTs"
          + (f", topology {arguments.topology}" if arguments.topology else ", logs alone"))
    print(f"  spark local[{arguments.threads}], rows to the no-op sink  {rows_seconds:8.2f} s"
          f"  {records / rows_seconds / 1e6:6.2f} M records/s")
    print(f"  spark local[{arguments.threads}], --summary collected     {summary_seconds:8.2f} s"
          f"  {records / summary_seconds / 1e6:6.2f} M records/s")
    print(f"  flowcause diagnose --output summary  {diagnose_seconds:8.2f} s"
          f"  {records / diagnose_seconds / 1e6:6.2f} M records/s")
    print(f"  causes: spark {json.dumps(by_cause, sort_keys=True)}")
    print(f"          diagnose {json.dumps(counted, sort_keys=True)}")
    same = all(counted.get(k, 0) == v for k, v in by_cause.items()) and \
        sum(counted.values()) == total
    print(f"  equal: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
