using System.Text.Json;
using Paperclip.Core.Domain.Secrets;
using Paperclip.Core.Validation;

namespace Paperclip.Core.Secrets;

/// <summary><c>PATCH …/secrets/{id}</c>: metadata and status; values change only through rotate.</summary>
public sealed record UpdateSecretCommand(string? Name, string? Key, SecretStatus? Status, string? Description)
{
    /// <summary>True when <c>providerConfigId</c> was sent (even null).</summary>
    public bool HasProviderConfigId { get; init; }

    /// <summary>The vault sent.</summary>
    public Guid? ProviderConfigId { get; init; }

    /// <summary>True when <c>externalRef</c> was sent (even null).</summary>
    public bool HasExternalRef { get; init; }

    /// <summary>The reference sent.</summary>
    public string? ExternalRef { get; init; }

    /// <summary>True when <c>description</c> was sent.</summary>
    public bool HasDescription { get; init; }

    /// <summary>New metadata.</summary>
    public JsonElement? ProviderMetadata { get; init; }

    /// <summary>Parses the body.</summary>
    public static UpdateSecretCommand Parse(RequestBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        UpdateSecretCommand command = new(
            body.Text("name", required: false, maxLength: 160),
            body.Text("key", required: false, maxLength: SecretKeys.MaxLength),
            body.Enum<SecretStatus>("status", required: false),
            body.Text("description", required: false, maxLength: 500, minLength: 0))
        {
            HasProviderConfigId = body.Has("providerConfigId"),
            ProviderConfigId = body.IsNull("providerConfigId") ? null : body.Id("providerConfigId", required: false),
            HasExternalRef = body.Has("externalRef"),
            ExternalRef = body.IsNull("externalRef") ? null : body.Text("externalRef", required: false, maxLength: 2048),
            HasDescription = body.Has("description"),
            ProviderMetadata = body.RawObject("providerMetadata", required: false, maxBytes: 8 * 1024),
        };
        body.ThrowIfInvalid();
        return command;
    }
}
