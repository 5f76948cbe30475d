namespace Paperclip.Core.Errors;

/// <summary>
/// An error the API turns into problem+json: an HTTP status, a stable code and a human detail.
/// Messages must never contain secret values.
/// </summary>
public class PaperclipException : Exception
{
    /// <summary>Creates the error.</summary>
    public PaperclipException(int status, string code, string title, string detail, IReadOnlyDictionary<string, string[]>? errors = null, Exception? inner = null)
        : base(detail, inner)
    {
        this.Status = status;
        this.Code = code;
        this.Title = title;
        this.Errors = errors;
    }

    /// <summary>The HTTP status.</summary>
    public int Status { get; }

    /// <summary>The stable error code.</summary>
    public string Code { get; }

    /// <summary>A short summary of the problem type.</summary>
    public string Title { get; }

    /// <summary>Field errors for validation problems, keyed by field path.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; }

    /// <summary>Extra members of the problem document (ids a client needs to act on the error).</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    /// <summary>When set, the response carries <c>Retry-After</c> with this many seconds.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>404 not_found. Used for unknown ids and for ids of another company alike.</summary>
    public static PaperclipException NotFound(string what) =>
        new(404, ErrorCodes.NotFound, "Not found", $"{what} was not found.");

    /// <summary>409 concurrency_conflict: an ETag race was lost.</summary>
    public static PaperclipException ConcurrencyConflict(string what, Exception? inner = null) =>
        new(409, ErrorCodes.ConcurrencyConflict, "Concurrency conflict", $"{what} was changed by another request; read it again and retry.", null, inner);

    /// <summary>400 validation_failed with field errors.</summary>
    public static PaperclipException Validation(IReadOnlyDictionary<string, string[]> errors) =>
        new(400, ErrorCodes.ValidationFailed, "Validation failed", "The request is invalid; see errors.", errors);

    /// <summary>400 validation_failed for one field.</summary>
    public static PaperclipException Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>400 with a specific code: the request itself asks for something that is never allowed.</summary>
    public static PaperclipException BadRequest(string code, string detail) =>
        new(400, code, "Invalid request", detail);

    /// <summary>422 with a specific code.</summary>
    public static PaperclipException Unprocessable(string code, string detail) =>
        new(422, code, "Unprocessable request", detail);

    /// <summary>409 with a specific code.</summary>
    public static PaperclipException Conflict(string code, string detail) =>
        new(409, code, "Conflict", detail);
}
