using System.Text.RegularExpressions;
using Paperclip.Core.Secrets;

namespace Paperclip.Secrets.Aws;

/// <summary>
/// Upstream's classification of an AWS error code and message into a provider error class (first match wins), and the
/// HTTP status as the fallback: an answer whose body names no error we know (a proxy's XML page, an empty 503, a
/// gateway's garbage) is still classified by what its status says, never a generic failure.
/// </summary>
public static partial class AwsErrorClassifier
{
    /// <summary>The class of a failed answer: by its AWS error code and message when they name a known error, else by its status.</summary>
    public static ProviderErrorKind Classify(int status, string? code, string? message)
    {
        ProviderErrorKind named = code is null ? ProviderErrorKind.Error : Classify($"{code}: {message ?? code}");
        return named != ProviderErrorKind.Error ? named : ClassifyStatus(status);
    }

    /// <summary>The class an HTTP status alone gives.</summary>
    public static ProviderErrorKind ClassifyStatus(int status) => status switch
    {
        400 => ProviderErrorKind.InvalidRequest,
        401 or 403 => ProviderErrorKind.AccessDenied,
        404 => ProviderErrorKind.NotFound,
        409 => ProviderErrorKind.Conflict,
        429 => ProviderErrorKind.Throttled,
        408 or >= 500 => ProviderErrorKind.Unavailable,
        _ => ProviderErrorKind.Error,
    };

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
