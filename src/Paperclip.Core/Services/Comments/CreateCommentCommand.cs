using Paperclip.Core.Validation;

namespace Paperclip.Core.Services.Comments;

/// <summary><c>POST …/issues/{id}/comments</c>: upstream's <c>{body, reopen?, interrupt?}</c>.</summary>
/// <param name="Body">The text (literal <c>\n</c> escapes become newlines, as upstream's multiline rule).</param>
/// <param name="Reopen">Reopen a done or cancelled issue (to <c>todo</c>).</param>
/// <param name="Interrupt">Stop the running run (the board only).</param>
public sealed record CreateCommentCommand(string Body, bool Reopen, bool Interrupt)
{
    /// <summary>The longest body, in characters.</summary>
    public const int MaxBodyLength = 50_000;

    /// <summary>Parses and validates the body.</summary>
    public static CreateCommentCommand Parse(RequestBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        string? text = body.MultilineText("body", required: true, maxLength: MaxBodyLength);
        bool? reopen = body.Flag("reopen");
        bool? interrupt = body.Flag("interrupt");
        string? normalized = text?.Replace("\\r\\n", "\n", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\r", "\n", StringComparison.Ordinal).Trim();
        if (text is not null && string.IsNullOrEmpty(normalized))
        {
            body.Fail("body", "must not be empty.");
        }

        body.ThrowIfInvalid();
        return new CreateCommentCommand(normalized!, reopen ?? false, interrupt ?? false);
    }
}
