using System.Text.RegularExpressions;
using Paperclip.Core.Secrets;

namespace Paperclip.Secrets.Aws;

/// <summary>Upstream's classification of an AWS error code and message into a provider error class (first match wins).</summary>
public static partial class AwsErrorClassifier
{
    /// <summary>The class of <c>&lt;code&gt;: &lt;message&gt;</c>.</summary>
    public static ProviderErrorKind Classify(string text) =>
        Conflict().IsMatch(text) ? ProviderErrorKind.Conflict
        : NotFound().IsMatch(text) ? ProviderErrorKind.NotFound
        : AccessDenied().IsMatch(text) ? ProviderErrorKind.AccessDenied
        : Throttled().IsMatch(text) ? ProviderErrorKind.Throttled
        : Invalid().IsMatch(text) ? ProviderErrorKind.InvalidRequest
        : Unavailable().IsMatch(text) ? ProviderErrorKind.Unavailable
        : ProviderErrorKind.Error;

    [GeneratedRegex("ResourceExistsException|AlreadyExists")]
    private static partial Regex Conflict();

    [GeneratedRegex("ResourceNotFoundException|NotFound")]
    private static partial Regex NotFound();

    // Credential, expiry and signature failures are access problems too (upstream's later fix).
    [GeneratedRegex("AccessDeniedException|AccessDenied|UnrecognizedClientException|InvalidClientTokenId|not authorized|ExpiredToken|InvalidSignatureException|SignatureDoesNotMatch|IncompleteSignature|MissingAuthenticationToken|credentials", RegexOptions.IgnoreCase)]
    private static partial Regex AccessDenied();

    [GeneratedRegex("Throttl|TooManyRequests|RequestLimitExceeded|Rate exceeded")]
    private static partial Regex Throttled();

    [GeneratedRegex("ValidationException|InvalidParameter|InvalidRequest")]
    private static partial Regex Invalid();

    [GeneratedRegex("fetch failed|ECONN|ENOTFOUND|ETIMEDOUT|network|timeout|InternalServiceError|ServiceUnavailable", RegexOptions.IgnoreCase)]
    private static partial Regex Unavailable();
}
