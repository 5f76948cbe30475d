using Azure.Data.Tables;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;
using Paperclip.Core.Services;

namespace Paperclip.Storage.Tables;

/// <summary>
/// Companies: one row per company (partition = company id). Issue prefixes are reserved in a small index table
/// (the one global partition, holding nothing but prefix → company id) so they are unique across companies.
/// </summary>
public sealed class CompanyRepository(TableStore store) : ICompanyRepository
{
    const string Row = "company";
    const string PrefixPartition = "prefix";
    const int MaxCounterRounds = 6;

    readonly DocumentTable<Company> companies = new(store, TableNames.Companies, "The company");
    readonly DocumentTable<PrefixReservation> prefixes = new(store, TableNames.IssuePrefixes, "The issue prefix");

    /// <inheritdoc/>
    public async Task<bool> TryCreateAsync(Company company, CancellationToken cancellationToken)
    {
        try
        {
            await this.prefixes.InsertAsync(PrefixPartition, company.IssuePrefix, new PrefixReservation(company.Id), null, cancellationToken).ConfigureAwait(false);
        }
        catch (PaperclipException ex) when (ex.Code == ErrorCodes.AlreadyExists)
        {
            return false;
        }

        try
        {
            await this.companies.InsertAsync(Keys.Of(company.Id), Row, company, null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch
        {
            // Give the prefix back so a failed create leaves nothing behind.
            await this.prefixes.DeleteAsync(PrefixPartition, company.IssuePrefix, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public async Task<Company?> GetAsync(Guid companyId, CancellationToken cancellationToken) =>
        (await this.companies.GetAsync(Keys.Of(companyId), Row, cancellationToken).ConfigureAwait(false))?.Value;

    /// <inheritdoc/>
    public async Task<Guid?> FindByIssuePrefixAsync(string issuePrefix, CancellationToken cancellationToken) =>
        (await this.prefixes.GetAsync(PrefixPartition, issuePrefix, cancellationToken).ConfigureAwait(false))?.Value.CompanyId;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Company>> ListAsync(CancellationToken cancellationToken) =>
        (await this.companies.QueryAsync(TableClient.CreateQueryFilter($"RowKey eq {Row}"), null, cancellationToken).ConfigureAwait(false))
            .OrderBy(c => c.CreatedAt).ToArray();

    /// <inheritdoc/>
    public async Task<(int Number, string Prefix)> NextIssueNumberAsync(Guid companyId, CancellationToken cancellationToken)
    {
        // A burst of issue creations races on this one row; each loser takes the next number, none is reused.
        for (int round = 1; ; round++)
        {
            try
            {
                Company next = await OptimisticUpdate.ApplyAsync(
                    ct => this.companies.GetAsync(Keys.Of(companyId), Row, ct),
                    c => c with { IssueCounter = c.IssueCounter + 1 },
                    (c, etag, ct) => this.companies.ReplaceAsync(Keys.Of(companyId), Row, c, etag, null, ct),
                    cancellationToken).ConfigureAwait(false) ?? throw PaperclipException.NotFound("Company");
                return (next.IssueCounter, next.IssuePrefix);
            }
            catch (PaperclipException ex) when (ex.Code == ErrorCodes.ConcurrencyConflict && round < MaxCounterRounds)
            {
                // Heavier contention than one round of attempts absorbs; go again.
            }
        }
    }

    sealed record PrefixReservation(Guid CompanyId);
}
