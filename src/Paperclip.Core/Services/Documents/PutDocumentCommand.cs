using Paperclip.Core.Validation;

namespace Paperclip.Core.Services.Documents;

/// <summary><c>PUT …/issues/{id}/documents/{key}</c>: <c>{format: "markdown", body, title?, changeSummary?, baseRevisionId?}</c>, upstream's limits.</summary>
public sealed record PutDocumentCommand(string Format, string Body, string? Title, string? ChangeSummary, Guid? BaseRevisionId)
{
    /// <summary>Longest body accepted, in characters (upstream's).</summary>
    public const int MaxBodyLength = 524_288;

    /// <summary>Parses and validates the body.</summary>
    public static PutDocumentCommand Parse(RequestBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        string? format = body.Text("format", required: true, maxLength: 32);
        if (format is not null and not "markdown")
        {
            body.Fail("format", "must be markdown.");
        }

        string? text = body.MultilineText("body", required: true, maxLength: MaxBodyLength);
        string? title = body.Text("title", required: false, maxLength: 200);
        string? summary = body.Text("changeSummary", required: false, maxLength: 500);
        Guid? baseRevisionId = body.Id("baseRevisionId", required: false);
        body.ThrowIfInvalid();
        return new PutDocumentCommand(format!, text!, title, summary, baseRevisionId);
    }
}
