namespace Paperclip.Workspaces.Merging;

/// <summary>
/// One merge at a time per workspace, across processes. The lock is an exclusive advisory lock (<c>flock</c>, which
/// .NET takes for <see cref="FileShare.None"/>) on <c>.paperclip-runtime/merge.lock</c> inside the workspace itself,
/// so every alias or symlinked path of one workspace reaches the same file and the same lock. The kernel drops it when
/// its holder dies, so there is no stale lock to detect and no owner file to race on (upstream's H-M13).
/// </summary>
public sealed class WorkspaceMergeLock : IDisposable
{
    /// <summary>The lock file, relative to the workspace.</summary>
    public const string LockFile = ".paperclip-runtime/merge.lock";

    static readonly TimeSpan RetryEvery = TimeSpan.FromMilliseconds(50);

    readonly FileStream handle;

    WorkspaceMergeLock(FileStream handle) => this.handle = handle;

    /// <summary>Takes the workspace's merge lock, waiting up to <paramref name="timeout"/> for another holder.</summary>
    public static async Task<WorkspaceMergeLock> AcquireAsync(string workspace, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        string file = WorkspacePaths.Resolve(Path.GetFullPath(workspace), LockFile, createParents: true);
        DateTimeOffset deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new WorkspaceMergeLock(new FileStream(file, new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.None,
                    Options = FileOptions.None,
                }));
            }
            catch (IOException) when (time.GetUtcNow() < deadline && WorkspacePaths.KindOf(file) == Snapshots.NativeStat.TypeFile)
            {
                // Held by another merge (a lock file that is not a plain file is never waited on).
                await Task.Delay(RetryEvery, time, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new TimeoutException($"The workspace is being merged by another process; its merge lock was not free within {timeout.TotalSeconds:0.#} s.", ex);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => this.handle.Dispose();
}
