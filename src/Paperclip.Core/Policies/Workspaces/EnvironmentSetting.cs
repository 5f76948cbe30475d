namespace Paperclip.Core.Policies.Workspaces;

/// <summary>
/// An <c>environmentId</c> settings key that may be absent, present with an id, or present with null. Upstream's
/// environment rules depend on whether the key exists, not only on its value.
/// </summary>
public readonly record struct EnvironmentSetting(bool IsPresent, string? Value)
{
    /// <summary>The key is absent.</summary>
    public static EnvironmentSetting Absent => default;

    /// <summary>The key is present with <paramref name="value"/> (which may be null).</summary>
    public static EnvironmentSetting Of(string? value) => new(true, value);
}
