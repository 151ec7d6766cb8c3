/// The help texts of `flowcause-bench`.
enum BenchUsage {
  static let main = """
    flowcause-bench: generates realistic VPC flow logs and measures how fast flowcause reads
    them. A self-checking benchmark, not a test: it prints rates and never asserts on time,
    but it fails (exit 1) when the reader's counts differ from what the generator wrote.
    'accuracy' measures how often diagnose names the true cause of a simulated REJECT.

    USAGE:
      flowcause-bench generate --records N --seed S --out FILE [--format v2|v5] [--gzip]
                               [--per-window K | --profile busy [--rate R]] [--topology FILE]
      flowcause-bench count FILE [--threads T] [--format v2|v5]
      flowcause-bench parse [--records N] [--seed S] [--threads T] [--runs R] [--keep DIR]
                            [--format v2|v5|both]
      flowcause-bench accuracy [--seeds N] [--seed S] [--show] [--rejects-only]
      flowcause-bench account --vpcs N [--interfaces M] [--seed S] --out FILE
      flowcause-bench samples --seeds N [--seed S] --out DIR
      flowcause-bench lint [--vpcs 1,5,20,200] [--interfaces M] [--runs R] [--threads T]
                           [--dir DIR]

    COMMANDS:
      generate   Write a seeded flow log of N records to FILE, and the exact counts written
                 (records, accept, reject, nodata, skipdata, lines, bytes) to
                 FILE.expected.json. The same N, S and format give the same bytes.
      count      flowcause's reader counting FILE's records by action on T threads (default
                 2), each reading a line-aligned part; prints the counts as JSON. The job
                 run-peers.sh times against polars and DuckDB.
      parse      Generate (or reuse) a flow log and time, each over R runs (median):
                   a) a memchr newline count over 1 MiB read(2) chunks, the floor;
                   b) FlowLogReader counting records by action, in process;
                   c) 'flowcause parse FILE > /dev/null', the release binary next to this one.
                 Every run is checked against FILE.expected.json.
      accuracy   The differential that finds wrong causes: seeded random networks (1-3
                 VPCs, peering, gateways, NACLs, security groups) and traffic of many kinds
                 are simulated, written as v2, v3 and v5 lines, read back and diagnosed as
                 diagnose does, with the topology and from the logs alone; each REJECT's
                 diagnosis is compared with what the simulator knows rejected it. Prints,
                 per mode, a table by true cause and by traffic kind, the failure classes
                 and examples. Fails (exit 1) on a wrong cause at high confidence in any
                 mode, or, with the topology and tcp-flags, on undetermined for more than
                 1 % of security-group, network-acl and routing REJECTs or candidates that
                 miss the true cause (docs/diagnosis.md, "Measuring accuracy").
                 --rejects-only adds the six modes on logs of REJECT records only (a flow
                 log whose traffic type is REJECT), held to no wrong cause at high.
      account    Write an account of N independent VPCs as a native topology, for timing
                 lint: each VPC 10 subnets, 2 NACLs of 42 entries each way, 25 security
                 groups of 20 rules (some naming other groups), 250 ENIs (--interfaces M).
                 Each VPC's rules come from a stream of their own: more ENIs, same rules.
      samples    The differential's random networks as files, seeds S to S+N-1: in
                 DIR/seed-K/, the snapshot topology (topology.json) and the simulated flow
                 log in v2, v3 and v5 (v2.log, v3.log, v5.log, each with its header line),
                 and the v5 log's REJECTs alone (v5-rejects.log).
      lint       The lint curve: for each VPC count, an account as above, then
                 'flowcause lint --topology FILE --output json' as a whole process over R
                 runs (median, default 3): time, µs a ENI, peak RSS, findings, and the
                 goals (5,000 ENIs in 3 s, 50,000 in 30 s). Prints rates, asserts nothing.

    GENERATE OPTIONS:
      --records N      Records to write (required). Underscores may group digits: 10_000_000.
      --seed S         The random seed (default 1).
      --out FILE       Where to write (required); counts go to FILE.expected.json.
      --format F       v2: the default 14-field format, no header (default).
                       v5: every version 2-5 field, after an S3-style header line.
      --gzip           Compress FILE with the system gzip; the counts give the text bytes
                       and compressedBytes.
      --per-window K   K records a 60-second window (a fixed rate), instead of spreading N
                       records over one day: twice N then covers twice the time.
      --profile P      quiet (default): the day above, 400 interfaces, about 115 records a
                       second. busy: a web service on the internet at R records a second
                       (--rate, default 800): tens of thousands of clients on IPv4 and IPv6
                       to 12 web servers, app and database tiers behind them, NAT egress,
                       scanners (one record a probe), backscatter, pings both ways, a
                       database ACL that cuts replies to app ports outside 32768-60999,
                       late RSTs after close; about 33% REJECT. The counts add
                       truthAfterClose (docs/performance.md, "The busy day").
      --topology FILE  Also write the network the traffic ran on (flowcause's native
                       topology format): the security groups and network ACLs that reject
                       what the log rejects. The counts give the true cause of every REJECT
                       (truthSecurityGroup, truthNetworkACL).

    PARSE OPTIONS:
      --records N      Records per file (default 3000000).
      --seed S         The random seed (default 1).
      --threads T      Threads for jobs a and b (default 1); each reads a line-aligned part
                       of the file. flowcause parse always runs as one process.
      --runs R         Runs per job; the table shows the median (default 3).
      --keep DIR       Where data files are kept and reused, keyed by format, N, seed and
                       generator version (default .build/bench-data, which git ignores).
      --format F       v2, v5 or both (default both).

    ACCURACY OPTIONS:
      --seeds N        Networks to simulate (default 2000).
      --seed S         The first seed (default 1); seeds S to S+N-1 are run.
      --show           Print each seed instead: its topology, traffic, and every REJECT
                       with its truth and each mode's diagnosis.

    Build and run in release mode:
      swift build -c release --product flowcause-bench
      swift build -c release --product flowcause
      .build/release/flowcause-bench parse --records 3000000

    Exit codes: 0 done and checked, 1 a count mismatch, a wrong diagnosis or a failure,
    2 usage.

    """
}
