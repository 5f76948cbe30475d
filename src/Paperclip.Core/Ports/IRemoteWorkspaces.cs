using Paperclip.Core.Domain;
using Paperclip.Core.Domain.Environments;
using Paperclip.Core.Secrets;

namespace Paperclip.Core.Ports;

/// <summary>
/// Runs a workspace's runs on a remote environment: before execute, the local workspace is synced out to the box and
/// a per-run directory made from it (<see cref="PrepareAsync"/>); the run's command then executes there through the
/// returned target; at finalize the box's changes are merged back into the local workspace
/// (<see cref="RestoreAsync"/>). The local workspace stays the only source of truth between runs.
/// </summary>
public interface IRemoteWorkspaces
{
    /// <summary>True when this adapter runs workspaces on environments of <paramref name="driver"/>.</summary>
    bool Serves(EnvironmentDriver driver);

    /// <summary>
    /// Syncs the workspace out and makes the run's directory on the box. Throws a <see cref="Errors.PaperclipException"/>
    /// with a stable code when the box cannot be used.
    /// </summary>
    Task<RemotePlacement> PrepareAsync(RemoteRun run, CancellationToken cancellationToken);

    /// <summary>
    /// Brings the run's changes back into the local workspace through the restore merge and removes the run's
    /// directory on the box once they are in. Null when the run never got a directory there (its prepare did not get
    /// that far). Retries a lost connection within the configured window; then throws with a stable code.
    /// </summary>
    Task<WorkspaceMergeReport?> RestoreAsync(RemoteRun run, CancellationToken cancellationToken);
}

/// <summary>One run on a remote environment.</summary>
/// <param name="CompanyId">The company.</param>
/// <param name="RunId">The run.</param>
/// <param name="WorkspaceId">Its execution workspace.</param>
/// <param name="LocalDirectory">The workspace on this machine (the source of truth).</param>
/// <param name="Environment">Where it runs.</param>
/// <param name="PrivateKey">The environment's key, resolved for this run (kept in memory only).</param>
public sealed record RemoteRun(Guid CompanyId, Guid RunId, Guid WorkspaceId, string LocalDirectory, ExecutionEnvironment Environment, SecretValue? PrivateKey)
{
    /// <summary>Keeps the key out of logs.</summary>
    public override string ToString() => $"RemoteRun {{ RunId = {this.RunId}, Environment = {this.Environment.Id} }}";
}

/// <summary>Where a remote run executes: its directory on the box, the target that runs its command there, and what was sent.</summary>
/// <param name="WorkingDirectory">The run's directory on the box.</param>
/// <param name="Target">Runs the command on the box (over the run's connection).</param>
/// <param name="Description">For the run log: <c>SSH environment user@host:port</c>.</param>
public sealed record RemotePlacement(string WorkingDirectory, IExecutionTarget Target, string Description)
{
    /// <summary>Files whose bytes were sent to the box.</summary>
    public int FilesSent { get; init; }

    /// <summary>Their bytes.</summary>
    public long BytesSent { get; init; }
}
