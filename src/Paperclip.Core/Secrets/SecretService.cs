using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Domain.Secrets;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;
using Paperclip.Core.Services;

namespace Paperclip.Core.Secrets;

/// <summary>
/// Company secrets, with upstream's semantics: create is reserve → provider write → version → activate, and whatever
/// was written is cleaned up when a later step fails; rotate writes a new version; delete frees the name at once and
/// retries safely. Values pass through only on their way to the provider. Board only.
/// </summary>
public sealed class SecretService(
    ICompanyRepository companies,
    IAgentRepository agents,
    ISecretStore store,
    SecretProviderRegistry providers,
    IOptions<SecretsOptions> options,
    Audit audit,
    TimeProvider time,
    ILogger<SecretService> logger)
{
    /// <summary>Creates a secret.</summary>
    public async Task<CompanySecret> CreateAsync(Caller caller, Guid companyId, CreateSecretCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        SecretAccess.EnsureBoard(caller, companyId);
        _ = await companies.GetAsync(companyId, cancellationToken).ConfigureAwait(false) ?? throw PaperclipException.NotFound("Company");
        IReadOnlyList<CompanySecret> existing = await store.ListSecretsAsync(companyId, cancellationToken).ConfigureAwait(false);
        if (existing.Any(s => s.Status != SecretStatus.Deleted && s.Name == command.Name))
        {
            throw NameTaken(command.Name);
        }

        string key = SecretKeys.Normalize(command.Key ?? command.Name);
        if (key.Length == 0)
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.KeyRequired, "Secret key is required");
        }

        if (existing.Any(s => s.Status != SecretStatus.Deleted && s.Key == key))
        {
            throw KeyTaken(key);
        }

        // The vault decides the provider when only the vault is given (upstream fell back to the deployment default
        // and then refused the vault as a mismatch).
        SecretVault? vault = command.ProviderConfigId is { } vaultId ? await this.SelectableVaultAsync(companyId, vaultId, command.Provider, cancellationToken).ConfigureAwait(false) : null;
        string providerId = command.Provider ?? vault?.Provider ?? options.Value.DefaultProvider;
        ISecretProvider provider = providers.Get(providerId);
        if (vault is not null)
        {
            VaultRules.EnsureSelectable(vault, providerId);
        }

        CheckMode(provider, command.ManagedMode, command.Value is not null, command.ExternalRef is not null);
        DateTimeOffset now = time.GetUtcNow();
        Guid secretId = Guid.CreateVersion7();
        CompanySecret reservation = new(secretId, companyId, key, command.Name, providerId, SecretStatus.Archived, command.ManagedMode, 0, now, now)
        {
            Description = command.Description,
            ProviderConfigId = vault?.Id,
            ProviderMetadata = command.ProviderMetadata,
            CreatedByUserId = SecretAccess.ActorOf(caller),
            ProviderKey = key,
        };

        // 1. Reserve: the name and key are claimed before anything reaches the provider.
        await store.InsertSecretAsync(reservation, cancellationToken).ConfigureAwait(false);
        SecretWriteContext context = new(companyId, secretId, key, command.Name, 1, vault);

        // 2. Provider write; on failure nothing was written remotely, so the reservation just goes.
        ProviderWrite written;
        try
        {
            written = command.ManagedMode == SecretManagedMode.PaperclipManaged
                ? await provider.CreateSecretAsync(context, command.Value!, cancellationToken).ConfigureAwait(false)
                : await provider.LinkExternalAsync(context, command.ExternalRef!, command.ProviderVersionRef, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await this.DropReservationAsync(reservation, cancellationToken).ConfigureAwait(false);
            throw;
        }

        // 3. Stage version 1 (disabled), 4. activate it together with the secret. A failure undoes the provider write.
        SecretVersion version = new(Guid.CreateVersion7(), companyId, secretId, 1, written.Material, written.Fingerprint, SecretVersionStatus.Disabled, now)
        {
            ProviderVersionRef = written.ProviderVersionRef ?? command.ProviderVersionRef,
            ProviderConfigId = vault?.Id,
            ExternalRef = written.ExternalRef,
            CreatedByUserId = SecretAccess.ActorOf(caller),
        };
        CompanySecret active = reservation with
        {
            Status = SecretStatus.Active,
            ExternalRef = written.ExternalRef,
            LatestVersion = 1,
            LastRotatedAt = now,
        };
        try
        {
            await store.InsertVersionAsync(version, cancellationToken).ConfigureAwait(false);
            Versioned<CompanySecret> reserved = await store.GetSecretAsync(companyId, secretId, cancellationToken).ConfigureAwait(false)
                ?? throw PaperclipException.ConcurrencyConflict("The secret");
            await store.ActivateAsync(active, reserved.Value, reserved.ETag, [version with { Status = SecretVersionStatus.Current }], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await this.UndoCreateAsync(provider, reservation with { ExternalRef = written.ExternalRef, LatestVersion = 1 }, version, vault, cancellationToken).ConfigureAwait(false);
            throw;
        }

        await audit.RecordAsync(caller, companyId, "secret.created", "secret", secretId,
            new Dictionary<string, object?> { ["name"] = active.Name, ["provider"] = providerId }, cancellationToken).ConfigureAwait(false);
        return active;
    }

    /// <summary>The company's live secrets, newest first, with how many bindings use each.</summary>
    public async Task<IReadOnlyList<CompanySecret>> ListAsync(Caller caller, Guid companyId, CancellationToken cancellationToken)
    {
        SecretAccess.EnsureBoard(caller, companyId);
        Task<IReadOnlyList<CompanySecret>> secrets = store.ListSecretsAsync(companyId, cancellationToken);
        Task<IReadOnlyList<SecretBinding>> bindings = store.ListBindingsAsync(companyId, cancellationToken);
        await Task.WhenAll(secrets, bindings).ConfigureAwait(false);
        Dictionary<Guid, int> counts = (await bindings.ConfigureAwait(false)).GroupBy(b => b.SecretId).ToDictionary(g => g.Key, g => g.Count());
        return (await secrets.ConfigureAwait(false))
            .Where(s => s.Status != SecretStatus.Deleted)
            .OrderByDescending(s => s.CreatedAt)
            .Select(s => s with { ReferenceCount = counts.GetValueOrDefault(s.Id) })
            .ToList();
    }

    /// <summary>One live secret.</summary>
    public async Task<CompanySecret> GetAsync(Caller caller, Guid companyId, Guid secretId, CancellationToken cancellationToken)
    {
        SecretAccess.EnsureBoard(caller, companyId);
        return (await this.LoadLiveAsync(companyId, secretId, cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>Changes a secret's metadata or status (upstream's guards; values change only through rotate).</summary>
    public async Task<CompanySecret> UpdateAsync(Caller caller, Guid companyId, Guid secretId, UpdateSecretCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        SecretAccess.EnsureBoard(caller, companyId);
        Versioned<CompanySecret> current = await this.LoadLiveAsync(companyId, secretId, cancellationToken).ConfigureAwait(false);
        CompanySecret secret = current.Value;
        IReadOnlyList<CompanySecret> others = (await store.ListSecretsAsync(companyId, cancellationToken).ConfigureAwait(false))
            .Where(s => s.Id != secretId && s.Status != SecretStatus.Deleted).ToList();
        if (command.Name is { } name && name != secret.Name && others.Any(s => s.Name == name))
        {
            throw NameTaken(name);
        }

        string? key = command.Key is null ? null : SecretKeys.Normalize(command.Key);
        if (key is { Length: 0 })
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.KeyRequired, "Secret key is required");
        }

        if (key is not null && key != secret.Key && others.Any(s => s.Key == key))
        {
            throw KeyTaken(key);
        }

        bool managed = secret.ManagedMode == SecretManagedMode.PaperclipManaged;
        if (command.Status == SecretStatus.Deleted && managed)
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.ChangeNotAllowed, "Managed secrets must be deleted through DELETE /secrets/:id");
        }

        if (managed && command.HasExternalRef)
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.ModeMismatch, "Managed secrets cannot override externalRef");
        }

        if (!managed && command.HasExternalRef && command.ExternalRef != secret.ExternalRef)
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.ChangeNotAllowed, "External reference secrets cannot be retargeted through generic update");
        }

        if (command.HasProviderConfigId && command.ProviderConfigId != secret.ProviderConfigId)
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.ChangeNotAllowed, managed
                ? "Managed secrets cannot change provider vault through PATCH; use rotate() to migrate to a new vault"
                : "External reference secrets cannot change provider vault through generic update");
        }

        if (command.HasProviderConfigId && command.ProviderConfigId is { } vaultId)
        {
            _ = await this.SelectableVaultAsync(companyId, vaultId, secret.Provider, cancellationToken).ConfigureAwait(false);
        }

        DateTimeOffset now = time.GetUtcNow();
        CompanySecret updated = secret with
        {
            Name = command.Name ?? secret.Name,
            Key = key ?? secret.Key,
            Status = command.Status ?? secret.Status,
            Description = command.HasDescription ? command.Description : secret.Description,
            ProviderMetadata = command.ProviderMetadata ?? secret.ProviderMetadata,
            UpdatedAt = now,
        };
        if (updated.Status == SecretStatus.Deleted)
        {
            updated = SoftDeleted(updated, now);
        }

        await store.ReplaceSecretAsync(updated, secret, current.ETag, cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(caller, companyId, "secret.updated", "secret", secretId,
            new Dictionary<string, object?> { ["name"] = updated.Name }, cancellationToken).ConfigureAwait(false);
        return updated;
    }

    /// <summary>Writes a new version (managed: a new value; external: a new target) and makes it current.</summary>
    public async Task<CompanySecret> RotateAsync(Caller caller, Guid companyId, Guid secretId, RotateSecretCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        SecretAccess.EnsureBoard(caller, companyId);
        Versioned<CompanySecret> current = await this.LoadLiveAsync(companyId, secretId, cancellationToken).ConfigureAwait(false);
        CompanySecret secret = current.Value;
        if (secret.Status != SecretStatus.Active)
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.NotRotatable, "Cannot rotate a non-active secret");
        }

        Guid? vaultId = command.HasProviderConfigId ? command.ProviderConfigId : secret.ProviderConfigId;
        SecretVault? vault = vaultId is { } id ? await this.SelectableVaultAsync(companyId, id, secret.Provider, cancellationToken).ConfigureAwait(false) : null;
        ISecretProvider provider = providers.Get(secret.Provider);
        bool managed = secret.ManagedMode == SecretManagedMode.PaperclipManaged;
        string? externalRef = managed ? secret.ExternalRef : command.ExternalRef ?? secret.ExternalRef;
        if (managed && command.ExternalRef is not null)
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.ModeMismatch, "Managed secrets cannot override externalRef");
        }

        CheckMode(provider, secret.ManagedMode, command.Value is not null, externalRef is not null);
        int next = secret.LatestVersion + 1;
        SecretWriteContext context = new(companyId, secretId, secret.ProviderKey ?? secret.Key, secret.Name, next, vault);
        // Moving a managed secret to another vault writes it there as a new secret (a version in the old vault's
        // namespace would not exist there: upstream's rotate-to-migrate failed on AWS for this reason). Versions pinned
        // to the old vault keep their values there.
        bool moving = vault?.Id != secret.ProviderConfigId;
        ProviderWrite written = !managed
            ? await provider.LinkExternalAsync(context, externalRef!, command.ProviderVersionRef, cancellationToken).ConfigureAwait(false)
            : moving
                ? await provider.CreateSecretAsync(context, command.Value!, cancellationToken).ConfigureAwait(false)
                : await provider.CreateVersionAsync(context, command.Value!, externalRef, cancellationToken).ConfigureAwait(false);

        DateTimeOffset now = time.GetUtcNow();
        SecretVersion version = new(Guid.CreateVersion7(), companyId, secretId, next, written.Material, written.Fingerprint, SecretVersionStatus.Disabled, now)
        {
            ProviderVersionRef = written.ProviderVersionRef ?? command.ProviderVersionRef,
            ProviderConfigId = vault?.Id,
            ExternalRef = written.ExternalRef ?? externalRef,
            CreatedByUserId = SecretAccess.ActorOf(caller),
        };
        SecretReadContext undo = new(companyId, secretId, context.SecretKey, next, secret.ManagedMode, written.Material, written.ExternalRef, version.ProviderVersionRef, vault);
        try
        {
            await store.InsertVersionAsync(version, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await this.TryProviderCleanupAsync(provider, undo, archiveOnly: true, cancellationToken).ConfigureAwait(false);
            throw;
        }

        IReadOnlyList<SecretVersion> versions = await store.ListVersionsAsync(companyId, secretId, cancellationToken).ConfigureAwait(false);
        List<SecretVersion> changes = versions
            .Where(v => v.Version != next && v.Status == SecretVersionStatus.Current)
            .Select(v => v with { Status = SecretVersionStatus.Previous })
            .Append(version with { Status = SecretVersionStatus.Current })
            .ToList();
        CompanySecret rotated = secret with
        {
            LatestVersion = next,
            ExternalRef = written.ExternalRef ?? externalRef,
            ProviderConfigId = vault?.Id,
            LastRotatedAt = now,
            UpdatedAt = now,
        };
        try
        {
            await store.ActivateAsync(rotated, secret, current.ETag, changes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (await this.TryProviderCleanupAsync(provider, undo, archiveOnly: true, cancellationToken).ConfigureAwait(false))
            {
                await IgnoreFailureAsync(() => store.DeleteVersionAsync(companyId, secretId, next, CancellationToken.None)).ConfigureAwait(false);
            }

            throw;
        }

        await audit.RecordAsync(caller, companyId, "secret.rotated", "secret", secretId,
            new Dictionary<string, object?> { ["version"] = next }, cancellationToken).ConfigureAwait(false);
        return rotated;
    }

    /// <summary>
    /// Deletes a secret: the soft delete (which frees the name and key) comes first, then the provider delete, then
    /// the row goes. A failed provider delete leaves the soft-deleted row, and DELETE again retries it.
    /// </summary>
    public async Task DeleteAsync(Caller caller, Guid companyId, Guid secretId, CancellationToken cancellationToken)
    {
        SecretAccess.EnsureBoard(caller, companyId);
        Versioned<CompanySecret> current = await store.GetSecretAsync(companyId, secretId, cancellationToken).ConfigureAwait(false)
            ?? throw SecretNotFound();
        CompanySecret secret = current.Value;
        SecretVersion? latest = secret.LatestVersion > 0 ? await store.GetVersionAsync(companyId, secretId, secret.LatestVersion, cancellationToken).ConfigureAwait(false) : null;
        if (secret.Status != SecretStatus.Deleted)
        {
            CompanySecret deleted = SoftDeleted(secret, time.GetUtcNow());
            await store.ReplaceSecretAsync(deleted, secret, current.ETag, cancellationToken).ConfigureAwait(false);
        }

        SecretVault? vault = secret.ProviderConfigId is { } vaultId ? (await store.GetVaultAsync(companyId, vaultId, cancellationToken).ConfigureAwait(false))?.Value : null;
        if (vault is null || vault.IsSelectable)
        {
            ISecretProvider provider = providers.Get(secret.Provider);
            SecretReadContext context = new(companyId, secretId, secret.ProviderKey ?? secret.Key, secret.LatestVersion, secret.ManagedMode, latest?.Material, secret.ExternalRef, latest?.ProviderVersionRef, vault);
            try
            {
                await provider.DeleteOrArchiveAsync(context, archiveOnly: false, cancellationToken).ConfigureAwait(false);
            }
            catch (SecretProviderException ex) when (ex.Kind == ProviderErrorKind.NotFound)
            {
                // Already gone remotely.
            }
        }

        await store.DeleteSecretAsync(secret, cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(caller, companyId, "secret.deleted", "secret", secretId,
            new Dictionary<string, object?> { ["name"] = OriginalName(secret) }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Who uses the secret.</summary>
    public async Task<SecretUsage> UsageAsync(Caller caller, Guid companyId, Guid secretId, CancellationToken cancellationToken)
    {
        SecretAccess.EnsureBoard(caller, companyId);
        _ = await this.LoadLiveAsync(companyId, secretId, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<SecretBinding> bindings = await store.ListBindingsForSecretAsync(companyId, secretId, cancellationToken).ConfigureAwait(false);
        List<SecretUsageBinding> usage = [];
        foreach (SecretBinding binding in bindings.OrderBy(b => b.CreatedAt))
        {
            SecretUsageTarget target = new(binding.TargetType, binding.TargetId, binding.TargetId, null, null);
            if (binding.TargetType == SecretBindingTargets.Agent && Guid.TryParse(binding.TargetId, out Guid agentId)
                && await agents.GetAsync(companyId, agentId, cancellationToken).ConfigureAwait(false) is { } agent)
            {
                target = target with { Label = agent.Value.Name, Href = $"/api/companies/{companyId}/agents/{agentId}", Status = PaperclipJson.EnumValue(agent.Value.Status) };
            }

            usage.Add(new SecretUsageBinding(binding, target));
        }

        return new SecretUsage(secretId, usage);
    }

    /// <summary>The secret's access events, newest first.</summary>
    public async Task<IReadOnlyList<SecretAccessEvent>> AccessEventsAsync(Caller caller, Guid companyId, Guid secretId, int max, CancellationToken cancellationToken)
    {
        SecretAccess.EnsureBoard(caller, companyId);
        _ = await this.LoadLiveAsync(companyId, secretId, cancellationToken).ConfigureAwait(false);
        return await store.ListAccessEventsAsync(companyId, secretId, max, cancellationToken).ConfigureAwait(false);
    }

    async Task<SecretVault> SelectableVaultAsync(Guid companyId, Guid vaultId, string? provider, CancellationToken cancellationToken)
    {
        SecretVault vault = (await store.GetVaultAsync(companyId, vaultId, cancellationToken).ConfigureAwait(false))?.Value
            ?? throw new PaperclipException(404, ErrorCodes.NotFound, "Not found", "Provider vault not found");
        VaultRules.EnsureSelectable(vault, provider ?? vault.Provider);
        return vault;
    }

    async Task<Versioned<CompanySecret>> LoadLiveAsync(Guid companyId, Guid secretId, CancellationToken cancellationToken)
    {
        Versioned<CompanySecret>? secret = await store.GetSecretAsync(companyId, secretId, cancellationToken).ConfigureAwait(false);
        return secret is { Value.Status: not SecretStatus.Deleted } ? secret : throw SecretNotFound();
    }

    static void CheckMode(ISecretProvider provider, SecretManagedMode mode, bool hasValue, bool hasExternalRef)
    {
        if (mode == SecretManagedMode.ExternalReference)
        {
            if (!hasExternalRef)
            {
                throw PaperclipException.Unprocessable(SecretErrorCodes.ModeMismatch, "External reference secrets require externalRef");
            }

            if (!provider.Descriptor.SupportsExternalReferences)
            {
                throw PaperclipException.Unprocessable(SecretErrorCodes.ProviderUnsupportedOperation, $"{provider.Descriptor.Id} does not support external reference secrets");
            }
        }
        else
        {
            if (!hasValue)
            {
                throw PaperclipException.Unprocessable(SecretErrorCodes.ModeMismatch, "Managed secrets require value");
            }

            if (!provider.Descriptor.SupportsManagedValues)
            {
                throw PaperclipException.Unprocessable(SecretErrorCodes.ProviderNotConfigured, $"{provider.Descriptor.Id} provider is not configured for Paperclip-managed values");
            }
        }
    }

    static CompanySecret SoftDeleted(CompanySecret secret, DateTimeOffset now)
    {
        string suffix = SecretKeys.DeletedSuffix(secret.Id);
        return secret with
        {
            Status = SecretStatus.Deleted,
            DeletedAt = secret.DeletedAt ?? now,
            Name = secret.Name.EndsWith(suffix, StringComparison.Ordinal) ? secret.Name : secret.Name + suffix,
            Key = secret.Key.EndsWith(suffix, StringComparison.Ordinal) ? secret.Key : secret.Key + suffix,
            ProviderKey = secret.ProviderKey ?? secret.Key,
            UpdatedAt = now,
        };
    }

    static string OriginalName(CompanySecret secret)
    {
        string suffix = SecretKeys.DeletedSuffix(secret.Id);
        return secret.Name.EndsWith(suffix, StringComparison.Ordinal) ? secret.Name[..^suffix.Length] : secret.Name;
    }

    async Task DropReservationAsync(CompanySecret reservation, CancellationToken cancellationToken) =>
        await IgnoreFailureAsync(() => store.DeleteSecretAsync(reservation, CancellationToken.None)).ConfigureAwait(false);

    /// <summary>Undoes a create after the provider write: the remote value first; the row only if that worked.</summary>
    async Task UndoCreateAsync(ISecretProvider provider, CompanySecret reservation, SecretVersion version, SecretVault? vault, CancellationToken cancellationToken)
    {
        bool cleaned = reservation.ManagedMode == SecretManagedMode.ExternalReference || await this.TryProviderCleanupAsync(provider,
            new SecretReadContext(reservation.CompanyId, reservation.Id, reservation.Key, 1, reservation.ManagedMode, version.Material, reservation.ExternalRef, version.ProviderVersionRef, vault),
            archiveOnly: false, cancellationToken).ConfigureAwait(false);
        if (cleaned)
        {
            await this.DropReservationAsync(reservation, cancellationToken).ConfigureAwait(false);
            return;
        }

        // The row stays archived as the handle for the remote value (upstream's cleanup handle): it keeps its name and
        // key, and records where the value is, with a disabled version 1, so that DELETE can remove it later.
        await IgnoreFailureAsync(() => store.InsertVersionAsync(version, CancellationToken.None)).ConfigureAwait(false);
        await IgnoreFailureAsync(async () =>
        {
            if (await store.GetSecretAsync(reservation.CompanyId, reservation.Id, CancellationToken.None).ConfigureAwait(false) is { } current)
            {
                await store.ReplaceSecretAsync(current.Value with { ExternalRef = reservation.ExternalRef, LatestVersion = 1 }, current.Value, current.ETag, CancellationToken.None).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    async Task<bool> TryProviderCleanupAsync(ISecretProvider provider, SecretReadContext context, bool archiveOnly, CancellationToken cancellationToken)
    {
        try
        {
            await provider.DeleteOrArchiveAsync(context, archiveOnly, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.SecretCleanupFailed(logger, context.SecretId, ex.GetType().Name);
            return false;
        }
    }

    static async Task IgnoreFailureAsync(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && ex is not OutOfMemoryException)
        {
            // Best-effort cleanup: the original failure is what the caller sees.
        }
    }

    static PaperclipException SecretNotFound() => new(404, ErrorCodes.NotFound, "Not found", "Secret not found");

    static PaperclipException NameTaken(string name) => PaperclipException.Conflict(SecretErrorCodes.NameTaken, $"Secret already exists: {name}");

    static PaperclipException KeyTaken(string key) => PaperclipException.Conflict(SecretErrorCodes.KeyTaken, $"Secret key already exists: {key}");
}
