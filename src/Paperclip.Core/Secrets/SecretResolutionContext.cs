namespace Paperclip.Core.Secrets;

/// <summary>Who resolves a secret for whom: the consumer (binding target), the actor, the path, and the run.</summary>
public sealed record SecretResolutionContext(string ConsumerType, string ConsumerId, string ActorType, string? ActorId, string ConfigPath)
{
    /// <summary>The issue the run works on.</summary>
    public Guid? IssueId { get; init; }

    /// <summary>The run.</summary>
    public Guid? RunId { get; init; }
}
