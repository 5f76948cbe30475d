using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paperclip.Core.Domain;
using Paperclip.Core.Domain.Environments;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;
using Paperclip.Ssh.Execution;
using Paperclip.Ssh.Sync;
using Paperclip.Workspaces.Merging;
using Paperclip.Workspaces.Snapshots;
using Renci.SshNet.Common;

namespace Paperclip.Ssh.Runs;

/// <summary>
/// Runs on SSH environments. The box holds, under <c>&lt;remoteWorkspacePath&gt;/.paperclip-runtime/</c>, a mirror per
/// workspace (<c>mirrors/&lt;workspaceId&gt;</c>) and a directory per run (<c>runs/&lt;runId&gt;/workspace</c>). Prepare
/// sends only what changed since the mirror's last manifest (<see cref="MirrorSync"/>), then copies the mirror into
/// the run's directory, where the command runs. Finalize fetches what the run changed (<see cref="FetchedTree"/>) and
/// merges it into the local workspace against the manifest of exactly what was sent (H-M9), then removes the run's
/// directory. This machine keeps, in the workspace's own always-excluded <c>.paperclip-runtime/remote/</c>, the
/// mirror's manifest (with a token the box holds too, so a mirror changed or lost on the box is rebuilt, never trusted)
/// and each run's baseline (so a finalize on a restarted host still merges).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SshRemoteWorkspaces(IOptions<SshOptions> options, ILogger<SshRemoteWorkspaces> logger, TimeProvider time, ICallbackBridge? bridge = null) : IRemoteWorkspaces, IDisposable
{
    /// <summary>The local directory (inside the workspace) holding the mirror's manifest and the runs' baselines.</summary>
    public const string LocalStateDirectory = ".paperclip-runtime/remote";

    readonly ConcurrentDictionary<Guid, RunConnection> connections = new();
    readonly SnapshotTaker snapshots = new(time);

    /// <inheritdoc/>
    public bool Serves(EnvironmentDriver driver) => driver == EnvironmentDriver.Ssh;

    /// <inheritdoc/>
    public async Task<RemotePlacement> PrepareAsync(RemoteRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        Layout layout = Layout.For(run);
        CancellationToken caller = cancellationToken;
        try
        {
            RunConnection connection = await this.ConnectAsync(run, layout, cancellationToken).ConfigureAwait(false);

            // A box that stops answering ends what waits on it (SSH.NET would let it wait for ever).
            using CancellationTokenSource guarded = CancellationTokenSource.CreateLinkedTokenSource(caller, connection.Lost);
            cancellationToken = guarded.Token;
            Directory.CreateDirectory(layout.LocalState);
            Directory.CreateDirectory(layout.LocalRuns);

            // The mirror's last manifest is trusted only when the box still holds the token written with it; the box's
            // token is removed before the sync and written again after, so a sync cut halfway leaves no token. The token
            // names how the tree travels (a git-backed tree's .git is excluded and its history sent by git), so a
            // workspace that became, or stopped being, a repository gets a fresh mirror.
            GitHead? git = await GitHistory.ReadAsync(run.LocalDirectory, cancellationToken).ConfigureAwait(false);
            string mode = git is null ? "plain" : "git";
            string token = $"{Guid.NewGuid():N}-{mode}";
            string? localToken = File.Exists(layout.LocalToken) ? (await File.ReadAllTextAsync(layout.LocalToken, cancellationToken).ConfigureAwait(false)).Trim() : null;
            Manifest? previous = localToken is not null && File.Exists(layout.LocalManifest)
                ? await ReadManifestOrNullAsync(layout.LocalManifest, cancellationToken).ConfigureAwait(false)
                : null;
            string remoteToken = (await RemoteCommand.RunAsync(connection.Client,
                $"mkdir -p -- {RemoteShell.Quote(layout.Mirrors)} {RemoteShell.Quote(layout.Runs)} && {{ cat -- {RemoteShell.Quote(layout.MirrorToken)} 2>/dev/null; rm -f -- {RemoteShell.Quote(layout.MirrorToken)}; }}",
                null, cancellationToken).ConfigureAwait(false)).Trim();
            Manifest? mirror = previous is not null && remoteToken.Length > 0 && remoteToken == localToken && remoteToken.EndsWith("-" + mode, StringComparison.Ordinal) ? previous : null;

            ExcludeRules excludes = ExcludeRules.For(gitBacked: git is not null);
            Manifest local = await this.snapshots.TakeAsync(run.LocalDirectory, excludes, previous, cancellationToken).ConfigureAwait(false);
            TransferCodec codec = await connection.CodecAsync(options.Value.Compression, cancellationToken).ConfigureAwait(false);
            SyncOutcome sent = await MirrorSync.SendAsync(connection.Client, run.LocalDirectory, layout.Mirror, local, mirror, cancellationToken, codec).ConfigureAwait(false);

            if (git is not null)
            {
                await GitHistory.IgnoreRuntimeDirectoryAsync(run.LocalDirectory, cancellationToken).ConfigureAwait(false);
                string? known = mirror is not null && File.Exists(layout.LocalMirrorHead) ? (await File.ReadAllTextAsync(layout.LocalMirrorHead, cancellationToken).ConfigureAwait(false)).Trim() : null;
                await GitHistory.SendAsync(connection.Client, run.LocalDirectory, layout.Mirror, git, known, cancellationToken).ConfigureAwait(false);
            }

            // The mirror's state here: manifest, (head,) then token.
            await RemoteCommand.RunAsync(connection.Client, $"cat > {RemoteShell.Quote(layout.MirrorToken)}", token, cancellationToken).ConfigureAwait(false);
            await ManifestFormat.WriteAsync(sent.Sent, layout.LocalManifest, cancellationToken).ConfigureAwait(false);
            if (git is not null)
            {
                await File.WriteAllTextAsync(layout.LocalMirrorHead, git.Commit, cancellationToken).ConfigureAwait(false);
            }

            await File.WriteAllTextAsync(layout.LocalToken, token, cancellationToken).ConfigureAwait(false);

            await MirrorSync.MaterializeAsync(connection.Client, layout.Mirror, layout.RunWorkspace, cancellationToken).ConfigureAwait(false);

            // Last, the run's baseline (what finalize merges against): a prepare that failed before has nothing on the
            // box for finalize to bring back, and must not make it try.
            if (git is not null)
            {
                await File.WriteAllTextAsync(layout.LocalRunHead, git.Commit, cancellationToken).ConfigureAwait(false);
            }

            await ManifestFormat.WriteAsync(sent.Sent, layout.LocalBaseline, cancellationToken).ConfigureAwait(false);
            Log.SyncedOut(logger, run.RunId, layout.Description, sent.FilesSent, sent.BytesSent, sent.Removed, mirror is null ? "rebuilt" : "incremental");
            await this.SweepAsync(connection, run, layout, cancellationToken).ConfigureAwait(false);
            return new RemotePlacement(layout.RunWorkspace, new SshExecutionTarget(connection.Client, layout.Config.SourceShellProfiles, bridge, new BridgeSite(layout.Runtime, options.Value.Bridge), connection.Lost), layout.Description)
            {
                FilesSent = sent.FilesSent,
                BytesSent = sent.BytesSent,
            };
        }
        catch (Exception ex) when ((ex is not OperationCanceledException || !caller.IsCancellationRequested) && ex is not PaperclipException)
        {
            this.Forget(run.RunId);
            throw Unavailable(layout, ex);
        }
    }

    /// <inheritdoc/>
    public async Task<WorkspaceMergeReport?> RestoreAsync(RemoteRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        Layout layout = Layout.For(run);
        if (!File.Exists(layout.LocalBaseline))
        {
            this.Forget(run.RunId);
            return null;
        }

        try
        {
            Manifest baseline = await ManifestFormat.ReadAsync(layout.LocalBaseline, cancellationToken).ConfigureAwait(false);
            string? baseCommit = File.Exists(layout.LocalRunHead) ? (await File.ReadAllTextAsync(layout.LocalRunHead, cancellationToken).ConfigureAwait(false)).Trim() : null;
            DateTimeOffset deadline = time.GetUtcNow() + options.Value.FinalizeRetryWindow;
            TimeSpan delay = TimeSpan.FromSeconds(1);
            while (true)
            {
                try
                {
                    WorkspaceMergeReport report = await this.RestoreOnceAsync(run, layout, baseline, baseCommit, cancellationToken).ConfigureAwait(false);
                    File.Delete(layout.LocalBaseline);
                    File.Delete(layout.LocalRunHead);
                    return report;
                }
                catch (Exception ex) when (IsTransient(ex) && time.GetUtcNow() + delay < deadline)
                {
                    // The box may be back in a moment (a dropped connection, a restart): reconnect and try again.
                    this.Forget(run.RunId);
                    Log.RestoreRetry(logger, run.RunId, layout.Description, Describe(ex), delay.TotalSeconds);
                    await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not PaperclipException)
        {
            throw ex is DirectoryNotFoundException
                ? new PaperclipException(409, RemoteWorkspaceMissing, "Remote workspace missing",
                    $"The run's directory on {layout.Description} ({layout.RunWorkspace}) is gone; its changes cannot be brought back.")
                : Unavailable(layout, ex);
        }
        finally
        {
            this.Forget(run.RunId);
        }
    }

    /// <summary>The code of a connection that dropped, or of a box that stopped answering.</summary>
    const string ConnectionLost = "ssh_connection_lost";

    /// <summary>The code of a finalize whose run's directory is gone from the box.</summary>
    public const string RemoteWorkspaceMissing = "remote_workspace_missing";

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (Guid run in this.connections.Keys)
        {
            this.Forget(run);
        }
    }

    async Task<WorkspaceMergeReport> RestoreOnceAsync(RemoteRun run, Layout layout, Manifest baseline, string? baseCommit, CancellationToken cancellationToken)
    {
        RunConnection connection = await this.ConnectAsync(run, layout, cancellationToken).ConfigureAwait(false);
        CancellationToken caller = cancellationToken;
        using CancellationTokenSource guarded = CancellationTokenSource.CreateLinkedTokenSource(caller, connection.Lost);
        cancellationToken = guarded.Token;
        string staging = Path.Join(layout.LocalState, $"fetch-{run.RunId:N}");
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(staging);
        try
        {
            // Everything over the connection first (a drop then retries with nothing applied), then the local changes.
            string? imported = baseCommit is null ? null
                : await GitHistory.FetchAsync(connection.Client, layout.RunWorkspace, run.LocalDirectory, baseCommit, staging, cancellationToken).ConfigureAwait(false);
            TransferCodec codec = await connection.CodecAsync(options.Value.Compression, cancellationToken).ConfigureAwait(false);
            FetchedTree fetched = await FetchedTree.FetchAsync(connection.Client, layout.RunWorkspace, baseline, staging, time, cancellationToken, codec).ConfigureAwait(false);
            WorkspaceHistoryReport? history = null;
            if (imported is not null)
            {
                (GitIntegration outcome, string head) = await GitHistory.IntegrateAsync(run.LocalDirectory, imported, cancellationToken).ConfigureAwait(false);
                history = new WorkspaceHistoryReport(Core.PaperclipJson.EnumValue(outcome), head, outcome == GitIntegration.Diverged ? imported : null);
            }

            MergeResult merged = await new MergeApplier(this.snapshots).ApplyAsync(run.LocalDirectory, baseline, fetched, new MergeOptions(run.RunId), cancellationToken).ConfigureAwait(false);
            if (merged.Refused is { } refused)
            {
                Log.RestoreRefused(logger, run.RunId, layout.Description, refused.Code);
            }
            else
            {
                await this.RemoveRunDirectoryAsync(connection, run, layout, cancellationToken).ConfigureAwait(false);
                Log.Restored(logger, run.RunId, layout.Description, fetched.FilesFetched, merged.Written.Count, merged.Deleted.Count, merged.Conflicts.Count);
            }

            return Report(fetched, merged) with { History = history };
        }
        catch (OperationCanceledException ex) when (!caller.IsCancellationRequested)
        {
            throw new SshConnectException(ConnectionLost, "The box stopped answering (the connection was closed).", null, ex);
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    async Task RemoveRunDirectoryAsync(RunConnection connection, RemoteRun run, Layout layout, CancellationToken cancellationToken)
    {
        try
        {
            await RemoteCommand.RunAsync(connection.Client, $"rm -rf -- {RemoteShell.Quote(layout.Run)}", null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SshException)
        {
            // The changes are in: a directory left behind only costs disk, and the sweep takes it.
            Log.CleanupFailed(logger, run.RunId, layout.Description, Describe(ex));
        }
    }

    /// <summary>Removes run directories older than the retention (finalize failed, or its merge was refused), never this run's.</summary>
    async Task SweepAsync(RunConnection connection, RemoteRun run, Layout layout, CancellationToken cancellationToken)
    {
        int minutes = (int)Math.Ceiling(options.Value.RunRetention.TotalMinutes);
        try
        {
            await RemoteCommand.RunAsync(connection.Client,
                $"find {RemoteShell.Quote(layout.Runs)} -mindepth 1 -maxdepth 1 -type d ! -name {RemoteShell.Quote(run.RunId.ToString())} -mmin +{minutes.ToString(CultureInfo.InvariantCulture)} -exec rm -rf -- {{}} +",
                null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SshException)
        {
            Log.CleanupFailed(logger, run.RunId, layout.Description, Describe(ex));
        }
    }

    async Task<RunConnection> ConnectAsync(RemoteRun run, Layout layout, CancellationToken cancellationToken)
    {
        if (this.connections.TryGetValue(run.RunId, out RunConnection? existing))
        {
            if (existing.IsConnected)
            {
                return existing;
            }

            this.Forget(run.RunId);
        }

        SshConnection connection;
        try
        {
            connection = await SshConnector.ConnectAsync(layout.Config, run.PrivateKey, trustUnknownHostKey: false, cancellationToken).ConfigureAwait(false);
        }
        catch (SshConnectException ex) when (ex.Code is not ("unreachable" or "timeout"))
        {
            // A host key or a credential problem does not get better by trying again: it is the operator's to fix.
            throw new PaperclipException(422, ex.Code, "Environment unavailable", $"{layout.Description} cannot be used: {ex.Message}");
        }

        RunConnection created = new(connection, run.RunId, layout.Description, options.Value.LivenessInterval, logger, time);
        if (!this.connections.TryAdd(run.RunId, created))
        {
            created.Dispose();
            return this.connections[run.RunId];
        }

        return created;
    }

    void Forget(Guid runId)
    {
        if (this.connections.TryRemove(runId, out RunConnection? connection))
        {
            connection.Dispose();
        }
    }

    static async Task<Manifest?> ReadManifestOrNullAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await ManifestFormat.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or EndOfStreamException)
        {
            // Unreadable (another version, a torn write): the mirror is rebuilt.
            return null;
        }
    }

    static bool IsTransient(Exception ex) => ex switch
    {
        SshConnectException connect => connect.Code is "unreachable" or "timeout" or ConnectionLost,
        ExecutionLostException or SshConnectionException or SshOperationTimeoutException or SocketException => true,
        ObjectDisposedException or InvalidOperationException => true, // a client disconnected under the operation
        IOException io => io.InnerException is SocketException or SshException,
        _ => false,
    };

    static string Describe(Exception ex) => $"{ex.GetType().Name}: {ex.Message}";

    static PaperclipException Unavailable(Layout layout, Exception ex)
    {
        string code = ex is SshConnectException connect ? connect.Code : IsTransient(ex) || ex is OperationCanceledException ? ConnectionLost : "remote_sync_failed";
        return new PaperclipException(503, code, "Environment unavailable", $"{layout.Description}: {ex.Message}");
    }

    static WorkspaceMergeReport Report(FetchedTree fetched, MergeResult merged) => new(
        fetched.FilesFetched,
        fetched.BytesFetched,
        merged.Written.Count,
        merged.Deleted.Count,
        [.. merged.Written.Take(WorkspaceMergeReport.ListLimit)],
        [.. merged.Deleted.Take(WorkspaceMergeReport.ListLimit)],
        merged.Conflicts.Count,
        [.. merged.Conflicts.Take(WorkspaceMergeReport.ListLimit).Select(c => new WorkspaceMergeConflict(c.Path, c.Kind, c.LocalState, c.RemoteState, c.KeptAs))],
        merged.Refused is { } r ? new WorkspaceMergeRefusal(r.Code, r.Message, r.Path) : null);

    /// <summary>Where a run's pieces live, on the box and here.</summary>
    sealed record Layout(SshEnvironmentConfig Config, string Description, string Runtime, Guid WorkspaceId, Guid RunId, string LocalState)
    {
        public string Mirrors => $"{this.Runtime}/mirrors";

        public string Mirror => $"{this.Mirrors}/{this.WorkspaceId}";

        public string MirrorToken => $"{this.Mirror}.token";

        public string Runs => $"{this.Runtime}/runs";

        public string Run => $"{this.Runs}/{this.RunId}";

        public string RunWorkspace => $"{this.Run}/workspace";

        public string LocalManifest => Path.Join(this.LocalState, "mirror.manifest");

        public string LocalToken => Path.Join(this.LocalState, "mirror.token");

        public string LocalRuns => Path.Join(this.LocalState, "runs");

        public string LocalBaseline => Path.Join(this.LocalRuns, $"{this.RunId:N}.baseline");

        public string LocalRunHead => Path.Join(this.LocalRuns, $"{this.RunId:N}.head");

        public string LocalMirrorHead => Path.Join(this.LocalState, "mirror.head");

        public static Layout For(RemoteRun run)
        {
            SshEnvironmentConfig config = SshEnvironmentConfig.From(run.Environment.Config);
            string root = config.RemoteWorkspacePath.TrimEnd('/');
            string local = Path.Join(run.LocalDirectory, LocalStateDirectory, run.Environment.Id.ToString("N"));
            return new Layout(config, $"SSH environment {config.Username}@{config.Host}:{config.Port}", $"{(root.Length == 0 ? string.Empty : root)}/.paperclip-runtime", run.WorkspaceId, run.RunId, local);
        }
    }
}
