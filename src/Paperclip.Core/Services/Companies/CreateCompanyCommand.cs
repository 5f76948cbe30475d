using System.Text.RegularExpressions;
using Paperclip.Core.Validation;

namespace Paperclip.Core.Services.Companies;

/// <summary><c>POST /api/companies</c>: a name and an optional issue prefix (2–10 capital letters).</summary>
public sealed partial record CreateCompanyCommand(string Name, string? IssuePrefix)
{
    /// <summary>Parses and validates the body.</summary>
    public static CreateCompanyCommand Parse(RequestBody body)
    {
        string? name = body.Text("name", required: true, maxLength: 200);
        string? prefix = body.Text("issuePrefix", required: false, maxLength: 10);
        if (prefix is not null && !PrefixPattern().IsMatch(prefix))
        {
            body.Fail("issuePrefix", "must be 2 to 10 capital letters A-Z.");
        }

        body.ThrowIfInvalid();
        return new CreateCompanyCommand(name!, prefix);
    }

    [GeneratedRegex("^[A-Z]{2,10}$")]
    internal static partial Regex PrefixPattern();
}
