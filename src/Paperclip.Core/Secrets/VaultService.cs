using System.Text.Json;
using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Domain.Secrets;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;
using Paperclip.Core.Services;

namespace Paperclip.Core.Secrets;

/// <summary>Provider vaults: create, change, disable, pick the default (race-checked), check health. Board only.</summary>
public sealed class VaultService(ICompanyRepository companies, ISecretStore store, SecretProviderRegistry providers, Audit audit, TimeProvider time)
{
    const int DefaultRaceRetries = 5;

    /// <summary>The providers and what they can do here.</summary>
    public IReadOnlyList<SecretProviderDescriptor> ListProviders(Caller caller, Guid companyId)
    {
        SecretAccess.EnsureBoard(caller, companyId);
        return providers.All.Select(p => p.Descriptor).ToList();
    }

    /// <summary>Each provider's deployment-level health (no vault).</summary>
    public async Task<IReadOnlyList<ProviderHealth>> ProvidersHealthAsync(Caller caller, Guid companyId, CancellationToken cancellationToken)
    {
        SecretAccess.EnsureBoard(caller, companyId);
        return await Task.WhenAll(providers.All.Select(p => p.CheckHealthAsync(null, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>Creates a vault; as the default it demotes the provider's previous default. The body is checked before anything is read.</summary>
    public async Task<SecretVault> CreateAsync(Caller caller, Guid companyId, CreateVaultCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        SecretAccess.EnsureBoard(caller, companyId);
        ISecretProvider provider = providers.Get(command.Provider);
        VaultStatus status = command.Status ?? (provider.Descriptor.ComingSoon ? VaultStatus.ComingSoon : VaultStatus.Ready);
        VaultRules.EnsureRequestable(provider.Descriptor, status, command.IsDefault);
        JsonElement config = ValidateConfig(provider, command.Config);
        _ = await companies.GetAsync(companyId, cancellationToken).ConfigureAwait(false) ?? throw PaperclipException.NotFound("Company");
        DateTimeOffset now = time.GetUtcNow();
        SecretVault vault = new(Guid.CreateVersion7(), companyId, command.Provider, command.DisplayName, status, command.IsDefault, config, now, now)
        {
            DisabledAt = status == VaultStatus.Disabled ? now : null,
            CreatedByUserId = SecretAccess.ActorOf(caller),
        };
        await store.CreateVaultAsync(vault, cancellationToken).ConfigureAwait(false);
        await this.AuditAsync(caller, vault, "secret_provider_config.created", cancellationToken).ConfigureAwait(false);
        return vault;
    }

    /// <summary>The company's vaults, newest first, disabled ones included.</summary>
    public async Task<IReadOnlyList<SecretVault>> ListAsync(Caller caller, Guid companyId, CancellationToken cancellationToken)
    {
        SecretAccess.EnsureBoard(caller, companyId);
        return (await store.ListVaultsAsync(companyId, cancellationToken).ConfigureAwait(false)).OrderByDescending(v => v.CreatedAt).ToList();
    }

    /// <summary>One vault.</summary>
    public async Task<SecretVault> GetAsync(Caller caller, Guid companyId, Guid vaultId, CancellationToken cancellationToken)
    {
        SecretAccess.EnsureBoard(caller, companyId);
        return (await this.LoadAsync(companyId, vaultId, cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>
    /// Changes a vault (upstream's rules: the coming-soon lock, config replaced, the default demoted when disabled). What
    /// can be judged without the vault is judged first, as upstream: a config no provider accepts is 400 even for an
    /// unknown vault id.
    /// </summary>
    public async Task<SecretVault> UpdateAsync(Caller caller, Guid companyId, Guid vaultId, UpdateVaultCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        SecretAccess.EnsureBoard(caller, companyId);
        if (command.Config is { } draft)
        {
            this.PrecheckConfig(draft);
        }

        Versioned<SecretVault> current = await this.LoadAsync(companyId, vaultId, cancellationToken).ConfigureAwait(false);
        SecretVault existing = current.Value;
        ISecretProvider provider = providers.Get(existing.Provider);
        VaultStatus status = command.Status ?? existing.Status;
        VaultRules.EnsureRequestable(provider.Descriptor, status, command.IsDefault);

        DateTimeOffset now = time.GetUtcNow();
        bool blocked = status is VaultStatus.Disabled or VaultStatus.ComingSoon;
        SecretVault updated = existing with
        {
            DisplayName = command.DisplayName ?? existing.DisplayName,
            Status = status,
            Config = command.Config is { } config ? ValidateConfig(provider, config) : existing.Config,
            IsDefault = !blocked && (command.IsDefault ?? existing.IsDefault),
            DisabledAt = status == VaultStatus.Disabled ? existing.DisabledAt ?? now : null,
            UpdatedAt = now,
        };
        await store.ReplaceVaultAsync(updated, current.ETag, cancellationToken).ConfigureAwait(false);
        await this.AuditAsync(caller, updated, "secret_provider_config.updated", cancellationToken).ConfigureAwait(false);
        return updated;
    }

    /// <summary>Disables a vault (upstream's PR-era DELETE): it stays listed, stops serving secrets and is no longer the default.</summary>
    public async Task<SecretVault> DisableAsync(Caller caller, Guid companyId, Guid vaultId, CancellationToken cancellationToken)
    {
        SecretAccess.EnsureBoard(caller, companyId);
        Versioned<SecretVault> current = await this.LoadAsync(companyId, vaultId, cancellationToken).ConfigureAwait(false);
        DateTimeOffset now = time.GetUtcNow();
        SecretVault disabled = current.Value with { Status = VaultStatus.Disabled, IsDefault = false, DisabledAt = current.Value.DisabledAt ?? now, UpdatedAt = now };
        await store.ReplaceVaultAsync(disabled, current.ETag, cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(caller, companyId, "secret_provider_config.disabled", "secret_provider_config", vaultId,
            new Dictionary<string, object?> { ["provider"] = disabled.Provider, ["displayName"] = disabled.DisplayName, ["status"] = "disabled" }, cancellationToken).ConfigureAwait(false);
        return disabled;
    }

    /// <summary>
    /// Makes a vault its provider's default. The status is re-checked against the very version that is written (an
    /// ETag-conditional write), so a vault disabled concurrently never becomes the default.
    /// </summary>
    public async Task<SecretVault> SetDefaultAsync(Caller caller, Guid companyId, Guid vaultId, CancellationToken cancellationToken)
    {
        SecretAccess.EnsureBoard(caller, companyId);
        for (int attempt = 1; ; attempt++)
        {
            Versioned<SecretVault> current = await this.LoadAsync(companyId, vaultId, cancellationToken).ConfigureAwait(false);
            VaultRules.EnsureDefaultable(current.Value.Status);
            SecretVault updated = current.Value with { IsDefault = true, UpdatedAt = time.GetUtcNow() };
            try
            {
                await store.ReplaceVaultAsync(updated, current.ETag, cancellationToken).ConfigureAwait(false);
                await audit.RecordAsync(caller, companyId, "secret_provider_config.default_set", "secret_provider_config", vaultId,
                    new Dictionary<string, object?> { ["provider"] = updated.Provider, ["displayName"] = updated.DisplayName, ["isDefault"] = true }, cancellationToken).ConfigureAwait(false);
                return updated;
            }
            catch (PaperclipException ex) when (ex.Code == ErrorCodes.ConcurrencyConflict && attempt < DefaultRaceRetries)
            {
                // Someone changed this vault or the provider's default meanwhile: re-read and re-check.
            }
        }
    }

    /// <summary>Checks a vault's health and records the outcome on it.</summary>
    public async Task<VaultHealthReport> CheckHealthAsync(Caller caller, Guid companyId, Guid vaultId, CancellationToken cancellationToken)
    {
        SecretAccess.EnsureBoard(caller, companyId);
        Versioned<SecretVault> current = await this.LoadAsync(companyId, vaultId, cancellationToken).ConfigureAwait(false);
        SecretVault vault = current.Value;
        ISecretProvider provider = providers.Get(vault.Provider);
        (VaultHealthStatus status, string message, Dictionary<string, object?> details) = vault.Status == VaultStatus.Disabled
            ? (VaultHealthStatus.Disabled, "Provider vault is disabled.", new Dictionary<string, object?> { ["code"] = "disabled", ["message"] = "Provider vault is disabled." })
            : vault.Status == VaultStatus.ComingSoon || provider.Descriptor.ComingSoon
                ? (VaultHealthStatus.ComingSoon, "Provider vault runtime is locked while coming soon.", new Dictionary<string, object?>
                {
                    ["code"] = "runtime_locked",
                    ["message"] = "Provider vault runtime is locked while coming soon.",
                    ["guidance"] = new[] { "Draft metadata may be saved, but create, rotate, and resolve stay unavailable." },
                })
                : FromProvider(await provider.CheckHealthAsync(vault, cancellationToken).ConfigureAwait(false), vault.Status);

        DateTimeOffset now = time.GetUtcNow();
        SecretVault checkedVault = vault with
        {
            HealthStatus = status,
            HealthCheckedAt = now,
            HealthMessage = message,
            HealthDetails = JsonSerializer.SerializeToElement(details, PaperclipJson.Options),
        };
        try
        {
            await store.ReplaceVaultAsync(checkedVault, current.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (PaperclipException ex) when (ex.Code == ErrorCodes.ConcurrencyConflict)
        {
            // The vault changed while it was checked; the answer stands, the record keeps the newer change.
        }

        await audit.RecordAsync(caller, companyId, "secret_provider_config.health_checked", "secret_provider_config", vaultId,
            new Dictionary<string, object?> { ["provider"] = vault.Provider, ["status"] = PaperclipJson.EnumValue(status), ["code"] = details["code"] }, cancellationToken).ConfigureAwait(false);
        return new VaultHealthReport(vault.Id, vault.Provider, status, message, details, now);
    }

    static (VaultHealthStatus, string, Dictionary<string, object?>) FromProvider(ProviderHealth health, VaultStatus vaultStatus)
    {
        VaultHealthStatus status = health.Status switch
        {
            ProviderHealth.Ok => vaultStatus == VaultStatus.Warning ? VaultHealthStatus.Warning : VaultHealthStatus.Ready,
            ProviderHealth.Warn => VaultHealthStatus.Warning,
            _ => VaultHealthStatus.Error,
        };
        List<string> guidance = [.. health.Warnings, .. health.BackupGuidance];
        Dictionary<string, object?> details = new(health.Details)
        {
            ["code"] = status == VaultHealthStatus.Ready ? "provider_ready" : "provider_needs_attention",
            ["message"] = health.Message,
        };
        if (guidance.Count > 0)
        {
            details["guidance"] = guidance;
        }

        return (status, health.Message, details);
    }

    static JsonElement ValidateConfig(ISecretProvider provider, JsonElement config) =>
        Checked(fail => VaultConfigPolicy.RejectSensitive(config, fail) ? config : provider.ConfigSchema.Validate(config, fail));

    /// <summary>
    /// The checks a config needs no vault for: no credential-shaped key, and no setting that every provider knowing
    /// its name refuses as given (a non-origin <c>address</c> is wrong for whichever vault it is meant for).
    /// </summary>
    void PrecheckConfig(JsonElement config) =>
        _ = Checked(fail =>
        {
            _ = VaultConfigPolicy.RejectSensitive(config, fail);
            foreach (JsonProperty property in config.EnumerateObject().Where(p => !VaultConfigPolicy.IsSensitiveKey(p.Name)))
            {
                List<IReadOnlyList<string>> verdicts = providers.All.Select(p => p.ConfigSchema.ProblemsOf(property.Name, property.Value)).OfType<IReadOnlyList<string>>().ToList();
                if (verdicts.Count == 0)
                {
                    fail($"config.{property.Name}", "is not a setting of any provider's vaults.");
                }
                else if (verdicts.All(problems => problems.Count > 0))
                {
                    foreach (string problem in verdicts.SelectMany(problems => problems).Distinct(StringComparer.Ordinal))
                    {
                        fail($"config.{property.Name}", problem);
                    }
                }
            }

            return config;
        });

    /// <summary>Runs <paramref name="check"/>; throws 400 validation_failed with every problem it reported.</summary>
    static JsonElement Checked(Func<Action<string, string>, JsonElement> check)
    {
        Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);
        JsonElement result = check((path, message) => (errors.TryGetValue(path, out List<string>? list) ? list : errors[path] = []).Add(message));
        return errors.Count == 0
            ? result
            : throw PaperclipException.Validation(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
    }

    async Task<Versioned<SecretVault>> LoadAsync(Guid companyId, Guid vaultId, CancellationToken cancellationToken) =>
        await store.GetVaultAsync(companyId, vaultId, cancellationToken).ConfigureAwait(false)
        ?? throw new PaperclipException(404, ErrorCodes.NotFound, "Not found", "Provider vault not found");

    Task AuditAsync(Caller caller, SecretVault vault, string action, CancellationToken cancellationToken) =>
        audit.RecordAsync(caller, vault.CompanyId, action, "secret_provider_config", vault.Id, new Dictionary<string, object?>
        {
            ["provider"] = vault.Provider,
            ["displayName"] = vault.DisplayName,
            ["status"] = PaperclipJson.EnumValue(vault.Status),
            ["isDefault"] = vault.IsDefault,
        }, cancellationToken);
}
