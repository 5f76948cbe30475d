using System.Text.Json.Serialization;

namespace Paperclip.Core.Domain;

/// <summary>
/// One <c>adapterConfig.env</c> entry, as upstream: a plain value, or a reference to a company secret (a version
/// number, or latest when null) that is resolved into the agent's environment when its run executes.
/// Plain values are written back as strings; references as <c>{type: "secret_ref", secretId, version?}</c>.
/// </summary>
[JsonConverter(typeof(EnvBindingJsonConverter))]
public sealed record EnvBinding
{
    /// <summary><c>plain</c>.</summary>
    public const string PlainType = "plain";

    /// <summary><c>secret_ref</c>.</summary>
    public const string SecretRefType = "secret_ref";

    EnvBinding(string? value, Guid? secretId, int? version)
    {
        this.Value = value;
        this.SecretId = secretId;
        this.Version = version;
    }

    /// <summary>The plain value, or null for a secret reference.</summary>
    public string? Value { get; }

    /// <summary>The referenced secret, or null for a plain value.</summary>
    public Guid? SecretId { get; }

    /// <summary>The pinned version of a reference; null means latest.</summary>
    public int? Version { get; }

    /// <summary>True for a secret reference.</summary>
    public bool IsSecretRef => this.SecretId is not null;

    /// <summary>A plain value.</summary>
    public static EnvBinding Plain(string value) => new(value, null, null);

    /// <summary>A secret reference.</summary>
    public static EnvBinding SecretRef(Guid secretId, int? version) => new(null, secretId, version);
}
