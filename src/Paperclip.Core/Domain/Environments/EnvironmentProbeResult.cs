using System.Text.Json.Serialization;

namespace Paperclip.Core.Domain.Environments;

/// <summary>
/// A probe's outcome, upstream's shape plus a stable <see cref="Code"/> for each failure (<c>host_key_unknown</c>,
/// <c>host_key_mismatch</c>, <c>auth_failed</c>, <c>unreachable</c>, <c>timeout</c>, <c>path_not_writable</c>,
/// <c>tool_missing</c>).
/// </summary>
public sealed record EnvironmentProbeResult(bool Ok, string Driver, string? Code, string Summary, IReadOnlyDictionary<string, object?> Details)
{
    /// <summary>The known_hosts line of a host key the caller asked to trust (to be pinned in the config); never sent.</summary>
    [JsonIgnore]
    public string? TrustedKnownHostsLine { get; init; }
}
