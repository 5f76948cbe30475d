using Paperclip.Core.Domain;

namespace Paperclip.Core.Services.Interactions;

/// <summary>The answer to an accept or reject: the interaction and the issues an accepted suggest_tasks created.</summary>
public sealed record InteractionResolution(Interaction Interaction, IReadOnlyList<CreatedIssueView> CreatedIssues)
{
    /// <summary>The issue handed back to the agent that asked, when an accepted confirmation returned it (else null).</summary>
    public ContinuationIssueView? ContinuationIssue { get; init; }
}

/// <summary>The issue an accepted confirmation returned to its creating agent.</summary>
public sealed record ContinuationIssueView(Guid Id, Guid? AssigneeAgentId, string? AssigneeUserId, IssueStatus Status);

/// <summary>An issue created by accepting suggested tasks.</summary>
public sealed record CreatedIssueView(Guid Id, string Identifier, Guid? AssigneeAgentId, IssueStatus Status);
