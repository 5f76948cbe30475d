using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Paperclip.Core.Domain.Secrets;
using Paperclip.Core.Errors;
using Paperclip.Core.Secrets;

namespace Paperclip.Secrets.Aws;

/// <summary>
/// <c>aws_secrets_manager</c>, as upstream: managed values under <c>&lt;prefix&gt;/&lt;namespace&gt;/&lt;companyId&gt;/&lt;key&gt;</c>
/// with ownership tags, rotation as pending versions pinned by id, recoverable deletes, external references that are
/// never written, a drift guard on managed references and a guard against importing the managed namespace.
/// </summary>
public sealed partial class AwsSecretsManagerProvider(SecretsManagerClient client, IOptions<AwsSecretsOptions> options) : ISecretProvider
{
    const string Scheme = "aws_secrets_manager_v1";
    const string PendingStage = "PAPERCLIP_PENDING";

    /// <inheritdoc/>
    public SecretProviderDescriptor Descriptor => new(SecretProviderIds.AwsSecretsManager, "AWS Secrets Manager", RequiresExternalRef: false,
        SupportsManagedValues: true, SupportsExternalReferences: true, Configured: AwsScope.MissingDeploymentSettings(options.Value).Count == 0)
    { SupportsRemoteListing = true };

    /// <inheritdoc/>
    public VaultConfigSchema ConfigSchema { get; } = new(SecretProviderIds.AwsSecretsManager,
        VaultSetting.Matching("region", RegionPattern(), "Invalid AWS region").Required("Invalid AWS region"),
        VaultSetting.Text("namespace"), VaultSetting.Text("secretNamePrefix"), VaultSetting.Text("ownerTag"), VaultSetting.Text("environmentTag"),
        VaultSetting.Text("kmsKeyId", maxLength: 512));

    /// <inheritdoc/>
    public async Task<ProviderWrite> CreateSecretAsync(SecretWriteContext context, SecretValue value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(value);
        AwsScope scope = this.Scope(context.Vault);
        string name = scope.ManagedName(context.CompanyId, context.SecretKey);

        // Any reference a caller passed is ignored: a managed write always goes to the derived name.
        JsonObject body = new()
        {
            ["Name"] = name,
            ["SecretString"] = value.Reveal(),
            ["Description"] = $"Paperclip secret {context.SecretName}",
            ["Tags"] = Tags(scope, context.CompanyId, context.SecretKey),
        };
        if (scope.KmsKeyId is { } kms)
        {
            body["KmsKeyId"] = kms;
        }

        JsonElement? created;
        try
        {
            created = await client.SendAsync(scope, "CreateSecret", body, cancellationToken).ConfigureAwait(false);
        }
        catch (SecretProviderException ex) when (ex.Kind == ProviderErrorKind.Conflict)
        {
            // AWS keeps a deleted secret's name for its recovery window. When it is this company's own managed secret for
            // this key, it is recovered and given the new value (re-creating a deleted secret works); anything else is refused.
            created = await this.RecoverOwnDeletedAsync(scope, name, context, value, cancellationToken).ConfigureAwait(false)
                ?? throw new PaperclipException(409, SecretErrorCodes.ProviderConflict, "Secret provider error",
                    "AWS Secrets Manager already has a secret under this key's managed name that Paperclip does not own. Use another key.");
        }

        JsonElement result = created.Value;
        string reference = Text(result, "ARN") ?? Text(result, "Name") ?? name;
        return Written(reference, Text(result, "VersionId"), "managed");
    }

