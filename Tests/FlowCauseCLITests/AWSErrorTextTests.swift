import Rendering
import Testing

@testable import FlowCauseCLI

@Suite("AWS CLI failures, read from what the CLI prints")
struct AWSErrorTextTests {
  @Test(
    "Service errors are classified by their code",
    arguments: [
      (
        "An error occurred (UnauthorizedOperation) when calling the DescribeNetworkAcls "
          + "operation: You are not authorized to perform this operation.",
        AWSErrorText.accessDenied(code: "UnauthorizedOperation")
      ),
      (
        "An error occurred (AccessDeniedException) when calling the FilterLogEvents operation: "
          + "User: arn:aws:iam::1:user/x is not authorized to perform: logs:FilterLogEvents",
        .accessDenied(code: "AccessDeniedException")
      ),
      (
        "An error occurred (AccessDenied) when calling the ListObjectsV2 operation: Access Denied",
        .accessDenied(code: "AccessDenied")
      ),
      (
        "download failed: s3://b/k to - An error occurred (403) when calling the HeadObject "
          + "operation: Forbidden",
        .accessDenied(code: "403")
      ),
      (
        "An error occurred (ThrottlingException) when calling the FilterLogEvents operation "
          + "(reached max retries: 4): Rate exceeded",
        .throttled
      ),
      (
        "An error occurred (RequestLimitExceeded) when calling the DescribeRouteTables "
          + "operation (reached max retries: 4): Request limit exceeded.",
        .throttled
      ),
      (
        "An error occurred (ExpiredToken) when calling the DescribeVpcs operation: The security "
          + "token included in the request is expired",
        .noCredentials
      ),
      (
        "An error occurred (AuthFailure) when calling the DescribeVpcs operation: AWS was not "
          + "able to validate the provided access credentials",
        .noCredentials
      ),
      (
        "An error occurred (InvalidVpcID.NotFound) when calling the DescribeVpcs operation: "
          + "The vpc ID 'vpc-1' does not exist",
        .notFound(code: "InvalidVpcID.NotFound")
      ),
      (
        "An error occurred (ResourceNotFoundException) when calling the FilterLogEvents "
          + "operation: The specified log group does not exist.",
        .notFound(code: "ResourceNotFoundException")
      ),
    ])
  func serviceErrors(text: String, kind: AWSErrorText) {
    #expect(AWSErrorText.classify("\n" + text + "\n") == kind)
  }

  @Test(
    "Client errors are classified by their sentence",
    arguments: [
      (
        "Unable to locate credentials. You can configure credentials by running \"aws configure\".",
        AWSErrorText.noCredentials
      ),
      (
        "Error loading SSO Token: Token for my-sso does not exist",
        .noCredentials
      ),
      ("The config profile (oncall) could not be found", .noCredentials),
      ("You must specify a region. You can also configure your region by running", .noRegion),
      ("Could not connect to the endpoint URL: \"https://ec2.x.amazonaws.com/\"", .unreachable),
      ("usage: aws [options] <command> <subcommand>", .other),
    ])
  func clientErrors(text: String, kind: AWSErrorText) {
    #expect(AWSErrorText.classify(text) == kind)
  }

  @Test(
    "Each call names the IAM action it needs",
    arguments: [
      (AWSCall("ec2", "describe-network-acls"), "ec2:DescribeNetworkAcls"),
      (AWSCall("ec2", "get-managed-prefix-list-entries"), "ec2:GetManagedPrefixListEntries"),
      (AWSCall("logs", "filter-log-events"), "logs:FilterLogEvents"),
      (AWSCall("s3api", "list-objects-v2"), "s3:ListBucket"),
      (AWSCall("s3", "cp"), "s3:GetObject"),
    ])
  func iamActions(call: AWSCall, action: String) {
    #expect(call.iamAction == action)
  }

  @Test("A denied call's message names the IAM action; its exit code is 77")
  func deniedMessage() {
    let failure = AWSErrorText.failure(
      call: AWSCall("ec2", "describe-network-acls"), status: 254,
      stderr: "\nAn error occurred (UnauthorizedOperation) when calling the DescribeNetworkAcls "
        + "operation: You are not authorized to perform this operation.\n", attempts: 1)
    #expect(failure.exitCode == .noPermission)
    #expect(
      DiagnosticRenderer.awsReason(failure)
        == "aws ec2 describe-network-acls: access denied (UnauthorizedOperation); the caller "
        + "needs the IAM permission ec2:DescribeNetworkAcls")
  }

  @Test("Retries wait twice as long each time")
  func backoff() {
    let policy = AWSCLI.RetryPolicy(attempts: 4, firstDelay: 1)
    #expect((2...4).map(policy.delay(before:)) == [1, 2, 4])
  }
}
