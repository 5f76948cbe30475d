using System.Globalization;
using System.Text.RegularExpressions;
using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;

namespace Paperclip.Core.Services.Issues;

/// <summary>
/// Turns what a path names — an issue id or an identifier such as <c>AR-12</c>, with or without a company in
/// the path — into the company and issue id every service takes. Upstream's agents call <c>/api/issues/{id}/…</c>
/// and use identifiers freely; the company then comes from the caller: an agent key is held to its own company
/// (another company's issue is 404, never 403, so ids cannot be probed), the board's from the issue itself.
/// </summary>
public sealed partial class IssueLocator(IIssueRepository issues, ICompanyRepository companies)
{
    /// <summary>Resolves <paramref name="issueRef"/>; <paramref name="companyId"/> is the path's company, if it has one.</summary>
    public async Task<(Guid CompanyId, Guid IssueId)> ResolveAsync(Caller caller, Guid? companyId, string issueRef, CancellationToken cancellationToken)
    {
        if (companyId is { } scoped)
        {
            caller.EnsureCompany(scoped);
        }

        Guid? home = companyId ?? (caller.IsBoard ? null : caller.CompanyId);
        if (Guid.TryParse(issueRef, out Guid id) && id != Guid.Empty)
        {
            Guid owner = home ?? await issues.FindCompanyAsync(id, cancellationToken).ConfigureAwait(false) ?? throw NotFound();
            return (owner, id);
        }

        Match identifier = IdentifierPattern().Match(issueRef);
        if (!identifier.Success)
        {
            throw PaperclipException.Validation("issueId", "must be an issue id (a UUID) or an identifier such as PAP-12.");
        }

        // Prefixes are unique across companies, so the identifier names one company; a prefix of another company
        // than the caller's (or the path's) is the same 404 as an unknown one.
        Guid? prefixOwner = await companies.FindByIssuePrefixAsync(identifier.Groups["prefix"].Value.ToUpperInvariant(), cancellationToken).ConfigureAwait(false);
        if (prefixOwner is not { } company || (home is { } expected && expected != company)
            || !int.TryParse(identifier.Groups["number"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
        {
            throw NotFound();
        }

        Issue issue = await issues.FindByNumberAsync(company, number, cancellationToken).ConfigureAwait(false) ?? throw NotFound();
        return (company, issue.Id);
    }

    static PaperclipException NotFound() => PaperclipException.NotFound("Issue");

    // Upstream's test for "looks like an identifier": letters, a dash, digits.
    [GeneratedRegex("^(?<prefix>[A-Za-z]{1,10})-(?<number>[0-9]{1,9})$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}
