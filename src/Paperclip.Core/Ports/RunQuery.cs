using Paperclip.Core.Domain;

namespace Paperclip.Core.Ports;

/// <summary>Which runs to list: each filter exact when set.</summary>
/// <param name="IssueId">The runs of one issue.</param>
/// <param name="AgentId">The runs of one agent.</param>
/// <param name="Status">The runs in one status.</param>
public sealed record RunQuery(Guid? IssueId = null, Guid? AgentId = null, RunStatus? Status = null)
{
    /// <summary>The default page.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest page.</summary>
    public const int MaxLimit = 500;

    /// <summary>At most this many, newest first.</summary>
    public int Limit { get; init; } = DefaultLimit;
}
