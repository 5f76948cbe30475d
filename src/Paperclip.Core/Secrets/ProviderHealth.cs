namespace Paperclip.Core.Secrets;

/// <summary>A provider's health check: ok / warn / error, a message, and value-free details.</summary>
public sealed record ProviderHealth(string Provider, string Status, string Message)
{
    /// <summary><c>ok</c>.</summary>
    public const string Ok = "ok";

    /// <summary><c>warn</c>.</summary>
    public const string Warn = "warn";

    /// <summary><c>error</c>.</summary>
    public const string Error = "error";

    /// <summary>Things to fix or know.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Backup guidance.</summary>
    public IReadOnlyList<string> BackupGuidance { get; init; } = [];

    /// <summary>Non-secret facts (key source, region, missing settings).</summary>
    public IReadOnlyDictionary<string, object?> Details { get; init; } = new Dictionary<string, object?>();
}
