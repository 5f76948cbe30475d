using Azure.Data.Tables;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;

namespace Paperclip.Storage.Tables;

/// <summary>
/// Companies: one row per company (partition = company id). Issue prefixes are reserved in a small index table
/// (the one global partition, holding nothing but prefix → company id) so they are unique across companies.
/// </summary>
public sealed class CompanyRepository(TableStore store) : ICompanyRepository
{
    const string Row = "company";
    const string PrefixPartition = "prefix";
    const int MaxCounterAttempts = 50;

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
    public async Task<IReadOnlyList<Company>> ListAsync(CancellationToken cancellationToken) =>
        (await this.companies.QueryAsync(TableClient.CreateQueryFilter($"RowKey eq {Row}"), null, cancellationToken).ConfigureAwait(false))
            .OrderBy(c => c.CreatedAt).ToArray();

    /// <inheritdoc/>
    public async Task<(int Number, string Prefix)> NextIssueNumberAsync(Guid companyId, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            Versioned<Company> current = await this.companies.GetAsync(Keys.Of(companyId), Row, cancellationToken).ConfigureAwait(false)
                ?? throw PaperclipException.NotFound("Company");
            Company next = current.Value with { IssueCounter = current.Value.IssueCounter + 1 };
            try
            {
                await this.companies.ReplaceAsync(Keys.Of(companyId), Row, next, current.ETag, null, cancellationToken).ConfigureAwait(false);
                return (next.IssueCounter, next.IssuePrefix);
            }
            catch (PaperclipException ex) when (ex.Code == ErrorCodes.ConcurrencyConflict && attempt < MaxCounterAttempts)
            {
                // Another issue took this number; take the next one.
            }
        }
    }

    sealed record PrefixReservation(Guid CompanyId);
}
