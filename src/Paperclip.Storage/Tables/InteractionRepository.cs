using Azure.Data.Tables;
using Paperclip.Core.Domain;
using Paperclip.Core.Ports;

namespace Paperclip.Storage.Tables;

/// <summary>Interactions (partition = company id, row = interaction id), with an IssueId column for per-issue listing.</summary>
public sealed class InteractionRepository(TableStore store) : IInteractionRepository
{
    readonly DocumentTable<Interaction> table = new(store, TableNames.Interactions, "The interaction");

    /// <inheritdoc/>
    public Task CreateAsync(Interaction interaction, CancellationToken cancellationToken) =>
        this.table.InsertAsync(Keys.Of(interaction.CompanyId), Keys.Of(interaction.Id), interaction, Columns(interaction), cancellationToken);

    /// <inheritdoc/>
    public Task<Versioned<Interaction>?> GetAsync(Guid companyId, Guid interactionId, CancellationToken cancellationToken) =>
        this.table.GetAsync(Keys.Of(companyId), Keys.Of(interactionId), cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Interaction>> ListForIssueAsync(Guid companyId, Guid issueId, CancellationToken cancellationToken) =>
        (await this.table.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Of(companyId)} and IssueId eq {Keys.Of(issueId)}"), null, cancellationToken).ConfigureAwait(false))
            .OrderBy(i => i.CreatedAt).ToArray();

    /// <inheritdoc/>
    public Task<string> UpdateAsync(Interaction interaction, string etag, CancellationToken cancellationToken) =>
        this.table.ReplaceAsync(Keys.Of(interaction.CompanyId), Keys.Of(interaction.Id), interaction, etag, Columns(interaction), cancellationToken);

    static Dictionary<string, object?> Columns(Interaction interaction) => new() { ["IssueId"] = Keys.Of(interaction.IssueId) };
}
