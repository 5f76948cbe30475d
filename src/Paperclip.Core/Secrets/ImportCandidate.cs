namespace Paperclip.Core.Secrets;

/// <summary>One remote secret in an import preview, classified without reading its value.</summary>
public sealed record ImportCandidate(
    string ExternalRef,
    string RemoteName,
    string Name,
    string Key,
    string? ProviderVersionRef,
    IReadOnlyDictionary<string, object?>? ProviderMetadata,
    string Status,
    bool Importable,
    IReadOnlyList<ImportConflict> Conflicts);

/// <summary>Why a remote secret cannot be imported as is.</summary>
public sealed record ImportConflict(string Type, string Message)
{
    /// <summary>The live secret this conflicts with: the one linking the same reference, or holding the name or the key (null for a provider guardrail).</summary>
    public Guid? ExistingSecretId { get; init; }
}

/// <summary>The answer of <c>POST …/secrets/remote-import/preview</c>.</summary>
public sealed record ImportPreview(Guid ProviderConfigId, string Provider, string? NextToken, IReadOnlyList<ImportCandidate> Candidates);

/// <summary>One row of <c>POST …/secrets/remote-import</c>'s answer.</summary>
public sealed record ImportRowResult(string ExternalRef, string Name, string Key, string Status, string? Reason, Guid? SecretId, IReadOnlyList<ImportConflict> Conflicts);

/// <summary>The answer of <c>POST …/secrets/remote-import</c> (200 even when every row failed).</summary>
public sealed record ImportResult(Guid ProviderConfigId, string Provider, int ImportedCount, int SkippedCount, int ErrorCount, IReadOnlyList<ImportRowResult> Results);