    async Task<JsonElement?> RecoverOwnDeletedAsync(AwsScope scope, string name, SecretWriteContext context, SecretValue value, CancellationToken cancellationToken)
    {
        JsonElement described = await client.SendAsync(scope, "DescribeSecret", new JsonObject { ["SecretId"] = name }, cancellationToken).ConfigureAwait(false);
        Dictionary<string, string?> tags = described.TryGetProperty("Tags", out JsonElement list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(t => Text(t, "Key") is not null).GroupBy(t => Text(t, "Key")!).ToDictionary(g => g.Key, g => Text(g.First(), "Value"))
            : [];
        bool ours = tags.GetValueOrDefault("paperclip:managed-by") == "paperclip"
            && tags.GetValueOrDefault("paperclip:company-id") == context.CompanyId.ToString("D")
            && tags.GetValueOrDefault("paperclip:secret-key") == context.SecretKey;
        if (!ours || !described.TryGetProperty("DeletedDate", out JsonElement deleted) || deleted.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        await client.SendAsync(scope, "RestoreSecret", new JsonObject { ["SecretId"] = name }, cancellationToken).ConfigureAwait(false);
        return await client.SendAsync(scope, "PutSecretValue", new JsonObject { ["SecretId"] = name, ["SecretString"] = value.Reveal() }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<ProviderWrite> CreateVersionAsync(SecretWriteContext context, SecretValue value, string? externalRef, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(value);
        AwsScope scope = this.Scope(context.Vault);
        string secretId = DriftGuard(scope, context.CompanyId, context.SecretKey, [externalRef]);

        // A pending version pinned by id: AWSCURRENT is never moved, so consumers outside Paperclip are unaffected.
        JsonElement put = await client.SendAsync(scope, "PutSecretValue", new JsonObject
        {
            ["SecretId"] = secretId,
            ["SecretString"] = value.Reveal(),
            ["VersionStages"] = new JsonArray(PendingStage),
        }, cancellationToken).ConfigureAwait(false);
        return Written(Text(put, "ARN") ?? secretId, Text(put, "VersionId"), "managed");
    }

    /// <inheritdoc/>
    public Task<ProviderWrite> LinkExternalAsync(SecretWriteContext context, string externalRef, string? providerVersionRef, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(externalRef);
        AwsScope scope = this.Scope(context.Vault);
        string reference = externalRef.Trim();
        EnsureNotOwnNamespace(scope, reference);

        // No AWS call: a link never reads or writes the value.
        return Task.FromResult(Written(reference, string.IsNullOrWhiteSpace(providerVersionRef) ? null : providerVersionRef.Trim(), "external_reference"));
    }

    /// <inheritdoc/>
    public async Task<SecretValue> ResolveAsync(SecretReadContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        AwsScope scope = this.Scope(context.Vault);
        (string? materialId, string? materialVersion) = ReadMaterial(context.Material);
        string secretId = context.ManagedMode == SecretManagedMode.PaperclipManaged
            ? DriftGuard(scope, context.CompanyId, context.SecretKey, [context.ExternalRef, materialId])
            : context.ExternalRef ?? materialId ?? throw PaperclipException.Unprocessable(SecretErrorCodes.ProviderError, "The secret has no AWS reference.");
        JsonObject request = new() { ["SecretId"] = secretId };
        if ((context.ProviderVersionRef ?? materialVersion) is { } version)
        {
            request["VersionId"] = version;
        }
        else
        {
            request["VersionStage"] = "AWSCURRENT";
        }

        JsonElement got = await client.SendAsync(scope, "GetSecretValue", request, cancellationToken).ConfigureAwait(false);
        return Text(got, "SecretString") is { } text
            ? new SecretValue(text)
            : throw PaperclipException.Unprocessable(SecretErrorCodes.ProviderError, "AWS Secrets Manager returned no SecretString (binary secrets are not supported).");
    }

    /// <inheritdoc/>
    public async Task DeleteOrArchiveAsync(SecretReadContext context, bool archiveOnly, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ManagedMode != SecretManagedMode.PaperclipManaged || context.Material is null)
        {
            return; // External references are the operator's: never touched.
        }

        AwsScope scope = this.Scope(context.Vault);
        (string? materialId, string? materialVersion) = ReadMaterial(context.Material);
        string secretId = DriftGuard(scope, context.CompanyId, context.SecretKey, [context.ExternalRef, materialId]);
        if (archiveOnly)
        {
            if ((materialVersion ?? context.ProviderVersionRef) is { } version)
            {
                await client.SendAsync(scope, "UpdateSecretVersionStage", new JsonObject
                {
                    ["SecretId"] = secretId,
                    ["VersionStage"] = PendingStage,
                    ["RemoveFromVersionId"] = version,
                }, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        await client.SendAsync(scope, "DeleteSecret", new JsonObject
        {
            ["SecretId"] = secretId,
            ["RecoveryWindowInDays"] = options.Value.DeleteRecoveryDays,
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<ProviderHealth> CheckHealthAsync(SecretVault? vault, CancellationToken cancellationToken)
    {
        string id = SecretProviderIds.AwsSecretsManager;
        IReadOnlyList<string> detected = SecretsManagerClient.DetectedCredentialSources();
        IReadOnlyList<string> missing = vault is null ? AwsScope.MissingDeploymentSettings(options.Value)
            : VaultConfigPolicy.Setting(vault.Config, "region") is null ? ["region"] : [];
        if (missing.Count > 0)
        {
            string list = string.Join(", ", missing);
            return Task.FromResult(new ProviderHealth(id, ProviderHealth.Warn, $"AWS Secrets Manager provider is not ready: missing {list}.")
            {
                Warnings =
                [
                    $"Missing required non-secret AWS provider config: {list}.",
                    "AWS bootstrap credentials must be available to the server runtime through the AWS SDK default credential provider chain.",
                    "Do not store AWS root credentials or long-lived access keys in Paperclip; use a role.",
                    "Managed secret create/rotate/resolve calls will fail until AWS provider configuration is complete.",
                ],
                Details = new Dictionary<string, object?>
                {
                    ["missingConfig"] = missing,
                    ["credentialSource"] = "AWS SDK default credential provider chain",
                    ["detectedCredentialSources"] = detected,
                },
            });
        }

        AwsScope scope = this.Scope(vault);
        bool staticKeys = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID")) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN"));
        return Task.FromResult(new ProviderHealth(id, staticKeys ? ProviderHealth.Warn : ProviderHealth.Ok,
            "AWS Secrets Manager provider config is present; AWS credentials are resolved by the server runtime through the AWS SDK default credential provider chain.")
        {
            Warnings = staticKeys ? ["AWS static environment credentials are visible to this process; prefer a role or short-lived credentials."] : [],
            BackupGuidance = ["Back up Paperclip metadata separately from AWS-managed secrets.", "Restoring access requires the Paperclip database plus the same AWS secret namespace and KMS permissions."],
            Details = new Dictionary<string, object?>
            {
                ["region"] = scope.Region,
                ["prefix"] = scope.Prefix,
                ["deploymentId"] = scope.DeploymentId,
                ["kmsKeyConfigured"] = scope.KmsKeyId is not null,
                ["credentialSource"] = "AWS SDK default credential provider chain",
                ["detectedCredentialSources"] = detected,
            },
        });
    }

    /// <inheritdoc/>
    public async Task<RemoteSecretPage> ListRemoteAsync(SecretVault vault, string? query, string? nextToken, int pageSize, CancellationToken cancellationToken)
    {
        AwsScope scope = this.Scope(vault);
        JsonObject request = new() { ["MaxResults"] = Math.Clamp(pageSize, 1, 100), ["IncludePlannedDeletion"] = false };
        if (!string.IsNullOrEmpty(nextToken))
        {
            request["NextToken"] = nextToken;
        }

        if (!string.IsNullOrWhiteSpace(query))
        {
            request["Filters"] = new JsonArray(new JsonObject { ["Key"] = "all", ["Values"] = new JsonArray(query.Trim()) });
        }

        JsonElement listed = await client.SendAsync(scope, "ListSecrets", request, cancellationToken).ConfigureAwait(false);
        List<RemoteSecret> secrets = [];
        if (listed.ValueKind == JsonValueKind.Object && listed.TryGetProperty("SecretList", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement entry in list.EnumerateArray())
            {
                string? arn = Text(entry, "ARN");
                string? name = Text(entry, "Name");
                if (arn is null && name is null)
                {
                    continue;
                }

                // Descriptions and tags are never returned; only dates and counts.
                secrets.Add(new RemoteSecret(arn ?? name!, name ?? arn!, null, new Dictionary<string, object?>
                {
                    ["createdDate"] = Date(entry, "CreatedDate"),
                    ["lastAccessedDate"] = Date(entry, "LastAccessedDate"),
                    ["lastChangedDate"] = Date(entry, "LastChangedDate"),
                    ["deletedDate"] = Date(entry, "DeletedDate"),
                    ["hasDescription"] = Text(entry, "Description") is not null,
                    ["hasKmsKey"] = Text(entry, "KmsKeyId") is not null,
                    ["tagCount"] = entry.TryGetProperty("Tags", out JsonElement tags) && tags.ValueKind == JsonValueKind.Array ? tags.GetArrayLength() : 0,
                }));
            }
        }

        return new RemoteSecretPage(secrets, Text(listed, "NextToken") is { Length: > 0 } token ? token : null);
    }

    /// <inheritdoc/>
    public string RemoteNameOf(string externalRef)
    {
        // An ARN names the secret with AWS's six-character suffix; the name is what the operator knows.
        string name = SecretNameOf(externalRef);
        return ArnPattern().IsMatch(externalRef.Trim()) && name.Length > 7 && name[^7] == '-' && name[^6..].All(char.IsAsciiLetterOrDigit) ? name[..^7] : name;
    }

    /// <summary>
    /// The reference a managed operation may use: the first stored reference whose secret name is the derived managed
    /// name (optionally with AWS's six-character suffix); a stored reference elsewhere is refused before any AWS call.
    /// </summary>
    public static string DriftGuard(AwsScope scope, Guid companyId, string secretKey, IEnumerable<string?> candidates)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(candidates);
        string expected = scope.ManagedName(companyId, secretKey);
        bool any = false;
        foreach (string? candidate in candidates)
        {
            if (string.IsNullOrWhiteSpace(candidate))
            {
                continue;
            }

            any = true;
            string name = SecretNameOf(candidate);
            if (name == expected || (name.Length == expected.Length + 7 && name.StartsWith(expected + "-", StringComparison.Ordinal) && name[^6..].All(char.IsAsciiLetterOrDigit)))
            {
                return candidate;
            }
        }

        return any
            ? throw PaperclipException.Unprocessable(SecretErrorCodes.RefDrifted, "AWS Secrets Manager managed secret ref drifted outside the derived deployment/company scope")
            : expected;
    }

    /// <summary>Refuses references into the control plane's own managed namespace.</summary>
    public static void EnsureNotOwnNamespace(AwsScope scope, string reference)
    {
        ArgumentNullException.ThrowIfNull(scope);
        string name = SecretNameOf(reference);
        if (name == scope.OwnNamespace || name.StartsWith(scope.OwnNamespace + "/", StringComparison.Ordinal))
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.OwnNamespace, "AWS Paperclip-managed namespace secrets cannot be imported as external references");
        }
    }

    /// <summary>The secret name of an ARN (the part after <c>:secret:</c>) or of a plain name.</summary>
    public static string SecretNameOf(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        Match arn = ArnPattern().Match(reference.Trim());
        return arn.Success ? arn.Groups[1].Value : reference.Trim();
    }

    AwsScope Scope(SecretVault? vault) => AwsScope.For(vault, options.Value);

    static ProviderWrite Written(string reference, string? versionId, string source)
    {
        string material = JsonSerializer.Serialize(new Dictionary<string, string?> { ["scheme"] = Scheme, ["secretId"] = reference, ["versionId"] = versionId, ["source"] = source });
        return ProviderWrite.OfReference(Scheme, material, reference, versionId);
    }

    static (string? SecretId, string? VersionId) ReadMaterial(string? material)
    {
        if (material is null)
        {
            return (null, null);
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(material);
            return (Text(document.RootElement, "secretId"), Text(document.RootElement, "versionId"));
        }
        catch (JsonException)
        {
            throw PaperclipException.Unprocessable(SecretErrorCodes.ProviderError, "Invalid aws_secrets_manager secret material");
        }
    }

    static JsonArray Tags(AwsScope scope, Guid companyId, string secretKey) =>
    [
        Tag("paperclip:managed-by", "paperclip"),
        Tag("paperclip:provider-owner", scope.OwnerTag),
        Tag("paperclip:deployment-id", scope.DeploymentId),
        Tag("paperclip:company-id", companyId.ToString("D")),
        Tag("paperclip:secret-key", secretKey),
        Tag("paperclip:environment", scope.EnvironmentTag),
    ];

    static JsonObject Tag(string key, string value) => new() { ["Key"] = key, ["Value"] = value };

    static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>AWS JSON dates are epoch seconds (upstream read them as milliseconds and showed 1970).</summary>
    static string? Date(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(value.GetDouble() * 1000)).ToString("O", CultureInfo.InvariantCulture)
            : null;

    [GeneratedRegex(@"^[a-z]{2}(?:-gov)?-[a-z]+-\d+$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:(.+)$")]
    private static partial Regex ArnPattern();
}
