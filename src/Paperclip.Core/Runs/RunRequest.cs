namespace Paperclip.Core.Runs;

/// <summary>
/// The input of a run orchestration. Ids are typed; on the wire they are plain strings in both serializers that
/// touch it (the DTFx client's Newtonsoft.Json and the worker shims' System.Text.Json), so the two agree.
/// </summary>
public sealed record RunRequest(Guid RunId, Guid CompanyId, Guid AgentId, Guid IssueId, Guid ExecutionWorkspaceId)
{
    /// <summary>The agent's maxConcurrentRuns when the run was woken.</summary>
    public int MaxConcurrentRuns { get; init; } = 1;

    /// <summary>The key of the workspace entity that serializes this run.</summary>
    public string WorkspaceKey => KeyOf(this.CompanyId, this.ExecutionWorkspaceId);

    /// <summary>The instance id of the run's orchestration (the run id).</summary>
    public string InstanceId => InstanceIdOf(this.RunId);

    /// <summary>The workspace entity key: company-scoped, so one company's id can never address another's workspace.</summary>
    public static string KeyOf(Guid companyId, Guid executionWorkspaceId) => $"{companyId:D}_{executionWorkspaceId:D}";

    /// <summary>The orchestration instance id of a run.</summary>
    public static string InstanceIdOf(Guid runId) => runId.ToString("D");
}
