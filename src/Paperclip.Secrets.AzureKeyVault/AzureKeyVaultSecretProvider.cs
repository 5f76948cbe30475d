using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Logging;
using Paperclip.Core.Domain.Secrets;
using Paperclip.Core.Errors;
using Paperclip.Core.Secrets;

namespace Paperclip.Secrets.AzureKeyVault;

/// <summary>
/// <c>azure_key_vault</c>: managed values as Key Vault secrets named by secret id and tagged as ours, versions as Key
/// Vault versions pinned by id, deletes as Key Vault's soft delete (never a purge), external references resolved by
/// name and optional version, import listing by <c>GetPropertiesOfSecrets</c> (never a value). Errors are reduced to
/// their class; vault hosts, tenants and Key Vault's own messages never leave this adapter.
/// </summary>
public sealed class AzureKeyVaultSecretProvider(KeyVaultClients clients, ILogger<AzureKeyVaultSecretProvider> logger) : ISecretProvider
{
    const string Label = "Azure Key Vault";
    const string Scheme = "azure_key_vault_v1";

    /// <inheritdoc/>
    public SecretProviderDescriptor Descriptor { get; } = new(SecretProviderIds.AzureKeyVault, Label, RequiresExternalRef: false,
        SupportsManagedValues: true, SupportsExternalReferences: true, Configured: true)
    { SupportsRemoteListing = true };

    /// <summary>The message for a vault URI that is not an origin.</summary>
    public const string VaultUriMessage = "Vault address must be an origin-only HTTPS URL without credentials, path, query, or fragment";

    /// <inheritdoc/>
    public VaultConfigSchema ConfigSchema { get; } = new(SecretProviderIds.AzureKeyVault,
        VaultSetting.Origin("vaultUri", httpsOnly: true, VaultUriMessage).Required(VaultUriMessage),
        VaultSetting.Text("namespace"), VaultSetting.Text("secretNamePrefix"), VaultSetting.Text("environmentTag"), VaultSetting.Text("ownerTag"),
        VaultSetting.Identifier("tenantId"), VaultSetting.Identifier("clientId"));

    /// <inheritdoc/>
    public Task<ProviderWrite> CreateSecretAsync(SecretWriteContext context, SecretValue value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        KeyVaultScope scope = KeyVaultScope.For(context.Vault);
        return this.WriteAsync(scope, context, scope.ManagedName(context.CompanyId, context.SecretId), value, "CreateSecret", cancellationToken);
    }

    /// <inheritdoc/>
    public Task<ProviderWrite> CreateVersionAsync(SecretWriteContext context, SecretValue value, string? externalRef, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        KeyVaultScope scope = KeyVaultScope.For(context.Vault);
        return this.WriteAsync(scope, context, DriftGuard(scope, context.CompanyId, context.SecretId, externalRef), value, "CreateVersion", cancellationToken);
    }

