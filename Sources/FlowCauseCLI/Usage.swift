/// The help texts, in one place.
enum Usage {
  static let main = """
    flowcause: explains AWS VPC Flow Log REJECT records.

    USAGE: flowcause <command> [options]

    COMMANDS:
      collect    Save a VPC's topology and flow log formats with the AWS CLI, for diagnose.
      parse      Read flow log records in any delivery form and write them as JSON Lines.
      diagnose   Name the cause of every REJECT record: security group, network ACL,
                 routing, block public access, a late packet after close, or undetermined;
                 or count them by cause, rule, interface, service, client and time
                 (--output summary); --output md for a report to paste.
      explain    One REJECT record's whole story, step by step, or a short report of it
                 (--output md).
      lint       Check a security design before it rejects anything: replies cut by network
                 ACLs, dead NACL entries, admin ports open to the internet, routing, hygiene.
      report     One HTML page to look at: REJECTs over time by cause, the top patterns, and
                 the path of each drawn with the rule that rejected it marked.
      scenario   List, run or check the bundled scenarios (Scenarios/).
      simulate   Write the flow log AWS would write for some traffic on a topology.
      sql        diagnose's decision table as one SQL query for Athena, Trino, Spark or
                 DuckDB, over the flow log table AWS documents for Athena.
      trace      Can A reach B, and can B's replies come back? Walk both legs through the
                 security groups, network ACLs and routes of a topology.

    Run 'flowcause <command> --help' or 'flowcause help <command>' for a command's options,
    'flowcause --version' for the version. parse, diagnose and explain read FILE, or standard
    input for '-' (parse and diagnose with no FILE too, unless it is a terminal).
    Exit codes: 0 success, 64 usage, 65 bad input data, 66 an input cannot be opened, 74 the
    output cannot be written (a full disk); trace: 1 not reachable, 3 undetermined; lint: 1 a
    finding at or above --fail-on; simulate: 73 the --truth file cannot be created; with the
    AWS CLI (collect, diagnose --cloudwatch/--s3): 4 no flow log data in the time range, 69 aws
    missing or a call failed, 73 cannot write the output, 75 still throttled, 77 no credentials
    or access denied.

    """

  static let lint = """
    USAGE: flowcause lint --topology PATH [--output text|json|sarif]
                          [--fail-on error|warning|notice] [--baseline FILE | --compare PATH]
                          [--threads N] [--lang en|ja]

    Checks the security groups, network ACLs and routes of a topology the way a careful
    reviewer would, before any traffic flows: replies the network ACLs cut for the clients
    that matter (Linux 32768-60999, Windows 49152-65535, NAT gateways, load balancers and
    Lambda 1024-65535), NACL entries no packet reaches, admin and database ports open to
    the internet on reachable interfaces (or to all addresses on private ones), "public"
    subnets and addresses without a route to an internet gateway, blackhole routes,
    unattached groups, references to missing groups, untracked flows and IPv6 traffic the
    NACLs forget. One finding per rule to change (a NACL entry and direction, a security
    group rule, a route), with a stable id, a severity, everything it affects, an
    explanation and a fix (docs/lint.md).

    OPTIONS:
      --topology PATH   'aws ec2 describe-*' JSON or the native format (see docs/topology.md).
      --output FORMAT   text (default), json (AWS's field names; see docs/lint.md) or sarif
                        (SARIF 2.1.0 for code-scanning tools, at the topology file and line).
      --fail-on LEVEL   error (default), warning or notice: the least severe finding that
                        makes the exit code 1.
      --baseline FILE   Report only findings that FILE, an earlier '--output json' (or
                        sarif) run, does not have (matched by their Fingerprint).
      --compare PATH    Compare with a changed topology: the findings the change adds,
                        removes and changes, and the flows it touches whose reachability
                        changes (traced in both, as 'trace' does). Exit 1 when it adds a
                        finding at or above --fail-on, makes one worse (more severe, or on
                        more ENIs), or breaks a flow.
      --threads N       Threads for the checks (default: the processors, at most 8); the
                        findings are the same on any number.
      --lang LANG       en or ja: the language of the sentences, in text, in json's
                        Explanation and Fix fields and in sarif's messages and rule texts
                        (else FLOWCAUSE_LANG, then the locale; see docs/ja/glossary.md).
                        Finding ids, severities, field names, fingerprints and ids do not
                        change.

    Exit codes: 0 no finding at or above --fail-on, 1 some finding at or above it (with
    --baseline, a new one; with --compare, one added or made worse, or a flow broken), 64 usage, 65 the topology (or baseline) cannot be read, 66 a
    path cannot be opened, 74 the output cannot be written.

    """

