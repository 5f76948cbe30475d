using System.Text.Json;
using Paperclip.Core.Domain.Secrets;
using Paperclip.Core.Validation;

namespace Paperclip.Core.Secrets;

/// <summary><c>PATCH …/secret-provider-configs/{id}</c>; <c>config</c> replaces the stored config wholesale.</summary>
public sealed record UpdateVaultCommand(string? DisplayName, VaultStatus? Status, bool? IsDefault, JsonElement? Config)
{
    /// <summary>Parses the body.</summary>
    public static UpdateVaultCommand Parse(RequestBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        UpdateVaultCommand command = new(
            body.Text("displayName", required: false, maxLength: 120),
            body.Enum<VaultStatus>("status", required: false),
            body.Flag("isDefault"),
            body.RawObject("config", required: false, maxBytes: 16 * 1024));
        body.ThrowIfInvalid();
        return command;
    }
}
