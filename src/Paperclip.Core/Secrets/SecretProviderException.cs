using Paperclip.Core.Errors;

namespace Paperclip.Core.Secrets;

/// <summary>
/// A provider failure with only a safe message: no values, credentials, ARNs, vault hosts or raw provider text.
/// The raw text stays out of this exception entirely; adapters log what they need before throwing.
/// </summary>
public sealed class SecretProviderException : PaperclipException
{
    /// <summary>Creates the error for <paramref name="providerLabel"/> (e.g. "AWS Secrets Manager").</summary>
    public SecretProviderException(ProviderErrorKind kind, string providerLabel, string operation)
        : base(StatusOf(kind), CodeOf(kind), "Secret provider error", MessageOf(kind, providerLabel))
    {
        this.Kind = kind;
        this.Operation = operation;
    }

    /// <summary>The error class.</summary>
    public ProviderErrorKind Kind { get; }

    /// <summary>The provider operation that failed (e.g. <c>GetSecretValue</c>).</summary>
    public string Operation { get; }

    static int StatusOf(ProviderErrorKind kind) => kind switch
    {
        ProviderErrorKind.AccessDenied => 403,
        ProviderErrorKind.Throttled => 429,
        ProviderErrorKind.NotFound => 404,
        ProviderErrorKind.Conflict => 409,
        ProviderErrorKind.InvalidRequest => 422,
        ProviderErrorKind.Unavailable => 503,
        _ => 502,
    };

    static string CodeOf(ProviderErrorKind kind) => kind switch
    {
        ProviderErrorKind.AccessDenied => SecretErrorCodes.ProviderAccessDenied,
        ProviderErrorKind.Throttled => SecretErrorCodes.ProviderThrottled,
        ProviderErrorKind.NotFound => SecretErrorCodes.ProviderNotFound,
        ProviderErrorKind.Conflict => SecretErrorCodes.ProviderConflict,
        ProviderErrorKind.InvalidRequest => SecretErrorCodes.ProviderInvalidRequest,
        ProviderErrorKind.Unavailable => SecretErrorCodes.ProviderUnavailable,
        _ => SecretErrorCodes.ProviderError,
    };

    static string MessageOf(ProviderErrorKind kind, string label) => kind switch
    {
        ProviderErrorKind.AccessDenied => $"{label} denied the request. Check IAM permissions for this provider vault.",
        ProviderErrorKind.Throttled => $"{label} throttled the request. Wait and try again.",
        ProviderErrorKind.NotFound => $"{label} could not find the requested secret.",
        ProviderErrorKind.Conflict => $"{label} reported that the requested secret already exists.",
        ProviderErrorKind.InvalidRequest => $"{label} rejected the request.",
        ProviderErrorKind.Unavailable => $"{label} is unavailable right now.",
        _ => $"{label} request failed.",
    };
}