  static let parse = """
    USAGE: flowcause parse [--format FORMAT] [--threads N] [--max-errors N] [FILE ...]

    Reads flow log records and writes one JSON object per record (JSON Lines) on stdout,
    with AWS's field names as keys, "file" and "line" added. Reads standard input for a FILE
    '-', and when no FILE is given (unless standard input is a terminal). A FILE that is a
    directory stands for every *.log and *.log.gz under it, recursively, in order (AWS's
    flow log files by the time in their names).

    Inputs may be plain text, gzip (.log.gz, several members too), the JSON printed by
    'aws logs get-log-events' or 'aws logs filter-log-events', a CloudWatch Logs
    subscription payload, Firehose {"message": ...} lines, Logs Insights results
    ('aws logs get-query-results'), or a CloudWatch export with an
    ISO-8601 time before each record. The form is detected from the content.

    OPTIONS:
      --format FORMAT   The flow log's LogFormat, as 'aws ec2 describe-flow-logs' prints it
                        ('${version} ${account-id} ...') or as field names separated by
                        spaces. A header line in the file takes precedence. Default: the
                        version 2 default format.
      --threads N       Threads that parse (default 1). With 2 or more, gzip and the next
                        few files are read and decompressed ahead on threads of their own.
                        The output does not depend on N.
      --max-errors N    Report the first N bad lines of each input (default 20; 0: all);
                        one line then says how many more there were.
      -h, --help        Show this help.

    Bad lines are reported on stderr as FILE:LINE: error: REASON; a summary line follows and
    counts them all.

    """

  static let report = """
    USAGE: flowcause report [--topology PATH] [diagnose's options] FILE ... --out FILE

    Writes one self-contained HTML page (inline CSS and SVG, nothing fetched, readable
    offline, to attach to a ticket): the inputs and totals; REJECTs over time, stacked by
    cause; the top patterns; for each of the top ten the path of its first REJECT,
    request and reply through every checkpoint in AWS's order with the rule that
    rejected it marked, its paired log lines and the fix; what rejects the most; and
    the topology. The counts are those of 'diagnose --output summary'; the
    page's size does not grow with the log's. Same as 'diagnose --output html'.

    OPTIONS:
      --out FILE        The page to write (- for standard output). It is written under a
                        temporary name beside FILE and renamed into place when whole.
      Every option of diagnose but --output and --fields: --topology, --format,
      --threads, --max-errors, --lang (the page's language: en or ja), --cloudwatch/--s3
      with --since/--until, and the filters (--interface, --port, --cause, ...). Run
      'flowcause help diagnose'.

    Exit codes as diagnose's, and 73 when FILE cannot be created, 74 when it cannot be
    written.

    """

