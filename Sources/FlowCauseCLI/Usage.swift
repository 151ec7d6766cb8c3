/// The help texts, in one place.
enum Usage {
  static let main = """
    flowcause: explains AWS VPC Flow Log REJECT records.

    USAGE: flowcause <command> [options]

    COMMANDS:
      parse      Read flow log records in any delivery form and write them as JSON Lines.

    Run 'flowcause <command> --help' for a command's options.
    Exit codes: 0 all read, 64 usage, 65 some lines bad, 66 an input cannot be opened.

    """

  static let parse = """
    USAGE: flowcause parse [--format FORMAT] [FILE ...]

    Reads flow log records and writes one JSON object per record (JSON Lines) on stdout,
    with AWS's field names as keys, "file" and "line" added. Reads stdin when no FILE is
    given or FILE is '-'.

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
      -h, --help        Show this help.

    Bad lines are reported on stderr as FILE:LINE: error: REASON; a summary line follows.

    """
}
