using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Paperclip.Core;
using Paperclip.Core.Domain;
using Paperclip.Core.Domain.Secrets;
using Paperclip.Core.Errors;
using Paperclip.Core.Secrets;

namespace Paperclip.Storage.Tables;

/// <summary>
/// Secrets, versions, vaults and bindings in one table, partitioned by company, so every multi-row change is one
/// entity-group transaction. Tables has no unique indexes, so uniqueness is held by claim rows written in the same
/// transaction: <c>claim_name_*</c> and <c>claim_key_*</c> for live secrets, <c>claim_default_&lt;provider&gt;</c> for
/// the default vault. Access events are a second table (append-only, newest first per secret).
/// </summary>
public sealed class SecretStore(TableStore store) : ISecretStore
{
    const string Doc = "Doc";
    const string KindColumn = "Kind";
    const string SecretIdColumn = "SecretId";
    const string VaultIdColumn = "VaultId";
    const string ResolvedAtColumn = "LastResolvedAt";

    /// <inheritdoc/>
    public async Task<Versioned<SecretVault>?> GetVaultAsync(Guid companyId, Guid vaultId, CancellationToken cancellationToken) =>
        await this.GetAsync<SecretVault>(companyId, VaultRow(vaultId), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public Task<IReadOnlyList<SecretVault>> ListVaultsAsync(Guid companyId, CancellationToken cancellationToken) =>
        this.QueryKindAsync<SecretVault>(companyId, "vault", cancellationToken);

    /// <inheritdoc/>
    public async Task CreateVaultAsync(SecretVault vault, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vault);
        List<TableTransactionAction> actions = [new(TableTransactionActionType.Add, Entity(vault.CompanyId, VaultRow(vault.Id), "vault", vault))];
        if (vault.IsDefault)
        {
            actions.AddRange(await this.TakeDefaultAsync(vault, cancellationToken).ConfigureAwait(false));
        }

        await this.SubmitAsync(actions, "The provider vault", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task ReplaceVaultAsync(SecretVault vault, string etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vault);
        List<TableTransactionAction> actions = [new(TableTransactionActionType.UpdateReplace, Entity(vault.CompanyId, VaultRow(vault.Id), "vault", vault), new ETag(etag))];
        Versioned<string>? claim = await this.GetClaimAsync(vault.CompanyId, DefaultRow(vault.Provider), VaultIdColumn, cancellationToken).ConfigureAwait(false);
        if (vault.IsDefault && claim?.Value != Keys.Of(vault.Id))
        {
            actions.AddRange(await this.TakeDefaultAsync(vault, cancellationToken).ConfigureAwait(false));
        }
        else if (!vault.IsDefault && claim?.Value == Keys.Of(vault.Id))
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(Keys.Of(vault.CompanyId), DefaultRow(vault.Provider)), new ETag(claim.ETag)));
        }

        await this.SubmitAsync(actions, "The provider vault", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<Versioned<CompanySecret>?> GetSecretAsync(Guid companyId, Guid secretId, CancellationToken cancellationToken)
    {
        Task<Versioned<CompanySecret>?> secret = this.GetAsync<CompanySecret>(companyId, SecretRow(secretId), cancellationToken);
        Task<Versioned<string>?> resolved = this.GetClaimAsync(companyId, ResolvedRow(secretId), ResolvedAtColumn, cancellationToken, asDate: true);
        await Task.WhenAll(secret, resolved).ConfigureAwait(false);
        return (await secret.ConfigureAwait(false)) is { } found && (await resolved.ConfigureAwait(false)) is { } at
            ? found with { Value = WithResolved(found.Value, at.Value) }
            : await secret.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<bool> IsLiveSecretOfAnotherCompanyAsync(Guid companyId, Guid secretId, CancellationToken cancellationToken)
    {
        // A row key across partitions: a scan, acceptable only because it runs on a refusal path and never for a hit in
        // the caller's own company. Nothing of the row leaves this method but whether it is live.
        TableClient client = await store.GetAsync(TableNames.Secrets, cancellationToken).ConfigureAwait(false);
        string filter = TableClient.CreateQueryFilter($"RowKey eq {SecretRow(secretId)} and PartitionKey ne {Keys.Of(companyId)}");
        await foreach (TableEntity entity in client.QueryAsync<TableEntity>(filter, select: [Doc], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            return Read<CompanySecret>(entity).Status != SecretStatus.Deleted;
        }

        return false;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<Guid, SecretWithVersions>> GetSecretsWithVersionsAsync(Guid companyId, IReadOnlyCollection<Guid> secretIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secretIds);
        TableClient client = await store.GetAsync(TableNames.Secrets, cancellationToken).ConfigureAwait(false);
        string partition = Keys.Of(companyId);

        // Tables allows at most 15 comparisons per filter: chunks of 14 ids, secrets by row key and versions by their
        // SecretId column, all chunks side by side.
        List<Task<List<TableEntity>>> reads = [];
        foreach (Guid[] chunk in secretIds.Distinct().Chunk(14))
        {
            string rows = string.Join(" or ", chunk.Select(id => TableClient.CreateQueryFilter($"RowKey eq {SecretRow(id)}")));
            string owners = string.Join(" or ", chunk.Select(id => TableClient.CreateQueryFilter($"SecretId eq {Keys.Of(id)}")));
            reads.Add(Query(client, TableClient.CreateQueryFilter($"PartitionKey eq {partition}") + $" and ({rows})", cancellationToken));
            reads.Add(Query(client, TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Kind eq {"version"}") + $" and ({owners})", cancellationToken));
        }

        List<TableEntity> entities = (await Task.WhenAll(reads).ConfigureAwait(false)).SelectMany(e => e).ToList();
        ILookup<Guid, SecretVersion> versions = entities.Where(e => e.GetString(KindColumn) == "version").Select(Read<SecretVersion>).ToLookup(v => v.SecretId);
        return entities.Where(e => e.GetString(KindColumn) == "secret").Select(Read<CompanySecret>)
            .ToDictionary(s => s.Id, s => new SecretWithVersions(s, versions[s.Id].OrderBy(v => v.Version).ToList()));

        static async Task<List<TableEntity>> Query(TableClient client, string filter, CancellationToken cancellationToken)
        {
            List<TableEntity> found = [];
            await foreach (TableEntity entity in client.QueryAsync<TableEntity>(filter, select: [Doc, KindColumn], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                found.Add(entity);
            }

            return found;
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<CompanySecret>> ListSecretsAsync(Guid companyId, CancellationToken cancellationToken)
    {
        Task<IReadOnlyList<CompanySecret>> secrets = this.QueryKindAsync<CompanySecret>(companyId, "secret", cancellationToken);
        Task<Dictionary<string, DateTimeOffset>> resolved = this.ResolvedTimesAsync(companyId, cancellationToken);
        await Task.WhenAll(secrets, resolved).ConfigureAwait(false);
        Dictionary<string, DateTimeOffset> times = await resolved.ConfigureAwait(false);
        return (await secrets.ConfigureAwait(false))
            .Select(s => times.TryGetValue(Keys.Of(s.Id), out DateTimeOffset at) ? WithResolved(s, at.ToString("O", CultureInfo.InvariantCulture)) : s)
            .ToList();
    }

    /// <inheritdoc/>
    public Task InsertSecretAsync(CompanySecret secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secret);
        List<TableTransactionAction> actions = [new(TableTransactionActionType.Add, Entity(secret.CompanyId, SecretRow(secret.Id), "secret", secret))];
        actions.AddRange(ClaimsOf(secret).Select(claim => new TableTransactionAction(TableTransactionActionType.Add, claim)));
        return this.SubmitAsync(actions, "The secret", cancellationToken, secret);
    }

    /// <inheritdoc/>
    public Task InsertSecretWithVersionAsync(CompanySecret secret, SecretVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(version);
        List<TableTransactionAction> actions = [new(TableTransactionActionType.Add, Entity(secret.CompanyId, SecretRow(secret.Id), "secret", secret))];
        actions.AddRange(ClaimsOf(secret).Select(claim => new TableTransactionAction(TableTransactionActionType.Add, claim)));
        actions.Add(new(TableTransactionActionType.Add, VersionEntity(version)));
        return this.SubmitAsync(actions, "The secret", cancellationToken, secret);
    }

    /// <inheritdoc/>
    public async Task<string> ReplaceSecretAsync(CompanySecret secret, CompanySecret previous, string etag, CancellationToken cancellationToken)
    {
        List<TableTransactionAction> actions = SecretChange(secret, previous, etag);
        Response<IReadOnlyList<Response>> response = await this.SubmitAsync(actions, "The secret", cancellationToken, secret).ConfigureAwait(false);
        return response.Value[0].Headers.ETag?.ToString() ?? string.Empty;
    }

    /// <inheritdoc/>
    public async Task TouchResolvedAsync(Guid companyId, IReadOnlyCollection<Guid> secretIds, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secretIds);
        string partition = Keys.Of(companyId);
        List<TableTransactionAction> actions = secretIds.Select(id => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, ResolvedRow(id))
        {
            [KindColumn] = "resolved",
            [SecretIdColumn] = Keys.Of(id),
            [ResolvedAtColumn] = at,
        })).ToList();
        foreach (TableTransactionAction[] chunk in actions.Chunk(100))
        {
            await this.SubmitAsync(chunk.ToList(), "The secret", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task DeleteSecretAsync(CompanySecret secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secret);
        TableClient client = await store.GetAsync(TableNames.Secrets, cancellationToken).ConfigureAwait(false);
        string partition = Keys.Of(secret.CompanyId);

        // Versions and bindings first, the row and its claims last: an interrupted delete leaves the row to retry with.
        List<string> dependents = [];
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and SecretId eq {Keys.Of(secret.Id)}");
        await foreach (TableEntity entity in client.QueryAsync<TableEntity>(filter, select: ["RowKey", KindColumn], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.GetString(KindColumn) is "version" or "binding" or "resolved")
            {
                dependents.Add(entity.RowKey);
            }
        }

        foreach (string[] chunk in dependents.Chunk(100))
        {
            await this.SubmitAsync(chunk.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, row), ETag.All)).ToList(), "The secret", cancellationToken).ConfigureAwait(false);
        }

        List<TableTransactionAction> last = [new(TableTransactionActionType.Delete, new TableEntity(partition, SecretRow(secret.Id)), ETag.All)];
        foreach (TableEntity claim in ClaimsOf(secret))
        {
            // A claim is deleted only while it still names this secret.
            if (await this.GetClaimAsync(secret.CompanyId, claim.RowKey, SecretIdColumn, cancellationToken).ConfigureAwait(false) is { } held && held.Value == Keys.Of(secret.Id))
            {
                last.Add(new(TableTransactionActionType.Delete, new TableEntity(partition, claim.RowKey), new ETag(held.ETag)));
            }
        }

        try
        {
            await this.SubmitAsync(last, "The secret", cancellationToken).ConfigureAwait(false);
        }
        catch (PaperclipException ex) when (ex.Code == ErrorCodes.ConcurrencyConflict)
        {
            // Fine when a concurrent retry already deleted it.
            if (await this.GetSecretAsync(secret.CompanyId, secret.Id, cancellationToken).ConfigureAwait(false) is not null)
            {
                throw;
            }
        }
    }

    /// <inheritdoc/>
    public async Task InsertVersionAsync(SecretVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        TableClient client = await store.GetAsync(TableNames.Secrets, cancellationToken).ConfigureAwait(false);
        try
        {
            await client.AddEntityAsync(VersionEntity(version), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            throw PaperclipException.ConcurrencyConflict("The secret version", ex);
        }
    }

    /// <inheritdoc/>
    public async Task<SecretVersion?> GetVersionAsync(Guid companyId, Guid secretId, int version, CancellationToken cancellationToken) =>
        (await this.GetAsync<SecretVersion>(companyId, VersionRow(secretId, version), cancellationToken).ConfigureAwait(false))?.Value;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<SecretVersion>> ListVersionsAsync(Guid companyId, Guid secretId, CancellationToken cancellationToken) =>
        await this.QueryRangeAsync<SecretVersion>(companyId, $"version_{Keys.Of(secretId)}_", cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task DeleteVersionAsync(Guid companyId, Guid secretId, int version, CancellationToken cancellationToken)
    {
        TableClient client = await store.GetAsync(TableNames.Secrets, cancellationToken).ConfigureAwait(false);
        await client.DeleteEntityAsync(Keys.Of(companyId), VersionRow(secretId, version), ETag.All, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<string> ActivateAsync(CompanySecret secret, CompanySecret previous, string etag, IReadOnlyList<SecretVersion> versions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(versions);
        List<TableTransactionAction> actions = SecretChange(secret, previous, etag);
        actions.AddRange(versions.Select(v => new TableTransactionAction(TableTransactionActionType.UpsertReplace, VersionEntity(v))));
        Response<IReadOnlyList<Response>> response = await this.SubmitAsync(actions, "The secret", cancellationToken, secret).ConfigureAwait(false);
        return response.Value[0].Headers.ETag?.ToString() ?? string.Empty;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<SecretBinding>> ListBindingsForTargetAsync(Guid companyId, string targetType, string targetId, CancellationToken cancellationToken) =>
        this.QueryRangeAsync<SecretBinding>(companyId, BindingPrefix(targetType, targetId), cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<SecretBinding>> ListBindingsForSecretAsync(Guid companyId, Guid secretId, CancellationToken cancellationToken) =>
        (await this.ListBindingsAsync(companyId, cancellationToken).ConfigureAwait(false)).Where(b => b.SecretId == secretId).ToList();

    /// <inheritdoc/>
    public Task<IReadOnlyList<SecretBinding>> ListBindingsAsync(Guid companyId, CancellationToken cancellationToken) =>
        this.QueryKindAsync<SecretBinding>(companyId, "binding", cancellationToken);

    /// <inheritdoc/>
    public async Task ReplaceTargetBindingsAsync(Guid companyId, string targetType, string targetId, string pathPrefix, IReadOnlyList<SecretBinding> bindings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        string partition = Keys.Of(companyId);
        IReadOnlyList<SecretBinding> existing = await this.ListBindingsForTargetAsync(companyId, targetType, targetId, cancellationToken).ConfigureAwait(false);
        HashSet<string> wanted = bindings.Select(b => b.ConfigPath).ToHashSet(StringComparer.Ordinal);
        List<TableTransactionAction> actions = existing
            .Where(b => b.ConfigPath.StartsWith(pathPrefix, StringComparison.Ordinal) && !wanted.Contains(b.ConfigPath))
            .Select(b => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, BindingRow(b.TargetType, b.TargetId, b.ConfigPath)), ETag.All))
            .ToList();
        Dictionary<string, SecretBinding> byPath = existing.ToDictionary(b => b.ConfigPath, StringComparer.Ordinal);
        foreach (SecretBinding binding in bindings)
        {
            // An unchanged binding keeps its id and creation time.
            SecretBinding kept = byPath.TryGetValue(binding.ConfigPath, out SecretBinding? old) && old.SecretId == binding.SecretId
                ? old with { VersionSelector = binding.VersionSelector, Required = binding.Required, UpdatedAt = binding.UpdatedAt }
                : binding;
            TableEntity entity = Entity(companyId, BindingRow(kept.TargetType, kept.TargetId, kept.ConfigPath), "binding", kept);
            entity[SecretIdColumn] = Keys.Of(kept.SecretId);
            actions.Add(new(TableTransactionActionType.UpsertReplace, entity));
        }

        // At most 100 per transaction; upserts and deletes are idempotent, so a retry after a partial write converges.
        foreach (TableTransactionAction[] chunk in actions.Chunk(100))
        {
            await this.SubmitAsync(chunk.ToList(), "The secret binding", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task AppendAccessEventsAsync(Guid companyId, IReadOnlyList<SecretAccessEvent> accessEvents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accessEvents);
        TableClient client = await store.GetAsync(TableNames.SecretAccessEvents, cancellationToken).ConfigureAwait(false);
        string partition = Keys.Of(companyId);
        foreach (SecretAccessEvent[] chunk in accessEvents.Chunk(100))
        {
            List<TableTransactionAction> actions = chunk.Select(e =>
            {
                string row = $"{Keys.Of(e.SecretId)}_{(DateTimeOffset.MaxValue.UtcTicks - e.CreatedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}_{Keys.Of(e.Id)}";
                TableEntity entity = new(partition, row) { [Doc] = JsonSerializer.Serialize(e, PaperclipJson.Options) };
                if (e.HeartbeatRunId is { } runId)
                {
                    entity["RunId"] = Keys.Of(runId);
                }

                return new TableTransactionAction(TableTransactionActionType.Add, entity);
            }).ToList();
            await client.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<SecretAccessEvent>> ListAccessEventsAsync(Guid companyId, Guid secretId, int max, CancellationToken cancellationToken)
    {
        TableClient client = await store.GetAsync(TableNames.SecretAccessEvents, cancellationToken).ConfigureAwait(false);
        string prefix = Keys.Of(secretId) + "_";
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Of(companyId)} and RowKey ge {prefix} and RowKey lt {prefix + "~"}");
        List<SecretAccessEvent> events = [];
        await foreach (TableEntity entity in client.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), select: [Doc], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            events.Add(Read<SecretAccessEvent>(entity));
            if (events.Count == max)
            {
                break;
            }
        }

        return events;
    }

    static string SecretRow(Guid id) => $"secret_{Keys.Of(id)}";

    static string ResolvedRow(Guid id) => $"resolved_{Keys.Of(id)}";

    static CompanySecret WithResolved(CompanySecret secret, string at) =>
        DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset resolved) && (secret.LastResolvedAt is null || resolved > secret.LastResolvedAt)
            ? secret with { LastResolvedAt = resolved }
            : secret;

    async Task<Dictionary<string, DateTimeOffset>> ResolvedTimesAsync(Guid companyId, CancellationToken cancellationToken)
    {
        TableClient client = await store.GetAsync(TableNames.Secrets, cancellationToken).ConfigureAwait(false);
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Of(companyId)} and RowKey ge {"resolved_"} and RowKey lt {"resolved_~"}");
        Dictionary<string, DateTimeOffset> times = new(StringComparer.Ordinal);
        await foreach (TableEntity entity in client.QueryAsync<TableEntity>(filter, select: [SecretIdColumn, ResolvedAtColumn], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.GetDateTimeOffset(ResolvedAtColumn) is { } at)
            {
                times[entity.GetString(SecretIdColumn)] = at;
            }
        }

        return times;
    }

    static string VaultRow(Guid id) => $"vault_{Keys.Of(id)}";

    static string VersionRow(Guid secretId, int version) => $"version_{Keys.Of(secretId)}_{version.ToString("D8", CultureInfo.InvariantCulture)}";

    static string DefaultRow(string provider) => $"claim_default_{provider}";

    static string NameClaimRow(string name) => $"claim_name_{Hash(name)}";

    static string KeyClaimRow(string key) => $"claim_key_{key}";

    static string BindingPrefix(string targetType, string targetId) => $"binding_{Hash(targetType + "\n" + targetId)}_";

    static string BindingRow(string targetType, string targetId, string configPath) => BindingPrefix(targetType, targetId) + Hash(configPath);

    /// <summary>Names, paths and target ids may hold characters a row key cannot; their hash can.</summary>
    static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>The claims a secret holds: its name and key while it is live, none once deleted.</summary>
    static IEnumerable<TableEntity> ClaimsOf(CompanySecret secret)
    {
        if (secret.Status == SecretStatus.Deleted)
        {
            yield break;
        }

        string partition = Keys.Of(secret.CompanyId);
        yield return new TableEntity(partition, NameClaimRow(secret.Name)) { [KindColumn] = "claim", [SecretIdColumn] = Keys.Of(secret.Id) };
        yield return new TableEntity(partition, KeyClaimRow(secret.Key)) { [KindColumn] = "claim", [SecretIdColumn] = Keys.Of(secret.Id) };
    }

    /// <summary>The secret's replace plus the claim moves its change needs (old claims out, new ones in).</summary>
    static List<TableTransactionAction> SecretChange(CompanySecret secret, CompanySecret previous, string etag)
    {
        List<TableTransactionAction> actions = [new(TableTransactionActionType.UpdateReplace, Entity(secret.CompanyId, SecretRow(secret.Id), "secret", secret), new ETag(etag))];
        Dictionary<string, TableEntity> before = ClaimsOf(previous).ToDictionary(c => c.RowKey, StringComparer.Ordinal);
        Dictionary<string, TableEntity> after = ClaimsOf(secret).ToDictionary(c => c.RowKey, StringComparer.Ordinal);
        actions.AddRange(before.Keys.Except(after.Keys).Select(row => new TableTransactionAction(TableTransactionActionType.Delete, before[row], ETag.All)));
        actions.AddRange(after.Keys.Except(before.Keys).Select(row => new TableTransactionAction(TableTransactionActionType.Add, after[row])));
        return actions;
    }

    static TableEntity VersionEntity(SecretVersion version)
    {
        TableEntity entity = Entity(version.CompanyId, VersionRow(version.SecretId, version.Version), "version", version);
        entity[SecretIdColumn] = Keys.Of(version.SecretId);
        return entity;
    }

    static TableEntity Entity<T>(Guid companyId, string row, string kind, T value) =>
        new(Keys.Of(companyId), row) { [Doc] = JsonSerializer.Serialize(value, PaperclipJson.Options), [KindColumn] = kind };

    static T Read<T>(TableEntity entity) =>
        JsonSerializer.Deserialize<T>(entity.GetString(Doc), PaperclipJson.Options) ?? throw new InvalidDataException($"Row {entity.RowKey} holds no document.");

    /// <summary>The claim actions that make <paramref name="vault"/> its provider's default, demoting the previous one.</summary>
    async Task<IReadOnlyList<TableTransactionAction>> TakeDefaultAsync(SecretVault vault, CancellationToken cancellationToken)
    {
        string partition = Keys.Of(vault.CompanyId);
        TableEntity claim = new(partition, DefaultRow(vault.Provider)) { [KindColumn] = "claim", [VaultIdColumn] = Keys.Of(vault.Id) };
        Versioned<string>? held = await this.GetClaimAsync(vault.CompanyId, DefaultRow(vault.Provider), VaultIdColumn, cancellationToken).ConfigureAwait(false);
        if (held is null)
        {
            return [new(TableTransactionActionType.Add, claim)];
        }

        List<TableTransactionAction> actions = [new(TableTransactionActionType.UpdateReplace, claim, new ETag(held.ETag))];
        if (Guid.TryParse(held.Value, out Guid previousId) && previousId != vault.Id
            && await this.GetVaultAsync(vault.CompanyId, previousId, cancellationToken).ConfigureAwait(false) is { } previous)
        {
            actions.Add(new(TableTransactionActionType.UpdateReplace, Entity(vault.CompanyId, VaultRow(previousId), "vault", previous.Value with { IsDefault = false, UpdatedAt = vault.UpdatedAt }), new ETag(previous.ETag)));
        }

        return actions;
    }

    async Task<Versioned<string>?> GetClaimAsync(Guid companyId, string row, string column, CancellationToken cancellationToken, bool asDate = false)
    {
        TableClient client = await store.GetAsync(TableNames.Secrets, cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> response = await client.GetEntityIfExistsAsync<TableEntity>(Keys.Of(companyId), row, [column], cancellationToken).ConfigureAwait(false);
        if (!response.HasValue)
        {
            return null;
        }

        string? value = asDate ? response.Value!.GetDateTimeOffset(column)?.ToString("O", CultureInfo.InvariantCulture) : response.Value!.GetString(column);
        return value is null ? null : new Versioned<string>(value, response.Value.ETag.ToString());
    }

    async Task<Versioned<T>?> GetAsync<T>(Guid companyId, string row, CancellationToken cancellationToken)
    {
        TableClient client = await store.GetAsync(TableNames.Secrets, cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> response = await client.GetEntityIfExistsAsync<TableEntity>(Keys.Of(companyId), row, [Doc], cancellationToken).ConfigureAwait(false);
        return response.HasValue ? new Versioned<T>(Read<T>(response.Value!), response.Value!.ETag.ToString()) : null;
    }

    Task<IReadOnlyList<T>> QueryKindAsync<T>(Guid companyId, string kind, CancellationToken cancellationToken) =>
        this.QueryRangeAsync<T>(companyId, kind + "_", cancellationToken);

    /// <summary>Rows whose key starts with <paramref name="prefix"/> ('~' sorts after every character row keys here use).</summary>
    async Task<IReadOnlyList<T>> QueryRangeAsync<T>(Guid companyId, string prefix, CancellationToken cancellationToken)
    {
        TableClient client = await store.GetAsync(TableNames.Secrets, cancellationToken).ConfigureAwait(false);
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Of(companyId)} and RowKey ge {prefix} and RowKey lt {prefix + "~"}");
        List<T> results = [];
        await foreach (TableEntity entity in client.QueryAsync<TableEntity>(filter, select: [Doc], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            results.Add(Read<T>(entity));
        }

        return results;
    }

    async Task<Response<IReadOnlyList<Response>>> SubmitAsync(List<TableTransactionAction> actions, string what, CancellationToken cancellationToken, CompanySecret? claimant = null)
    {
        TableClient client = await store.GetAsync(TableNames.Secrets, cancellationToken).ConfigureAwait(false);
        try
        {
            return await client.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException ex)
        {
            // Which row refused says what was lost: a name or key claim is a taken name or key, anything else a race.
            string? row = ex.FailedTransactionActionIndex is int index && index < actions.Count ? actions[index].Entity.RowKey : null;
            if (claimant is not null && ex.Status == 409 && row == NameClaimRow(claimant.Name))
            {
                throw PaperclipException.Conflict(SecretErrorCodes.NameTaken, $"Secret already exists: {claimant.Name}");
            }

            if (claimant is not null && ex.Status == 409 && row == KeyClaimRow(claimant.Key))
            {
                throw PaperclipException.Conflict(SecretErrorCodes.KeyTaken, $"Secret key already exists: {claimant.Key}");
            }

            throw ex.Status is 409 or 412 or 404 ? PaperclipException.ConcurrencyConflict(what, ex) : ex;
        }
    }
}