  static let sql = """
    USAGE: flowcause sql --dialect athena|trino|spark|duckdb [--topology PATH [--views PREFIX]]
                         [--table NAME] [--format FORMAT] [--since T] [--until T]
                         [--partition date|day] [--summary]

    Writes one SQL query that decides every REJECT of a flow log table as 'diagnose' does:
    each REJECT paired with its conversation's records on its ENI and at peers within
    1260 s, the role of its packets, and the first row of the decision table that applies
    (docs/diagnosis.md); with --topology, each reading of it checked at its ENI (the network
    ACL entry by rule number, the security groups, the route). One row per REJECT with its
    cause, code, component, rule, direction, role, confidence, candidates and the paired
    record's start and action. The table is the one AWS's documentation creates for Athena
    (docs/scale-out.md has the DDL).

    OPTIONS:
      --dialect D       athena (engine version 3), trino, spark (Spark SQL 3.4+) or duckdb.
      --topology PATH   'aws ec2 describe-*' JSON or the native format, a file or a folder
                        (as 'diagnose --topology'): written into the query as rows.
      --views PREFIX    The topology's rows as views PREFIX_eni_1, ... (database.prefix
                        allowed), each created by a statement of its own before the query
                        ('-- flowcause sql: statement K of N' starts each): for a topology
                        too big for one query (Athena takes 262,144 bytes).
      --table NAME      The flow log table (default vpc_flow_logs; database.table and
                        catalog.database.table allowed).
      --format FORMAT   The flow log's format, as 'diagnose --format' takes it (default:
                        AWS's default format, version 2); its fields, with '_' for '-', are
                        the table's columns.
      --since T, --until T
                        Only REJECTs whose window ends at or after T / starts at or before T:
                        a duration before now (90s, 30m, 2h, 1d) or a time
                        (2026-11-22T13:00:00Z or epoch seconds).
      --partition P     The table's date partition, so that only the days of the time range
                        (and an hour each side) are read: date (a DATE column 'date') or
                        day (a string column 'day', yyyy/MM/dd, with partition projection).
      --summary         Counts instead of rows: in total, by cause, by ENI, by protocol and
                        the server's port, and by hour and cause.

    Exit codes: 0 written, 64 usage, 65 the topology is not valid, 66 it cannot be read,
    74 the output cannot be written.
    """

  static let trace = """
    USAGE: flowcause trace --topology PATH --from A --to B --protocol P [--port N]
                           [--source-port N] [--icmp-type N] [--icmp-code N] [--ipv6]
                           [--output text|json|svg] [--lang en|ja]

    Walks the forward leg and the return leg of a flow through every checkpoint in AWS's
    order (source SG egress, source subnet NACL egress, route table, gateway, destination
    subnet NACL ingress, destination SG ingress; then back) and says allowed or denied at
    each, naming the rule or route that decided.

    OPTIONS:
      --topology PATH   A JSON file or a directory of JSON files: 'aws ec2 describe-*'
                        output, or the native {"flowcause-topology": 1} format
                        (see docs/topology.md).
      --from A, --to B  An IP address, an ENI id (eni-...) or an instance id (i-...).
                        An address outside the topology is a host on the internet.
      --protocol P      tcp, udp, icmp, icmpv6 or an IANA protocol number.
      --port N          The destination port (tcp and udp; an error for icmp and icmpv6,
                        which have no ports: give --icmp-type and --icmp-code).
      --source-port N   The source port; by default one is drawn from the Linux ephemeral
                        range 32768-60999 and the output says so.
      --icmp-type N, --icmp-code N
                        ICMP type and code (default: echo request).
      --ipv6            Use the ENIs' IPv6 addresses when both ends are ids.
      --output FORMAT   text (default), json (Reachability Analyzer-style field names;
                        see docs/evaluation.md) or svg (both legs drawn, the checkpoint
                        that drops the flow marked; docs/report.md).
      --lang LANG       en or ja: the language of the sentences, in text and in json's
                        Explanation fields (else FLOWCAUSE_LANG, then the locale; see
                        docs/ja/glossary.md). Field names, codes and ids do not change.

    Exit codes: 0 reachable, 1 not reachable, 3 undetermined, 64 usage (also an ENI or
    instance id the topology does not hold), 65 the topology cannot be read, 66 the topology
    path cannot be opened, 74 the output cannot be written.

    """

