using Paperclip.Core.Auth;
using Paperclip.Core.Domain.Secrets;
using Paperclip.Core.Errors;
using Paperclip.Core.Services;

namespace Paperclip.Core.Secrets;

/// <summary>
/// Remote import: list a vault's secrets and classify each (ready / duplicate / conflict), then link the chosen ones as
/// external references — re-checking every row at commit. Nothing here reads a value: listing returns names and
/// metadata, and linking only checks the reference. Board only.
/// </summary>
public sealed class SecretImportService(ISecretStore store, SecretProviderRegistry providers, Audit audit, TimeProvider time)
{
    /// <summary>Lists one page of the vault's secrets, classified.</summary>
    public async Task<ImportPreview> PreviewAsync(Caller caller, Guid companyId, PreviewImportCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        SecretAccess.EnsureBoard(caller, companyId);
        (SecretVault vault, ISecretProvider provider) = await this.VaultAsync(companyId, command.ProviderConfigId, requireLinks: false, cancellationToken).ConfigureAwait(false);
        if (!provider.Descriptor.SupportsRemoteListing)
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.ProviderUnsupportedOperation, $"{vault.Provider} provider does not support remote import listing");
        }

        RemoteSecretPage page = await provider.ListRemoteAsync(vault, command.Query, command.NextToken, command.PageSize, cancellationToken).ConfigureAwait(false);
        ConflictIndex index = await ConflictIndex.LoadAsync(store, companyId, vault, cancellationToken).ConfigureAwait(false);
        List<ImportCandidate> candidates = [];
        foreach (RemoteSecret remote in page.Secrets)
        {
            string name = remote.Name.Trim();
            string key = SecretKeys.Normalize(name);
            List<ImportConflict> conflicts = [];
            if (await GuardrailAsync(provider, vault, companyId, name, key, remote.ExternalRef, cancellationToken).ConfigureAwait(false) is { } refused)
            {
                conflicts.Add(new ImportConflict("provider_guardrail", refused));
            }

            conflicts.AddRange(index.ConflictsOf(remote.ExternalRef, name, key));
            string status = conflicts.Any(c => c.Type == "exact_reference") ? "duplicate" : conflicts.Count > 0 ? "conflict" : "ready";
            candidates.Add(new ImportCandidate(remote.ExternalRef, name, name, key, remote.ProviderVersionRef, remote.Metadata is { Count: > 0 } m ? m : null, status, conflicts.Count == 0, conflicts));
        }

        await audit.RecordAsync(caller, companyId, "secret.remote_import.previewed", "secret_provider_config", vault.Id, new Dictionary<string, object?>
        {
            ["provider"] = vault.Provider,
            ["candidateCount"] = candidates.Count,
            ["readyCount"] = candidates.Count(c => c.Status == "ready"),
            ["duplicateCount"] = candidates.Count(c => c.Status == "duplicate"),
            ["conflictCount"] = candidates.Count(c => c.Status == "conflict"),
        }, cancellationToken).ConfigureAwait(false);
        return new ImportPreview(vault.Id, vault.Provider, page.NextToken, candidates);
    }

    /// <summary>Links the selected rows as external-reference secrets, one at a time, re-checking each against the current state.</summary>
    public async Task<ImportResult> ImportAsync(Caller caller, Guid companyId, ImportSecretsCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        SecretAccess.EnsureBoard(caller, companyId);
        (SecretVault vault, ISecretProvider provider) = await this.VaultAsync(companyId, command.ProviderConfigId, requireLinks: true, cancellationToken).ConfigureAwait(false);
        ConflictIndex index = await ConflictIndex.LoadAsync(store, companyId, vault, cancellationToken).ConfigureAwait(false);
        List<ImportRowResult> results = [];
        foreach (ImportRow row in command.Rows)
        {
            results.Add(await this.ImportRowAsync(caller, companyId, vault, provider, index, row, cancellationToken).ConfigureAwait(false));
        }

        ImportResult result = new(vault.Id, vault.Provider, results.Count(r => r.Status == "imported"), results.Count(r => r.Status == "skipped"), results.Count(r => r.Status == "error"), results);
        await audit.RecordAsync(caller, companyId, "secret.remote_import.completed", "secret_provider_config", vault.Id, new Dictionary<string, object?>
        {
            ["provider"] = vault.Provider,
            ["importedCount"] = result.ImportedCount,
            ["skippedCount"] = result.SkippedCount,
            ["errorCount"] = result.ErrorCount,
        }, cancellationToken).ConfigureAwait(false);
        return result;
    }

    async Task<ImportRowResult> ImportRowAsync(Caller caller, Guid companyId, SecretVault vault, ISecretProvider provider, ConflictIndex index, ImportRow row, CancellationToken cancellationToken)
    {
        string reference = row.ExternalRef.Trim();
        string name = row.Name ?? provider.RemoteNameOf(reference);
        string key = SecretKeys.Normalize(row.Key ?? name);
        if (key.Length == 0)
        {
            return new ImportRowResult(reference, name, key, "error", "Secret key is required", null, []);
        }

        List<ImportConflict> conflicts = index.ConflictsOf(reference, name, key).ToList();
        ProviderWrite? link = null;
        if (conflicts.Count == 0)
        {
            Guid secretId = Guid.CreateVersion7();
            try
            {
                link = await provider.LinkExternalAsync(new SecretWriteContext(companyId, secretId, key, name, 1, vault), reference, row.ProviderVersionRef, cancellationToken).ConfigureAwait(false);
            }
            catch (PaperclipException ex) when (ex.Status < 500 || ex is SecretProviderException)
            {
                return new ImportRowResult(reference, name, key, "error", ex.Message, null, []);
            }

            conflicts.AddRange(index.ConflictsOf(link.ExternalRef ?? reference, name, key));
            if (conflicts.Count == 0)
            {
                return await this.InsertAsync(caller, companyId, vault, index, secretId, name, key, row, link, cancellationToken).ConfigureAwait(false);
            }
        }

        string reason = conflicts.Any(c => c.Type == "exact_reference") ? "exact_reference_duplicate" : "name_or_key_conflict";
        return new ImportRowResult(reference, name, key, "skipped", reason, null, conflicts);
    }

    async Task<ImportRowResult> InsertAsync(Caller caller, Guid companyId, SecretVault vault, ConflictIndex index, Guid secretId, string name, string key, ImportRow row, ProviderWrite link, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        CompanySecret secret = new(secretId, companyId, key, name, vault.Provider, SecretStatus.Active, SecretManagedMode.ExternalReference, 1, now, now)
        {
            Description = string.IsNullOrWhiteSpace(row.Description) ? null : row.Description.Trim(),
            ProviderConfigId = vault.Id,
            ExternalRef = link.ExternalRef,
            LastRotatedAt = now,
            CreatedByUserId = SecretAccess.ActorOf(caller),
            ProviderKey = key,
        };
        SecretVersion version = new(Guid.CreateVersion7(), companyId, secretId, 1, link.Material, link.Fingerprint, SecretVersionStatus.Current, now)
        {
            ProviderVersionRef = link.ProviderVersionRef,
            ProviderConfigId = vault.Id,
            ExternalRef = link.ExternalRef,
            CreatedByUserId = SecretAccess.ActorOf(caller),
        };
        try
        {
            await store.InsertSecretWithVersionAsync(secret, version, cancellationToken).ConfigureAwait(false);
        }
        catch (PaperclipException ex)
        {
            return new ImportRowResult(row.ExternalRef.Trim(), name, key, "error", ex.Status < 500 ? ex.Message : "Import failed", null, []);
        }

        index.Add(secret);
        return new ImportRowResult(row.ExternalRef.Trim(), name, key, "imported", null, secretId, []);
    }

    /// <summary>The guardrail refusal of linking a reference, as a safe message; null when it may be linked.</summary>
    static async Task<string?> GuardrailAsync(ISecretProvider provider, SecretVault vault, Guid companyId, string name, string key, string reference, CancellationToken cancellationToken)
    {
        try
        {
            _ = await provider.LinkExternalAsync(new SecretWriteContext(companyId, Guid.Empty, key.Length == 0 ? "import" : key, name, 1, vault), reference, null, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (PaperclipException ex) when (ex.Status < 500 || ex is SecretProviderException)
        {
            return ex.Message;
        }
    }

    async Task<(SecretVault Vault, ISecretProvider Provider)> VaultAsync(Guid companyId, Guid vaultId, bool requireLinks, CancellationToken cancellationToken)
    {
        SecretVault vault = (await store.GetVaultAsync(companyId, vaultId, cancellationToken).ConfigureAwait(false))?.Value
            ?? throw new PaperclipException(404, ErrorCodes.NotFound, "Not found", "Provider vault not found");
        VaultRules.EnsureSelectable(vault, vault.Provider);
        ISecretProvider provider = providers.Get(vault.Provider);
        if (requireLinks && !provider.Descriptor.SupportsExternalReferences)
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.ProviderUnsupportedOperation, $"{vault.Provider} provider does not support linked external references");
        }

        return (vault, provider);
    }

    /// <summary>What live secrets already hold: exact references (per vault), names and keys. Deleted secrets never conflict.</summary>
    sealed class ConflictIndex(Guid vaultId)
    {
        readonly Dictionary<string, Guid> references = new(StringComparer.Ordinal);
        readonly Dictionary<string, Guid> names = new(StringComparer.Ordinal);
        readonly Dictionary<string, Guid> keys = new(StringComparer.Ordinal);

        public static async Task<ConflictIndex> LoadAsync(ISecretStore store, Guid companyId, SecretVault vault, CancellationToken cancellationToken)
        {
            ConflictIndex index = new(vault.Id);
            foreach (CompanySecret secret in await store.ListSecretsAsync(companyId, cancellationToken).ConfigureAwait(false))
            {
                // Every live secret holds its name and key; only this vault's hold references (Add checks the vault).
                if (secret.Status != SecretStatus.Deleted)
                {
                    index.Add(secret);
                }
            }

            return index;
        }

        public void Add(CompanySecret secret)
        {
            this.names[secret.Name] = secret.Id;
            this.keys[secret.Key] = secret.Id;
            if (secret.ExternalRef is { } reference && secret.ProviderConfigId == vaultId)
            {
                this.references[reference.Trim()] = secret.Id;
            }
        }

        public IEnumerable<ImportConflict> ConflictsOf(string reference, string name, string key)
        {
            if (this.references.TryGetValue(reference.Trim(), out Guid existing))
            {
                yield return new ImportConflict("exact_reference", "An existing secret already links this exact provider reference.") { ExistingSecretId = existing };
                yield break;
            }

            if (this.names.TryGetValue(name, out Guid named))
            {
                yield return new ImportConflict("name", $"Secret name already exists: {name}") { ExistingSecretId = named };
            }

            if (this.keys.TryGetValue(key, out Guid keyed))
            {
                yield return new ImportConflict("key", $"Secret key already exists: {key}") { ExistingSecretId = keyed };
            }
        }
    }
}
