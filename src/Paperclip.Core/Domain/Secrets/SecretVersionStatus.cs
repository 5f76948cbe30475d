namespace Paperclip.Core.Domain.Secrets;

/// <summary>A secret version's status.</summary>
public enum SecretVersionStatus
{
    /// <summary>The version <c>latest</c> resolves to.</summary>
    Current,

    /// <summary>An older version; still resolvable when pinned.</summary>
    Previous,

    /// <summary>Written but not activated (a create or rotate in progress, or one whose activation failed).</summary>
    Disabled,

    /// <summary>Destroyed (never written; kept for upstream's enum).</summary>
    Destroyed,

    /// <summary>Failed (never written; kept for upstream's enum).</summary>
    Failed,
}
