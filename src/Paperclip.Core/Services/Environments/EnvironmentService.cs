using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Domain.Environments;
using Paperclip.Core.Domain.Secrets;
using Paperclip.Core.Errors;
using Paperclip.Core.Policies.Workspaces;
using Paperclip.Core.Ports;
using Paperclip.Core.Secrets;

namespace Paperclip.Core.Services.Environments;

/// <summary>
/// Execution environments with upstream's routes and rules (research §1): a raw SSH private key is moved at once into
/// a company secret and only its reference is stored; a replaced or removed key's secret is deleted (upstream orphaned
/// it when the driver changed, H-E2); an environment a live run uses cannot be deleted (H-E1). Reading is open to the
/// company (agents see configs redacted, as upstream's callers without <c>environments:manage</c>); changing is the
/// board's.
/// </summary>
public sealed partial class EnvironmentService(
    ICompanyRepository companies,
    IEnvironmentRepository environments,
    IRunRepository runs,
    IExecutionWorkspaceRepository workspaces,
    IAgentRepository agents,
    IIssueRepository issues,
    IProjectRepository projects,
    SecretService secrets,
    SecretBindingService bindings,
    SecretResolver resolver,
    IEnvironmentProbe probe,
    Audit audit,
    TimeProvider time)
{
    /// <summary>The stable code of a second <c>local</c> environment (upstream's partial unique index).</summary>
    public const string LocalExists = "local_environment_exists";

    /// <summary>The config path an environment's key is bound at.</summary>
    const string KeyPath = "privateKeySecretRef";

    /// <summary>How the names of the key secrets this service stores begin (upstream's naming).</summary>
    const string KeySecretPrefix = "environment-ssh-";

    /// <summary>The stable code of a run whose environment does not exist (or is another company's).</summary>
    public const string NotFoundAtRun = "environment_not_found";

    /// <summary>The stable code of a run whose environment is archived.</summary>
    public const string Inactive = "environment_inactive";

    /// <summary>The stable code of deleting an environment a live run uses.</summary>
    public const string InUse = "environment_in_use";

    /// <summary>Creates an environment.</summary>
    public async Task<ExecutionEnvironment> CreateAsync(Caller caller, Guid companyId, CreateEnvironmentCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        EnsureManage(caller, companyId);
        _ = await companies.GetAsync(companyId, cancellationToken).ConfigureAwait(false) ?? throw PaperclipException.NotFound("Company");
        if (command.Driver == EnvironmentDriver.Local)
        {
            await this.EnsureNoOtherLocalAsync(companyId, null, cancellationToken).ConfigureAwait(false);
        }

        (JsonElement config, SecretValue? key) = EnvironmentConfigs.Normalize(command.Driver, command.Config, acceptPrivateKey: true);
        await this.EnsureSecretRefAsync(caller, companyId, config, cancellationToken).ConfigureAwait(false);
        CompanySecret? created = key is null ? null : await this.StoreKeyAsync(caller, companyId, command.Name, key, cancellationToken).ConfigureAwait(false);
        DateTimeOffset now = time.GetUtcNow();
        ExecutionEnvironment environment = new(Guid.CreateVersion7(), companyId, command.Name, command.Description, command.Driver, command.Status,
            created is null ? config : WithSecret(config, created.Id), now, now)
        { Metadata = command.Metadata };
        try
        {
            await environments.CreateAsync(environment, cancellationToken).ConfigureAwait(false);
        }
        catch when (created is not null)
        {
            await secrets.DeleteAsync(caller, companyId, created.Id, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await this.BindKeyAsync(environment, cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(caller, companyId, "environment.created", "environment", environment.Id, Summary(environment), cancellationToken).ConfigureAwait(false);
        return environment;
    }

    /// <summary>The company's environments, filtered exactly by status and driver, most recently updated first.</summary>
    public async Task<IReadOnlyList<ExecutionEnvironment>> ListAsync(Caller caller, Guid companyId, EnvironmentStatus? status, EnvironmentDriver? driver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        caller.EnsureCompany(companyId);
        IReadOnlyList<ExecutionEnvironment> all = await environments.ListAsync(companyId, cancellationToken).ConfigureAwait(false);
        return
        [
            .. all.Where(e => (status is null || e.Status == status) && (driver is null || e.Driver == driver))
                .OrderByDescending(e => e.UpdatedAt).ThenByDescending(e => e.CreatedAt).Select(e => Visible(caller, e)),
        ];
    }

    /// <summary>Gets an environment (redacted for callers who may not manage environments).</summary>
    public async Task<ExecutionEnvironment> GetAsync(Caller caller, Guid companyId, Guid environmentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        caller.EnsureCompany(companyId);
        return Visible(caller, (await this.LoadAsync(companyId, environmentId, cancellationToken).ConfigureAwait(false)).Value);
    }

    /// <summary>
    /// Changes an environment. A config with the same driver is merged over the stored one (request wins); with a new
    /// driver it stands alone; a new driver without a config starts from <c>{}</c>. Either way the result is normalised
    /// again for the next driver, a raw key moving into a new secret and the old one deleted.
    /// </summary>
    public async Task<ExecutionEnvironment> PatchAsync(Caller caller, Guid companyId, Guid environmentId, PatchEnvironmentCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        EnsureManage(caller, companyId);
        Versioned<ExecutionEnvironment> current = await this.LoadAsync(companyId, environmentId, cancellationToken).ConfigureAwait(false);
        ExecutionEnvironment before = current.Value;
        EnvironmentDriver driver = command.Driver ?? before.Driver;
        string name = command.Name ?? before.Name;
        if (driver == EnvironmentDriver.Local && before.Driver != EnvironmentDriver.Local)
        {
            await this.EnsureNoOtherLocalAsync(companyId, environmentId, cancellationToken).ConfigureAwait(false);
        }

        JsonElement config = before.Config;
        CompanySecret? created = null;
        if (command.Config is not null || driver != before.Driver)
        {
            JsonElement? source = command.Config is { } patch
                ? driver == before.Driver ? Merge(before.Config, patch) : patch
                : null;
            (config, SecretValue? key) = EnvironmentConfigs.Normalize(driver, source, acceptPrivateKey: true);
            await this.EnsureSecretRefAsync(caller, companyId, config, cancellationToken).ConfigureAwait(false);
            created = key is null ? null : await this.StoreKeyAsync(caller, companyId, name, key, cancellationToken).ConfigureAwait(false);
            config = created is null ? config : WithSecret(config, created.Id);
        }

        ExecutionEnvironment after = before with
        {
            Name = name,
            Description = command.SetDescription ? command.Description : before.Description,
            Driver = driver,
            Status = command.Status ?? before.Status,
            Config = config,
            Metadata = command.SetMetadata ? command.Metadata : before.Metadata,
            UpdatedAt = time.GetUtcNow(),
        };
        try
        {
            await environments.UpdateAsync(after, current.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch when (created is not null)
        {
            await secrets.DeleteAsync(caller, companyId, created.Id, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await this.BindKeyAsync(after, cancellationToken).ConfigureAwait(false);

        // The key the row no longer names goes (a new key, or a driver that has none).
        if (KeySecret(before) is { } old && old != KeySecret(after))
        {
            await this.DeleteKeyAsync(caller, companyId, old, cancellationToken).ConfigureAwait(false);
        }

        Dictionary<string, object?> details = new() { ["changedFields"] = command.ChangedFields };
        if (command.Name is not null)
        {
            details["name"] = after.Name;
        }

        if (command.Driver is not null)
        {
            details["driver"] = PaperclipJson.EnumValue(after.Driver);
        }

        if (command.Status is not null)
        {
            details["status"] = PaperclipJson.EnumValue(after.Status);
        }

        if (command.SetDescription)
        {
            details["descriptionChanged"] = true;
        }

        if (command.Config is not null || command.Driver is not null)
        {
            details["configChanged"] = true;
            details["configTopLevelKeyCount"] = after.Config.EnumerateObject().Count();
        }

        if (command.SetMetadata)
        {
            details["metadataChanged"] = true;
            details["metadataTopLevelKeyCount"] = after.Metadata?.EnumerateObject().Count() ?? 0;
        }

        await audit.RecordAsync(caller, companyId, "environment.updated", "environment", environmentId, details, cancellationToken).ConfigureAwait(false);
        return after;
    }

    /// <summary>Deletes an environment no live run uses, then its key's secret; returns the removed row.</summary>
    public async Task<ExecutionEnvironment> DeleteAsync(Caller caller, Guid companyId, Guid environmentId, CancellationToken cancellationToken)
    {
        EnsureManage(caller, companyId);
        ExecutionEnvironment environment = (await this.LoadAsync(companyId, environmentId, cancellationToken).ConfigureAwait(false)).Value;
        string id = environmentId.ToString();
        foreach (Run run in await runs.ListActiveAsync(companyId, cancellationToken).ConfigureAwait(false))
        {
            Versioned<ExecutionWorkspace>? workspace = await workspaces.GetAsync(companyId, run.ExecutionWorkspaceId, cancellationToken).ConfigureAwait(false);
            if (workspace is not null && string.Equals(workspace.Value.EnvironmentId, id, StringComparison.OrdinalIgnoreCase))
            {
                throw new PaperclipException(409, InUse, "Environment in use", $"The environment '{environment.Name}' is in use by run {run.Id}; cancel it or let it finish first.")
                {
                    Extensions = new Dictionary<string, object?> { ["runId"] = run.Id },
                };
            }
        }

        await this.ClearSelectionsAsync(companyId, id, cancellationToken).ConfigureAwait(false);
        await environments.DeleteAsync(companyId, environmentId, cancellationToken).ConfigureAwait(false);
        await bindings.SyncReferenceAsync(companyId, SecretBindingTargets.Environment, environmentId.ToString(), KeyPath, null, null, cancellationToken).ConfigureAwait(false);
        if (KeySecret(environment) is { } key)
        {
            await this.DeleteKeyAsync(caller, companyId, key, cancellationToken).ConfigureAwait(false);
        }

        await audit.RecordAsync(caller, companyId, "environment.deleted", "environment", environmentId, Summary(environment), cancellationToken).ConfigureAwait(false);
        return environment;
    }

    /// <summary>
    /// Probes a saved environment (its key resolved from its secret). With <paramref name="trustHostKey"/> an unknown
    /// host key the probe accepted is pinned into the config's <c>knownHosts</c> — an explicit operator act, written to
    /// the activity log with the fingerprint. Failures are results (<c>ok: false</c>), never errors.
    /// </summary>
    public async Task<EnvironmentProbeResult> ProbeAsync(Caller caller, Guid companyId, Guid environmentId, bool trustHostKey, CancellationToken cancellationToken)
    {
        EnsureManage(caller, companyId);
        Versioned<ExecutionEnvironment> current = await this.LoadAsync(companyId, environmentId, cancellationToken).ConfigureAwait(false);
        ExecutionEnvironment environment = current.Value;
        EnvironmentProbeResult result;
        try
        {
            SecretValue? key = await this.ResolveKeyAsync(environment, null, cancellationToken).ConfigureAwait(false);
            result = await probe.ProbeAsync(environment, key, trustHostKey, cancellationToken).ConfigureAwait(false);
        }
        catch (PaperclipException ex)
        {
            SshEnvironmentConfig config = SshEnvironmentConfig.From(environment.Config);
            result = new EnvironmentProbeResult(false, "ssh", "auth_failed", $"SSH probe failed for {config.Username}@{config.Host}: the private key's secret cannot be read ({ex.Message})",
                new Dictionary<string, object?> { ["host"] = config.Host, ["port"] = config.Port, ["username"] = config.Username, ["code"] = "auth_failed" });
        }

        if (result.TrustedKnownHostsLine is { } line)
        {
            JsonObject pinned = JsonNode.Parse(environment.Config.GetRawText())!.AsObject();
            string? known = pinned["knownHosts"]?.GetValue<string>();
            pinned["knownHosts"] = string.IsNullOrWhiteSpace(known) ? line : $"{known.TrimEnd()}\n{line}";
            await environments.UpdateAsync(environment with { Config = JsonSerializer.SerializeToElement(pinned), UpdatedAt = time.GetUtcNow() }, current.ETag, cancellationToken).ConfigureAwait(false);
            await audit.RecordAsync(caller, companyId, "environment.host_key_trusted", "environment", environmentId,
                new Dictionary<string, object?> { ["fingerprint"] = result.Details.GetValueOrDefault("hostKeyFingerprint"), ["host"] = result.Details.GetValueOrDefault("host"), ["port"] = result.Details.GetValueOrDefault("port") },
                cancellationToken).ConfigureAwait(false);
        }

        await audit.RecordAsync(caller, companyId, "environment.probed", "environment", environmentId,
            new Dictionary<string, object?> { ["driver"] = result.Driver, ["ok"] = result.Ok, ["summary"] = result.Summary }, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// Probes a config that is not saved (upstream's <c>probe-config</c>): an inline <c>privateKey</c> is used and never
    /// stored; nothing is pinned (save the environment, then probe it with <c>trustHostKey</c>).
    /// </summary>
    public async Task<EnvironmentProbeResult> ProbeConfigAsync(Caller caller, Guid companyId, CreateEnvironmentCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        EnsureManage(caller, companyId);
        (JsonElement config, SecretValue? key) = EnvironmentConfigs.Normalize(command.Driver, command.Config, acceptPrivateKey: true);
        DateTimeOffset now = time.GetUtcNow();
        ExecutionEnvironment unsaved = new(Guid.Empty, companyId, command.Name, command.Description, command.Driver, EnvironmentStatus.Active, config, now, now);
        EnvironmentProbeResult result = await probe.ProbeAsync(unsaved, key, trustHostKey: false, cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(caller, companyId, "environment.probed_unsaved", "environment", Guid.Empty,
            new Dictionary<string, object?> { ["driver"] = result.Driver, ["ok"] = result.Ok, ["summary"] = result.Summary, ["configTopLevelKeyCount"] = config.EnumerateObject().Count() },
            cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// The environment a run executes in, with upstream's run-time checks: null for the built-in <c>local</c> (this
    /// machine); a missing environment or one of another company fails (<c>environment_not_found</c>), and so does one
    /// that is not active (<c>environment_inactive</c>).
    /// </summary>
    public async Task<ExecutionEnvironment?> ResolveForRunAsync(Guid companyId, string environmentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environmentId);
        if (string.Equals(environmentId, Workspaces.ExecutionWorkspaceService.LocalEnvironmentId, StringComparison.Ordinal))
        {
            return null;
        }

        ExecutionEnvironment environment = (Guid.TryParse(environmentId, out Guid id) ? await environments.GetAsync(companyId, id, cancellationToken).ConfigureAwait(false) : null)?.Value
            ?? throw new PaperclipException(404, NotFoundAtRun, "Environment not found", $"Environment \"{environmentId}\" not found.");
        return environment.Status == EnvironmentStatus.Active
            ? environment
            : throw new PaperclipException(409, Inactive, "Environment not active", $"Environment \"{environment.Name}\" is not active.");
    }

    /// <summary>
    /// The environment a run that already executed finishes in (its finalize brings the changes back from there): as
    /// <see cref="ResolveForRunAsync"/> but whatever its status, since archiving it meanwhile must not strand the run's
    /// work on the box. Null for <c>local</c> and for one that is gone.
    /// </summary>
    public async Task<ExecutionEnvironment?> FindForFinalizeAsync(Guid companyId, string environmentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environmentId);
        return Guid.TryParse(environmentId, out Guid id) ? (await environments.GetAsync(companyId, id, cancellationToken).ConfigureAwait(false))?.Value : null;
    }

    /// <summary>
    /// Upstream's delete step: selections that name the environment are cleared, so they fall through to the next rule
    /// (an agent's default becomes none; an issue's and a project's read as not set). An execution workspace keeps its
    /// environment: reusing it would otherwise move its runs silently (its next run fails prepare instead).
    /// </summary>
    async Task ClearSelectionsAsync(Guid companyId, string id, CancellationToken cancellationToken)
    {
        static bool Names(string? selected, string id) => string.Equals(selected, id, StringComparison.OrdinalIgnoreCase);
        foreach (Agent agent in (await agents.ListAsync(companyId, cancellationToken).ConfigureAwait(false)).Where(a => Names(a.DefaultEnvironmentId, id)))
        {
            await OptimisticUpdate.ApplyAsync(
                ct => agents.GetAsync(companyId, agent.Id, ct),
                a => Names(a.DefaultEnvironmentId, id) ? a with { DefaultEnvironmentId = null } : a,
                (a, etag, ct) => agents.UpdateAsync(a, etag, ct),
                cancellationToken).ConfigureAwait(false);
        }

        foreach (Issue issue in (await issues.ListAsync(companyId, null, null, cancellationToken).ConfigureAwait(false)).Where(i => Names(i.ExecutionWorkspaceSettings?.EnvironmentId.Value, id)))
        {
            await OptimisticUpdate.ApplyAsync(
                ct => issues.GetAsync(companyId, issue.Id, ct),
                i => i.ExecutionWorkspaceSettings is { } settings && Names(settings.EnvironmentId.Value, id)
                    ? i with { ExecutionWorkspaceSettings = settings with { EnvironmentId = EnvironmentSetting.Absent } }
                    : i,
                (i, etag, ct) => issues.UpdateAsync(i, etag, ct),
                cancellationToken).ConfigureAwait(false);
        }

        foreach (Project project in (await projects.ListAsync(companyId, cancellationToken).ConfigureAwait(false)).Where(p => Names(p.ExecutionWorkspacePolicy?.EnvironmentId.Value, id)))
        {
            await OptimisticUpdate.ApplyAsync(
                ct => projects.GetVersionedAsync(companyId, project.Id, ct),
                p => p.ExecutionWorkspacePolicy is { } policy && Names(policy.EnvironmentId.Value, id)
                    ? p with { ExecutionWorkspacePolicy = policy with { EnvironmentId = EnvironmentSetting.Absent } }
                    : p,
                (p, etag, ct) => projects.UpdateAsync(p, etag, ct),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The environment, or 404.</summary>
    internal async Task<Versioned<ExecutionEnvironment>> LoadAsync(Guid companyId, Guid environmentId, CancellationToken cancellationToken) =>
        await environments.GetAsync(companyId, environmentId, cancellationToken).ConfigureAwait(false) ?? throw PaperclipException.NotFound("Environment");

    /// <summary>
    /// The environment's private key, resolved through its binding (so the secret's usage lists the environment and every
    /// read is an access event), or null when it has none.
    /// </summary>
    public async Task<SecretValue?> ResolveKeyAsync(ExecutionEnvironment environment, Guid? runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.Driver != EnvironmentDriver.Ssh || SshEnvironmentConfig.From(environment.Config).PrivateKeySecretRef is not { } reference)
        {
            return null;
        }

        string id = environment.Id.ToString();
        return await resolver.ResolveAsync(environment.CompanyId, reference.SecretId, reference.Version,
            new SecretResolutionContext(SecretBindingTargets.Environment, id, "environment", id, KeyPath) { RunId = runId }, cancellationToken).ConfigureAwait(false);
    }

    Task BindKeyAsync(ExecutionEnvironment environment, CancellationToken cancellationToken)
    {
        SecretRef? reference = environment.Driver == EnvironmentDriver.Ssh ? SshEnvironmentConfig.From(environment.Config).PrivateKeySecretRef : null;
        return bindings.SyncReferenceAsync(environment.CompanyId, SecretBindingTargets.Environment, environment.Id.ToString(), KeyPath, reference?.SecretId, reference?.Version, cancellationToken);
    }

    static void EnsureManage(Caller caller, Guid companyId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        caller.EnsureCompany(companyId);
        caller.EnsureBoard("manage environments");
    }

    static ExecutionEnvironment Visible(Caller caller, ExecutionEnvironment environment) =>
        caller.IsBoard ? environment : environment with
        {
            Config = JsonSerializer.SerializeToElement(new JsonObject()),
            Metadata = null,
            ConfigRedacted = true,
            MetadataRedacted = true,
        };

    static Dictionary<string, object?> Summary(ExecutionEnvironment environment) => new()
    {
        ["name"] = environment.Name,
        ["driver"] = PaperclipJson.EnumValue(environment.Driver),
        ["status"] = PaperclipJson.EnumValue(environment.Status),
    };

    static Guid? KeySecret(ExecutionEnvironment environment) =>
        environment.Driver == EnvironmentDriver.Ssh ? SshEnvironmentConfig.From(environment.Config).PrivateKeySecretRef?.SecretId : null;

    static JsonElement Merge(JsonElement stored, JsonElement patch)
    {
        JsonObject merged = JsonNode.Parse(stored.GetRawText())!.AsObject();
        foreach (JsonProperty property in patch.EnumerateObject())
        {
            merged[property.Name] = JsonNode.Parse(property.Value.GetRawText());
        }

        return JsonSerializer.SerializeToElement(merged);
    }

    static JsonElement WithSecret(JsonElement config, Guid secretId)
    {
        JsonObject updated = JsonNode.Parse(config.GetRawText())!.AsObject();
        updated["privateKeySecretRef"] = EnvironmentConfigs.SecretReference(secretId, null);
        return JsonSerializer.SerializeToElement(updated);
    }

    async Task EnsureNoOtherLocalAsync(Guid companyId, Guid? except, CancellationToken cancellationToken)
    {
        IReadOnlyList<ExecutionEnvironment> all = await environments.ListAsync(companyId, cancellationToken).ConfigureAwait(false);
        if (all.Any(e => e.Driver == EnvironmentDriver.Local && e.Id != except))
        {
            throw PaperclipException.Conflict(LocalExists, "The company already has a local environment (at most one per company).");
        }
    }

    /// <summary>A reference the caller sent must name a live secret of this company.</summary>
    async Task EnsureSecretRefAsync(Caller caller, Guid companyId, JsonElement config, CancellationToken cancellationToken)
    {
        if (config.TryGetProperty("privateKeySecretRef", out JsonElement reference) && reference.ValueKind == JsonValueKind.Object)
        {
            Guid secretId = reference.GetProperty("secretId").GetGuid();
            try
            {
                _ = await secrets.GetAsync(caller, companyId, secretId, cancellationToken).ConfigureAwait(false);
            }
            catch (PaperclipException ex) when (ex.Status == 404)
            {
                throw new PaperclipException(422, EnvironmentConfigs.InvalidConfig, "Invalid environment config", "SSH privateKeySecretRef names no secret of this company.",
                    new Dictionary<string, string[]> { ["config.privateKeySecretRef"] = ["names no secret of this company."] });
            }
        }
    }

    async Task<CompanySecret> StoreKeyAsync(Caller caller, Guid companyId, string environmentName, SecretValue key, CancellationToken cancellationToken)
    {
        string slug = NonSlug().Replace(environmentName.ToLowerInvariant(), "-").Trim('-');
        slug = slug.Length == 0 ? "environment" : slug[..Math.Min(48, slug.Length)].Trim('-');
        string name = $"{KeySecretPrefix}{slug}-private-key-{Guid.NewGuid().ToString("N")[..8]}";
        CreateSecretCommand command = new(name, null, SecretProviderIds.LocalEncrypted, null, SecretManagedMode.PaperclipManaged)
        {
            Value = key,
            Description = $"Secret for {environmentName} private-key.",
        };
        return await secrets.CreateAsync(caller, companyId, command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a key secret this service stored (by its name); a secret the operator referenced themselves stays.</summary>
    async Task DeleteKeyAsync(Caller caller, Guid companyId, Guid secretId, CancellationToken cancellationToken)
    {
        try
        {
            CompanySecret secret = await secrets.GetAsync(caller, companyId, secretId, cancellationToken).ConfigureAwait(false);
            if (secret.Name.StartsWith(KeySecretPrefix, StringComparison.Ordinal))
            {
                await secrets.DeleteAsync(caller, companyId, secretId, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (PaperclipException ex) when (ex.Status == 404)
        {
            // Already gone (deleted by hand): nothing to clean up.
        }
    }

    [GeneratedRegex("[^a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex NonSlug();
}
