using Paperclip.Core.Domain;

namespace Paperclip.Core.Services.Interactions;

/// <summary>The answer to an accept or reject: the interaction and the issues an accepted suggest_tasks created.</summary>
public sealed record InteractionResolution(Interaction Interaction, IReadOnlyList<CreatedIssueView> CreatedIssues);

/// <summary>An issue created by accepting suggested tasks.</summary>
public sealed record CreatedIssueView(Guid Id, string Identifier, Guid? AssigneeAgentId, IssueStatus Status);
