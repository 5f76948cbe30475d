namespace Paperclip.Core.Secrets;

/// <summary>Upstream's provider error classes; each maps to one HTTP status, code and safe message.</summary>
public enum ProviderErrorKind
{
    /// <summary>403.</summary>
    AccessDenied,

    /// <summary>429.</summary>
    Throttled,

    /// <summary>404.</summary>
    NotFound,

    /// <summary>409.</summary>
    Conflict,

    /// <summary>422.</summary>
    InvalidRequest,

    /// <summary>503.</summary>
    Unavailable,

    /// <summary>502.</summary>
    Error,
}
