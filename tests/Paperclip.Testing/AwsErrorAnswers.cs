namespace Paperclip.Testing;

/// <summary>
/// Failed AWS answers by HTTP status and body shape — AWS's own JSON error, an XML error page (a proxy, S3-style), an
/// empty body, garbage — with what each must become. Every non-JSON body names an ARN and an account id, so a test can
/// prove neither leaks. Shared by the client-level table test and the one through the self-host's HTTP API.
/// </summary>
public static class AwsErrorAnswers
{
    /// <summary>An account id that appears in every failed answer and must never appear in ours.</summary>
    public const string AccountId = "123456789012";

    /// <summary>An ARN that appears in every failed answer and must never appear in ours.</summary>
    public const string Arn = $"arn:aws:iam::{AccountId}:user/ci-deployer";

    /// <summary>The body shapes.</summary>
    public static readonly string[] Shapes = ["json", "xml", "empty", "garbage"];

    /// <summary>Status → the code and status the control plane answers with, whatever the body.</summary>
    public static readonly IReadOnlyDictionary<int, (string Code, int Status)> Expected = new Dictionary<int, (string, int)>
    {
        [403] = ("provider_access_denied", 403),
        [404] = ("provider_not_found", 404),
        [429] = ("provider_throttled", 429),
        [500] = ("provider_unavailable", 503),
        [502] = ("provider_unavailable", 503),
        [503] = ("provider_unavailable", 503),
    };

    /// <summary>Every (status, shape) pair, for a theory.</summary>
    public static IEnumerable<object[]> Cases => Expected.Keys.SelectMany(status => Shapes.Select(shape => new object[] { status, shape }));

    /// <summary>The content type and body of one case.</summary>
    public static (string? ContentType, string Body) Body(int status, string shape) => shape switch
    {
        "json" => ("application/x-amz-json-1.1", status switch
        {
            403 => $$"""{"__type":"AccessDeniedException","message":"User: {{Arn}} is not authorized to perform: secretsmanager:ListSecrets"}""",
            404 => """{"__type":"ResourceNotFoundException","message":"Secrets Manager can't find the specified secret."}""",
            429 => """{"__type":"ThrottlingException","message":"Rate exceeded"}""",
            500 => """{"__type":"InternalServiceError","message":"An error occurred on the server side."}""",

            // A gateway's JSON: no AWS error type at all.
            _ => $$"""{"message":"upstream failed for {{Arn}}"}""",
        }),
        "xml" => ("text/xml", $"<?xml version=\"1.0\"?><ErrorResponse><Error><Type>Sender</Type><Code>Http{status}</Code><Message>{Arn} in account {AccountId}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>"),
        "empty" => (null, string.Empty),
        "garbage" => ("application/octet-stream", $"\u0001\u0002}}{{ not json [{Arn}] \u00ff"),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "Unknown body shape."),
    };
}
