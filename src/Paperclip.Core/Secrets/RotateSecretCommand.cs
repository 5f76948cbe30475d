using Paperclip.Core.Validation;

namespace Paperclip.Core.Secrets;

/// <summary><c>POST …/secrets/{id}/rotate</c>: a new value (managed) or a new target (external); optionally another vault.</summary>
public sealed record RotateSecretCommand(SecretValue? Value, string? ExternalRef, string? ProviderVersionRef)
{
    /// <summary>True when <c>providerConfigId</c> was sent (null moves the secret to the deployment's provider configuration).</summary>
    public bool HasProviderConfigId { get; init; }

    /// <summary>The vault to rotate into.</summary>
    public Guid? ProviderConfigId { get; init; }

    /// <summary>Parses the body.</summary>
    public static RotateSecretCommand Parse(RequestBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        string? value = body.SecretText("value", required: false, maxLength: CreateSecretCommand.MaxValueLength);
        RotateSecretCommand command = new(
            value is null ? null : new SecretValue(value),
            body.Text("externalRef", required: false, maxLength: 2048),
            body.Text("providerVersionRef", required: false, maxLength: 512))
        {
            HasProviderConfigId = body.Has("providerConfigId"),
            ProviderConfigId = body.IsNull("providerConfigId") ? null : body.Id("providerConfigId", required: false),
        };
        body.ThrowIfInvalid();
        return command;
    }
}