  static let collect = """
    USAGE: flowcause collect --vpc vpc-ID --out DIR [--region R] [--profile P]

    Runs the read-only AWS CLI calls diagnose and trace read (aws ec2 describe-vpcs,
    -subnets, -route-tables, -internet-gateways, -egress-only-internet-gateways,
    -nat-gateways, -network-acls, -security-groups, -network-interfaces, -instances,
    -managed-prefix-lists, -vpc-peering-connections, get-managed-prefix-list-entries for
    each prefix list in use, describe-flow-logs) and saves each output in DIR as the CLI
    prints it, with a manifest, flowcause-collect.json (time, region, account, CLI version).
    'aws' must be on PATH; it uses your usual configuration: AWS_PROFILE, AWS_REGION,
    AWS_ENDPOINT_URL, SSO. See docs/aws-cli.md for the IAM actions needed.

    OPTIONS:
      --vpc vpc-ID      The VPC.
      --out DIR         The folder to write (created when missing); use it as --topology.
      --region R        Passed to every call (default: AWS_REGION, then your configuration).
      --profile P       Passed to every call (default: AWS_PROFILE, then 'default').

    A call that is denied is reported with the IAM action it needs and the others go on; a
    run that stops before writing a file removes the folders it created.
    Exit codes: 0 all written, 64 usage, 69 aws missing or a call failed, 73 DIR cannot be
    written, 75 still throttled after retries, 77 no credentials or access denied.

    """

