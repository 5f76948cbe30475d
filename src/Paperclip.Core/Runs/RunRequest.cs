namespace Paperclip.Core.Runs;

/// <summary>
/// The input of a run orchestration. Plain strings only: the DTFx client serializes it with
/// Newtonsoft.Json and the worker shims read it with System.Text.Json, and both must agree.
/// </summary>
public sealed record RunRequest(string RunId, string CompanyId, string AgentId, string IssueId, string ExecutionWorkspaceId)
{
    /// <summary>The agent's maxConcurrentRuns when the run was woken.</summary>
    public int MaxConcurrentRuns { get; init; } = 1;

    /// <summary>The key of the workspace entity that serializes this run.</summary>
    public string WorkspaceKey => KeyOf(this.CompanyId, this.ExecutionWorkspaceId);

    /// <summary>The workspace entity key: company-scoped, so one company's id can never address another's workspace.</summary>
    public static string KeyOf(string companyId, string executionWorkspaceId) => $"{companyId}_{executionWorkspaceId}";
}