    /// <inheritdoc/>
    public Task<ProviderWrite> LinkExternalAsync(SecretWriteContext context, string externalRef, string? providerVersionRef, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        KeyVaultScope scope = KeyVaultScope.For(context.Vault);
        (string name, string? version) = scope.Parse(externalRef);
        if (name.StartsWith(scope.NamespacePrefix, StringComparison.OrdinalIgnoreCase))
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.OwnNamespace, "Azure Key Vault Paperclip-managed namespace secrets cannot be imported as external references");
        }

        // No Key Vault call: a link never reads or writes the value.
        return Task.FromResult(Written(scope.ReferenceOf(name), name, string.IsNullOrWhiteSpace(providerVersionRef) ? version : providerVersionRef.Trim(), "external_reference"));
    }

    /// <inheritdoc/>
    public async Task<SecretValue> ResolveAsync(SecretReadContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        KeyVaultScope scope = KeyVaultScope.For(context.Vault);
        (string? materialName, string? materialVersion) = ReadMaterial(context.Material);
        string name = context.ManagedMode == SecretManagedMode.PaperclipManaged
            ? DriftGuard(scope, context.CompanyId, context.SecretId, context.ExternalRef ?? materialName)
            : scope.Parse(context.ExternalRef ?? materialName ?? throw PaperclipException.Unprocessable(SecretErrorCodes.ProviderError, "The secret has no Key Vault reference.")).Name;
        string? version = context.ProviderVersionRef ?? materialVersion;
        KeyVaultSecret secret = await this.CallAsync("GetSecret", () => clients.For(scope).GetSecretAsync(name, version, cancellationToken)).ConfigureAwait(false);
        return new SecretValue(secret.Value);
    }

    /// <inheritdoc/>
    public async Task DeleteOrArchiveAsync(SecretReadContext context, bool archiveOnly, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ManagedMode != SecretManagedMode.PaperclipManaged || context.Material is null)
        {
            return; // External references are the operator's: never touched.
        }

        KeyVaultScope scope = KeyVaultScope.For(context.Vault);
        (string? materialName, string? materialVersion) = ReadMaterial(context.Material);
        string name = DriftGuard(scope, context.CompanyId, context.SecretId, context.ExternalRef ?? materialName);
        SecretClient client = clients.For(scope);
        if (archiveOnly)
        {
            // Key Vault has no staging labels: rolling back a version disables it.
            if ((materialVersion ?? context.ProviderVersionRef) is { } version)
            {
                SecretProperties properties = new(new Uri(scope.VaultUri, $"secrets/{name}/{version}")) { Enabled = false };
                await this.CallAsync("DisableVersion", () => client.UpdateSecretPropertiesAsync(properties, cancellationToken)).ConfigureAwait(false);
            }

            return;
        }

        // Soft delete only (recoverable for the vault's retention); purging needs rights the app should not have.
        await this.CallAsync("DeleteSecret", async () => await client.StartDeleteSecretAsync(name, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<ProviderHealth> CheckHealthAsync(SecretVault? vault, CancellationToken cancellationToken)
    {
        string id = SecretProviderIds.AzureKeyVault;
        if (vault is null)
        {
            return new ProviderHealth(id, ProviderHealth.Ok, "Azure Key Vault is configured per provider vault (config.vaultUri); the app's managed identity authenticates.")
            {
                Details = new Dictionary<string, object?> { ["credentialSource"] = "DefaultAzureCredential (managed identity in Azure)" },
            };
        }

        KeyVaultScope scope = KeyVaultScope.For(vault);
        try
        {
            // A real probe (unlike upstream's static check): list one secret's properties, which needs no value access.
            await foreach (Page<SecretProperties> page in clients.For(scope).GetPropertiesOfSecretsAsync(cancellationToken).AsPages(pageSizeHint: 1).ConfigureAwait(false))
            {
                _ = page;
                break;
            }
        }
        catch (Exception ex) when (Classify(ex) is { } kind)
        {
            Log.KeyVaultRequestFailed(logger, "HealthProbe", ErrorCodeOf(ex));
            return new ProviderHealth(id, ProviderHealth.Error, new SecretProviderException(kind, Label, "HealthProbe").Message)
            {
                Warnings = ["Grant the app's identity 'Key Vault Secrets Officer' on the vault (or 'Key Vault Secrets User' plus 'Key Vault Reader' for references only)."],
                Details = new Dictionary<string, object?> { ["errorCode"] = new SecretProviderException(kind, Label, "HealthProbe").Code },
            };
        }

        return new ProviderHealth(id, ProviderHealth.Ok, "Azure Key Vault answered with the app's identity.")
        {
            BackupGuidance = ["Back up Paperclip metadata separately from Key Vault; Key Vault keeps deleted secrets recoverable for its retention period.", "Restoring access requires the Paperclip database plus the same vault and role assignments."],
            Details = new Dictionary<string, object?> { ["namespace"] = scope.Namespace, ["prefix"] = scope.Prefix },
        };
    }

    /// <inheritdoc/>
    public async Task<RemoteSecretPage> ListRemoteAsync(SecretVault vault, string? query, string? nextToken, int pageSize, CancellationToken cancellationToken)
    {
        KeyVaultScope scope = KeyVaultScope.For(vault);
        List<RemoteSecret> secrets = [];
        string? next = null;
        await this.CallAsync("GetPropertiesOfSecrets", async () =>
        {
            // One service page per call: Key Vault caps pages (about 25) and has no server-side filter, so the name filter
            // applies to this page and the page size is a hint.
            await foreach (Page<SecretProperties> page in clients.For(scope).GetPropertiesOfSecretsAsync(cancellationToken)
                .AsPages(string.IsNullOrEmpty(nextToken) ? null : nextToken, Math.Clamp(pageSize, 1, 25)).ConfigureAwait(false))
            {
                foreach (SecretProperties properties in page.Values)
                {
                    if (properties.Managed || (query is { Length: > 0 } && !properties.Name.Contains(query.Trim(), StringComparison.OrdinalIgnoreCase)))
                    {
                        continue; // Certificate-backed secrets belong to their certificate.
                    }

                    secrets.Add(new RemoteSecret(scope.ReferenceOf(properties.Name), properties.Name, null, new Dictionary<string, object?>
                    {
                        ["createdDate"] = properties.CreatedOn?.ToString("O", CultureInfo.InvariantCulture),
                        ["lastChangedDate"] = properties.UpdatedOn?.ToString("O", CultureInfo.InvariantCulture),
                        ["enabled"] = properties.Enabled,
                        ["hasContentType"] = properties.ContentType is not null,
                        ["tagCount"] = properties.Tags.Count,
                    }));
                }

                next = page.ContinuationToken;
                break;
            }

            return true;
        }).ConfigureAwait(false);
        return new RemoteSecretPage(secrets, next);
    }

    /// <inheritdoc/>
    public string RemoteNameOf(string externalRef)
    {
        ArgumentNullException.ThrowIfNull(externalRef);
        string trimmed = externalRef.Trim();
        return Uri.TryCreate(trimmed, UriKind.Absolute, out Uri? uri) && uri.AbsolutePath.Trim('/').Split('/') is ["secrets", var name, ..] ? name : trimmed;
    }

    /// <summary>
    /// The name a managed operation may use: the stored reference's, if it is this vault's managed name for the secret
    /// (Key Vault names are case-insensitive); a reference elsewhere is refused before any call.
    /// </summary>
    static string DriftGuard(KeyVaultScope scope, Guid companyId, Guid secretId, string? stored)
    {
        string expected = scope.ManagedName(companyId, secretId);
        if (string.IsNullOrWhiteSpace(stored))
        {
            return expected;
        }

        (string name, _) = Uri.TryCreate(stored.Trim(), UriKind.Absolute, out Uri? uri) && !string.Equals(uri.Authority, scope.VaultUri.Authority, StringComparison.OrdinalIgnoreCase)
            ? (string.Empty, null)
            : scope.Parse(stored);
        return string.Equals(name, expected, StringComparison.OrdinalIgnoreCase)
            ? expected
            : throw PaperclipException.Unprocessable(SecretErrorCodes.RefDrifted, "Azure Key Vault managed secret ref drifted outside the derived deployment/company scope");
    }

    async Task<ProviderWrite> WriteAsync(KeyVaultScope scope, SecretWriteContext context, string name, SecretValue value, string operation, CancellationToken cancellationToken)
    {
        KeyVaultSecret secret = new(name, value.Reveal());
        secret.Properties.ContentType = "text/plain";
        foreach ((string tag, string tagValue) in new Dictionary<string, string>
        {
            ["paperclip-managed-by"] = "paperclip",
            ["paperclip-provider-owner"] = scope.OwnerTag,
            ["paperclip-deployment-id"] = scope.Namespace,
            ["paperclip-company-id"] = context.CompanyId.ToString("D"),
            ["paperclip-secret-key"] = context.SecretKey,
            ["paperclip-environment"] = scope.EnvironmentTag,
        })
        {
            secret.Properties.Tags[tag] = tagValue.Length <= 256 ? tagValue : tagValue[..256];
        }

        SecretClient client = clients.For(scope);
        KeyVaultSecret written;
        try
        {
            written = await this.CallAsync(operation, () => client.SetSecretAsync(secret, cancellationToken)).ConfigureAwait(false);
        }
        catch (SecretProviderException ex) when (ex.Kind == ProviderErrorKind.Conflict)
        {
            // The name is soft-deleted (names are per secret id, so this is our own deleted secret): recover it, then write.
            try
            {
                RecoverDeletedSecretOperation recovery = await client.StartRecoverDeletedSecretAsync(name, cancellationToken).ConfigureAwait(false);
                await recovery.WaitForCompletionAsync(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException recoverFailed)
            {
                Log.KeyVaultRequestFailed(logger, "RecoverDeletedSecret", recoverFailed.ErrorCode ?? recoverFailed.Status.ToString(CultureInfo.InvariantCulture));
                throw new PaperclipException(409, SecretErrorCodes.ProviderConflict, "Secret provider error",
                    "Azure Key Vault holds a deleted secret under this name and it could not be recovered; purge it in the vault or grant recover rights.");
            }

            written = await this.CallAsync(operation, () => client.SetSecretAsync(secret, cancellationToken)).ConfigureAwait(false);
        }

        return Written(scope.ReferenceOf(name), name, written.Properties.Version, "managed");
    }

    async Task<T> CallAsync<T>(string operation, Func<Task<Response<T>>> call) => (await this.CallAsync<Response<T>>(operation, call).ConfigureAwait(false)).Value;

    async Task<T> CallAsync<T>(string operation, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (Classify(ex) is { } kind)
        {
            // Only the error code is logged; Key Vault's messages name the vault and the identity.
            Log.KeyVaultRequestFailed(logger, operation, ErrorCodeOf(ex));
            throw new SecretProviderException(kind, Label, operation);
        }
    }

    static ProviderErrorKind? Classify(Exception ex) => ex switch
    {
        RequestFailedException { Status: 401 or 403 } => ProviderErrorKind.AccessDenied,
        RequestFailedException { Status: 404 } => ProviderErrorKind.NotFound,
        RequestFailedException { Status: 409 } => ProviderErrorKind.Conflict,
        RequestFailedException { Status: 429 } => ProviderErrorKind.Throttled,
        RequestFailedException { Status: 400 } => ProviderErrorKind.InvalidRequest,
        RequestFailedException { Status: 0 or >= 500 } => ProviderErrorKind.Unavailable,
        RequestFailedException => ProviderErrorKind.Error,
        CredentialUnavailableException or AuthenticationFailedException => ProviderErrorKind.AccessDenied,
        TimeoutException or TaskCanceledException or HttpRequestException => ProviderErrorKind.Unavailable,
        _ => null,
    };

    static string ErrorCodeOf(Exception ex) => ex is RequestFailedException failed ? failed.ErrorCode ?? failed.Status.ToString(CultureInfo.InvariantCulture) : ex.GetType().Name;

    static ProviderWrite Written(string reference, string name, string? version, string source)
    {
        string material = JsonSerializer.Serialize(new Dictionary<string, string?> { ["scheme"] = Scheme, ["name"] = name, ["version"] = version, ["source"] = source });
        return ProviderWrite.OfReference(Scheme, material, reference, version);
    }

    static (string? Name, string? Version) ReadMaterial(string? material)
    {
        if (material is null)
        {
            return (null, null);
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(material);
            JsonElement root = document.RootElement;
            return (root.TryGetProperty("name", out JsonElement n) ? n.GetString() : null, root.TryGetProperty("version", out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null);
        }
        catch (JsonException)
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.ProviderError, "Invalid azure_key_vault secret material");
        }
    }
}
