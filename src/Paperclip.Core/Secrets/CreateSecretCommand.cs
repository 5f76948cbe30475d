using System.Text.Json;
using Paperclip.Core.Domain.Secrets;
using Paperclip.Core.Validation;

namespace Paperclip.Core.Secrets;

/// <summary><c>POST …/secrets</c>: a managed value, or a reference to a value in the operator's vault.</summary>
public sealed record CreateSecretCommand(string Name, string? Key, string? Provider, Guid? ProviderConfigId, SecretManagedMode ManagedMode)
{
    /// <summary>The value of a managed secret (never logged, never echoed).</summary>
    public SecretValue? Value { get; init; }

    /// <summary>The provider reference of an external secret.</summary>
    public string? ExternalRef { get; init; }

    /// <summary>The provider version an external reference pins.</summary>
    public string? ProviderVersionRef { get; init; }

    /// <summary>What it is for.</summary>
    public string? Description { get; init; }

    /// <summary>Non-secret metadata.</summary>
    public JsonElement? ProviderMetadata { get; init; }

    /// <summary>The largest value accepted (Key Vault's limit is 25 KB; AWS's 64 KB).</summary>
    public const int MaxValueLength = 24 * 1024;

    /// <summary>Parses the body with upstream's route checks (400).</summary>
    public static CreateSecretCommand Parse(RequestBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        string? name = body.Text("name", required: true, maxLength: 160);
        string? key = body.Text("key", required: false, maxLength: SecretKeys.MaxLength);
        string? provider = body.Text("provider", required: false, maxLength: 64);
        Guid? vault = body.Id("providerConfigId", required: false);
        SecretManagedMode mode = body.Enum<SecretManagedMode>("managedMode", required: false) ?? SecretManagedMode.PaperclipManaged;
        string? value = body.SecretText("value", required: false, maxLength: MaxValueLength);
        string? externalRef = body.Text("externalRef", required: false, maxLength: 2048);
        string? versionRef = body.Text("providerVersionRef", required: false, maxLength: 512);
        string? description = body.Text("description", required: false, maxLength: 500, minLength: 0);
        JsonElement? metadata = body.RawObject("providerMetadata", required: false, maxBytes: 8 * 1024);
        if (mode == SecretManagedMode.ExternalReference)
        {
            if (externalRef is null)
            {
                body.Fail("externalRef", "External reference secrets require externalRef");
            }

            if (body.Has("value"))
            {
                body.Fail("value", "External reference secrets cannot set value");
            }
        }
        else
        {
            if (body.Has("externalRef"))
            {
                body.Fail("externalRef", "Managed secrets cannot set externalRef");
            }

            if (string.IsNullOrWhiteSpace(value))
            {
                body.Fail("value", "Managed secrets require value");
            }
        }

        body.ThrowIfInvalid();
        return new CreateSecretCommand(name!, key, provider, vault, mode)
        {
            Value = value is null ? null : new SecretValue(value),
            ExternalRef = externalRef,
            ProviderVersionRef = versionRef,
            Description = description,
            ProviderMetadata = metadata,
        };
    }
}