  static let diagnose = """
    USAGE: flowcause diagnose [--topology PATH] [--format FORMAT]
                              [--output text|json|jsonl|summary|md|html]
                              [--fields K,K,...] [--lang en|ja] [--max-errors N] [--quiet]
                              [FILTERS] FILE ...
           flowcause diagnose --topology DIR --cloudwatch LOG_GROUP [--interface eni-...]
                              [--since 30m | --start T [--end T]] [--region R] [--profile P]
           flowcause diagnose --topology DIR --s3 s3://BUCKET/PREFIX
                              [--since 30m | --start T [--end T]] [--region R] [--profile P]

    Pairs request and response records (the same ENI with the reversed 5-tuple, and the same
    conversation on other ENIs), decides which side started each flow, and names the cause
    of every REJECT record. Without a topology it says only what the logs prove: a rejected
    reply after an accepted request on the same ENI is the network ACL; a rejected request
    is the security group or the network ACL. With a topology it evaluates the rejected leg
    at the ENI and names the security group, the NACL and its rule number, or the route.

    OPTIONS:
      --topology PATH   'aws ec2 describe-*' JSON or the native format (see docs/topology.md).
      --format FORMAT   The flow log's LogFormat, as for 'flowcause parse'. It must have
                        interface-id, srcaddr, dstaddr, protocol and action. Without it,
                        files without a header line take the LogFormat of their flow log
                        in the --topology folder's describe-flow-logs.json, if there is one.
      --output FORMAT   text (default, for a person: the counts, then the REJECTs grouped
                        by pattern, with each pattern's count, first and last time and
                        first REJECT), jsonl (one object per REJECT), json (one document
                        with a summary and every diagnosis), summary (one document of
                        counts: by cause, the top rules, interfaces, services, clients and
                        patterns with example lines, and a timeline) or md (a short report
                        in Markdown to paste into a ticket or a channel: the top patterns
                        and the fixes of the first few), or html (the page 'flowcause
                        report' writes, docs/report.md). Only json grows with the REJECTs.
                        See docs/diagnosis.md.
      --fields K,K,...  With --output jsonl: only these keys of each line, in the order the
                        full line has them, such as line,cause,component,rule. The keys:
                        file, line, interface-id, srcaddr, dstaddr, srcport, dstport,
                        protocol, cause, code, component, rule, direction, role,
                        confidence, candidates, explanation, evidence.
      --lang LANG       en or ja: the language of the sentences, in text, md and the
                        explanations of json and jsonl (else FLOWCAUSE_LANG, then the locale:
                        LC_ALL, LC_MESSAGES, LANG; docs/ja/glossary.md). Keys, causes,
                        codes and ids are the same in every language.
      --threads N       Threads that decide REJECTs while the input is read, and one that
                        decompresses gzip ahead (default: the processors, at most 8). The
                        output does not depend on N.
      --max-errors N    Report the first N bad lines of each input on stderr (default 20;
                        0: all); one line then says how many more there were.
      --quiet           No progress line. Without it, when stderr is a terminal and reading
                        takes over 1.5 s, one line there shows the text read, the lines and
                        the REJECTs decided so far, the rate, and for plain files the share
                        done and the time left; it is cleared when reading ends.

    FILTERS (on any input; several values comma-separated; every option given must hold):
      --interface ENI   The REJECTs of these interfaces (eni-...).
      --address A       Either end in A: an address or a CIDR (10.0.0.0/16, 2600:1f18::/56).
      --port N          Either end's port.
      --protocol P      tcp, udp, icmp, icmpv6 or a number.
      --since T, --until T
                        Records whose window ends at or after T / starts at or before T: a
                        duration back from now (90s, 30m, 2h, 1d) or a time
                        (2026-11-22T13:00:00Z or epoch seconds).
      --cause C         security-group, network-acl, routing, block-public-access,
                        after-close, undetermined.
      --min-confidence L
                        high, medium or low: L or higher.
      Every record is still read and paired: a REJECT kept has the diagnosis it has
      without the filters.

    Records are read as a stream: memory holds a window of about 42 minutes of records, not
    the input. Give the files in time order; records more than 1260 s behind newer ones are
    counted and warned about (docs/diagnosis.md, "Streaming").

    A FILE '-' is standard input, as is no FILE (unless standard input is a terminal:
    zcat flows.log.gz | flowcause diagnose -). A FILE that is a directory stands for every
    *.log and *.log.gz under it, recursively: AWS's flow log files
    (ACCOUNT_vpcflowlogs_REGION_fl-..._YYYYMMDDTHHmmZ_HASH.log.gz, as in S3) in the order
    of the time in their names, which is time order, any others first in path order. The
    next few gzip files are decompressed while one is analysed.

    FETCHING WITH THE AWS CLI (docs/aws-cli.md):
      --cloudwatch G    Read the events of log group G with 'aws logs filter-log-events',
                        page by page, diagnosing as they arrive.
      --interface ENI   Also fetches only the streams of those interfaces (eni-...).
      --s3 URL          Read the flow log objects under s3://BUCKET/PREFIX written for the
                        time range (both AWS key layouts, Hive-style too), each streamed with
                        'aws s3 cp'.
      --since D         The range: the last D (90s, 30m, 2h, 1d), the records filtered
                        the same way. Default: 1h.
      --start T, --end T
                        The range: from T to T (2026-11-22T13:00:00Z or epoch seconds);
                        --end defaults to now.
      --region R, --profile P
                        Passed to every aws call.
      --follow          With --cloudwatch: after the range, ask for new events every
                        --poll D (default 30s) until Ctrl-C, which ends it with the output
                        as for a file. Each REJECT is written once its window closes (text:
                        one line each; JSON Lines as usual); on a terminal a running summary
                        of the top patterns stays below them.
      Without --format, the LogFormat of the flow log delivering to G or the bucket is taken
      from DIR/describe-flow-logs.json (flowcause collect writes it). Progress goes to stderr
      when it is a terminal.

    Exit codes: 0 success, 64 usage, 65 bad lines or a damaged input, 66 an input cannot be
    opened (then, when no input could be, nothing is written on stdout), 74 the output cannot
    be written; fetching: 4 no flow log data in the time range, 69 aws missing or a call
    failed, 75 still throttled after retries, 77 no credentials or access denied (the IAM
    action is named).

    """

