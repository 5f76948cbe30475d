using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;

namespace Paperclip.Core.Services.Companies;

/// <summary>Creates and reads companies.</summary>
public sealed class CompanyService(ICompanyRepository companies, Audit audit, TimeProvider time)
{
    const int MaxDerivedPrefixAttempts = 50;

    /// <summary>Creates a company (board only). An explicit prefix that is taken is a 409; a derived one gets a number.</summary>
    public async Task<Company> CreateAsync(Caller caller, CreateCompanyCommand command, CancellationToken cancellationToken)
    {
        caller.EnsureBoard("create companies");
        DateTimeOffset now = time.GetUtcNow();
        Guid id = Guid.CreateVersion7();
        if (command.IssuePrefix is not null)
        {
            Company company = new(id, command.Name, command.IssuePrefix, 0, now, now);
            if (!await companies.TryCreateAsync(company, cancellationToken).ConfigureAwait(false))
            {
                throw PaperclipException.Conflict(ErrorCodes.AlreadyExists, $"The issue prefix '{command.IssuePrefix}' is used by another company.");
            }

            await audit.RecordAsync(caller, id, "company.created", "company", id, cancellationToken).ConfigureAwait(false);
            return company;
        }

        string stem = IssuePrefixes.Derive(command.Name);
        for (int attempt = 1; attempt <= MaxDerivedPrefixAttempts; attempt++)
        {
            string prefix = IssuePrefixes.WithSuffix(stem, attempt);
            Company company = new(id, command.Name, prefix, 0, now, now);
            if (await companies.TryCreateAsync(company, cancellationToken).ConfigureAwait(false))
            {
                await audit.RecordAsync(caller, id, "company.created", "company", id, cancellationToken).ConfigureAwait(false);
                return company;
            }
        }

        throw PaperclipException.Conflict(ErrorCodes.AlreadyExists, "No free issue prefix could be derived from the name; pass issuePrefix.");
    }

    /// <summary>Gets a company the caller may see.</summary>
    public async Task<Company> GetAsync(Caller caller, Guid companyId, CancellationToken cancellationToken)
    {
        caller.EnsureCompany(companyId);
        return await companies.GetAsync(companyId, cancellationToken).ConfigureAwait(false)
            ?? throw PaperclipException.NotFound("Company");
    }

    /// <summary>Lists the companies the caller may see.</summary>
    public async Task<IReadOnlyList<Company>> ListAsync(Caller caller, CancellationToken cancellationToken)
    {
        if (caller.IsBoard)
        {
            return await companies.ListAsync(cancellationToken).ConfigureAwait(false);
        }

        Company? own = await companies.GetAsync(caller.CompanyId!.Value, cancellationToken).ConfigureAwait(false);
        return own is null ? [] : [own];
    }
}
