namespace Paperclip.Core.Runs;

/// <summary>
/// The input of a workspace archive's orchestration: it waits in the workspace's line like a run, then tears the
/// workspace down while holding it, so no run prepares or executes in a directory being torn down.
/// </summary>
public sealed record WorkspaceArchiveRequest(Guid ArchiveId, Guid CompanyId, Guid ExecutionWorkspaceId)
{
    /// <summary>The key of the workspace entity that serializes it.</summary>
    public string WorkspaceKey => RunRequest.KeyOf(this.CompanyId, this.ExecutionWorkspaceId);

    /// <summary>The orchestration's instance id (and the holder the workspace entity names while it runs).</summary>
    public string InstanceId => $"archive-{this.ArchiveId:D}";
}
