using Paperclip.Core.Domain;

namespace Paperclip.Core.Services.Runs;

/// <summary>The answer to a wakeup: the run that was queued.</summary>
public sealed record WakeupAccepted(Guid RunId, RunStatus Status, Guid IssueId, Guid ExecutionWorkspaceId);
