namespace Paperclip.Core.Runs;

/// <summary>
/// The input of a run orchestration. Plain strings only: the DTFx client serializes it with
/// Newtonsoft.Json and the worker shims read it with System.Text.Json, and both must agree.
/// </summary>
public sealed record RunRequest(string RunId, string CompanyId, string AgentId, string IssueId, string ExecutionWorkspaceId)
{
    /// <summary>The key of the workspace entity that serializes this run.</summary>
    public string WorkspaceKey => $"{this.CompanyId}_{this.ExecutionWorkspaceId}";
}
