using System.Text.Json;
using Paperclip.Core.Domain.Secrets;
using Paperclip.Core.Validation;

namespace Paperclip.Core.Secrets;

/// <summary><c>POST …/secret-provider-configs</c>.</summary>
public sealed record CreateVaultCommand(string Provider, string DisplayName, VaultStatus? Status, bool IsDefault, JsonElement Config)
{
    /// <summary>Parses the body; the provider's own config rules run in the service.</summary>
    public static CreateVaultCommand Parse(RequestBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        string? provider = body.Text("provider", required: true, maxLength: 64);
        string? displayName = body.Text("displayName", required: true, maxLength: 120);
        VaultStatus? status = body.Enum<VaultStatus>("status", required: false);
        bool isDefault = body.Flag("isDefault") ?? false;
        JsonElement config = body.RawObject("config", required: false, maxBytes: 16 * 1024) ?? EmptyObject;
        body.ThrowIfInvalid();
        return new CreateVaultCommand(provider!, displayName!, status, isDefault, config);
    }

    /// <summary><c>{}</c>.</summary>
    public static JsonElement EmptyObject { get; } = JsonDocument.Parse("{}").RootElement.Clone();
}
