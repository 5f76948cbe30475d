namespace Paperclip.Core.Domain.Secrets;

/// <summary>A secret's lifecycle status (upstream's <c>SecretStatus</c>).</summary>
public enum SecretStatus
{
    /// <summary>Resolvable and rotatable.</summary>
    Active,

    /// <summary>Kept but not resolvable.</summary>
    Disabled,

    /// <summary>Kept but not resolvable; also a create reservation that has not been activated.</summary>
    Archived,

    /// <summary>Soft-deleted: renamed, hidden from lists, kept only until its provider delete succeeds.</summary>
    Deleted,
}