  static let explain = """
    USAGE: flowcause explain [--topology PATH] [--format FORMAT] [--output text|md|svg]
                             [--lang en|ja] [--max-errors N] --line N FILE
           flowcause explain [--topology PATH] [--format FORMAT] [--output text|md|svg]
                             [--lang en|ja] RECORD

    Tells one record's story: which way it went, which leg of its conversation it is and
    why, what stateful security groups and stateless network ACLs mean for it, each check
    at its ENI with the rule that decided, both legs side by side (the client's checks on
    the left, the server's on the right), and the cause. With --line, the other records of
    FILE serve as evidence (the paired leg); a RECORD given as text stands alone. A FILE '-'
    is standard input.

    OPTIONS:
      --topology PATH   'aws ec2 describe-*' JSON or the native format (see docs/topology.md);
                        without it, no rule can be named.
      --format FORMAT   The flow log's LogFormat, as for 'flowcause parse'. It must have
                        interface-id, srcaddr, dstaddr, protocol and action. Without it,
                        files without a header line take the LogFormat of their flow log
                        in the --topology folder's describe-flow-logs.json, if there is one.
      --line N          The line of FILE to explain: its line number in a text file, the line
                        its message is on in JSON ('flowcause parse' prints both).
      --output FORMAT   text (default: the story), md (about fifteen lines of Markdown to
                        paste: the verdict and its rule, the record and those paired with
                        it, the path of each leg, the fix and the caveats) or svg (both
                        legs drawn, the checkpoint that rejected the record marked;
                        docs/report.md).
      --lang LANG       en or ja: the language of the story (docs/ja/glossary.md). Without
                        it, FLOWCAUSE_LANG, then the locale (LC_ALL, LC_MESSAGES, LANG:
                        ja_JP.UTF-8 is Japanese); English otherwise. Ids, causes, codes and
                        check names are the same in every language.
      --max-errors N    Report the first N bad lines of FILE (default 20; 0: all).
      -h, --help        Show this help.

    Bad lines of FILE are reported on stderr as FILE:LINE: error: REASON; a damaged FILE
    (broken JSON, truncated gzip) as FILE: error: REASON, and nothing is explained.
    Exit codes: 0 explained, 64 usage, 65 the line is no flow record, FILE has bad lines or
    is damaged, or the topology cannot be read, 66 FILE or the topology cannot be opened, 74
    the output cannot be written.

    """

  static let scenario = """
    USAGE: flowcause scenario list [--scenarios DIR]
           flowcause scenario run NAME [--scenarios DIR]
           flowcause scenario check [NAME ...] [--scenarios DIR]

    A scenario is a folder of DIR (default: Scenarios) with flows.log, an optional topology/
    folder, expected.jsonl (the argued diagnosis of each REJECT) and a README.md. 'run'
    prints the diagnosis; 'check' compares it with expected.jsonl (exit 1 on a difference).

    Exit codes: 0 success, 1 a difference, 64 usage, 65 a line of expected.jsonl is not an
    expectation (FILE:LINE: error: REASON; its scenario fails), 66 DIR does not exist or
    holds no scenario, or NAME is not one of them, 74 the output cannot be written.

    """

  static let simulate = """
    USAGE: flowcause simulate --topology PATH --traffic FILE [--format FORMAT] [--header]
                              [--window 60|600] [--seed N] [--truth FILE]
           flowcause simulate --topology A --compare B --traffic FILE [--output text|jsonl]
                              [--lang en|ja] [--format FORMAT] [--header] [--window 60|600]
                              [--seed N]

    Writes the records each ENI of the topology would log for the conversations of the
    traffic file (docs/simulate.md): request and response legs, ACCEPT or REJECT as the
    security groups, network ACLs and routes decide, one record per aggregation window.
    With --compare, the log under A beside the log under B instead: each record's action
    under each, the records that change marked (ACCEPT to REJECT and back, records that
    appear or vanish), and for each change the rule that made it.

    OPTIONS:
      --format FORMAT   The records' format (default: the version 2 default format).
      --header          Start with an S3-style header line of field names.
      --window N        The aggregation window: 60 (default) or 600 seconds.
      --seed N          Fixes the client ports drawn for conversations without one.
      --truth FILE      Also write, for each REJECT line, what rejected it (JSON Lines).
      --compare PATH    The topology B to compare the log under --topology (A) with.
      --output FORMAT   With --compare: text (default) or jsonl (one object per record).
      --lang LANG       en or ja: the language of --compare's sentences (else
                        FLOWCAUSE_LANG, then the locale; docs/ja/glossary.md).

    Exit codes: 0 written, 64 usage, 65 the topology or the traffic file cannot be read (not
    JSON, or a wrong key: the message names the line and column, or the JSON path), 66 the
    topology or the traffic file cannot be opened, 73 the --truth file cannot be created, 74
    the output or the --truth file cannot be written. With 65, 66 and 73 nothing is written.

    """
}
