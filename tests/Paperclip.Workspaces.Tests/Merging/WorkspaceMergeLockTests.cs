using System.Diagnostics;
using System.Runtime.Versioning;
using Paperclip.Workspaces.Merging;

namespace Paperclip.Workspaces.Tests.Merging;

/// <summary>The merge lock on a real workspace, with an alias path and a holder that dies.</summary>
[SupportedOSPlatform("linux")]
public sealed class WorkspaceMergeLockTests : IDisposable
{
    readonly string workspace = Directory.CreateTempSubdirectory("paperclip-lock-").FullName;
    readonly string aliases = Directory.CreateTempSubdirectory("paperclip-alias-").FullName;

    public void Dispose()
    {
        Directory.Delete(this.aliases, recursive: true);
        Directory.Delete(this.workspace, recursive: true);
    }

    [Fact]
    public async Task H_M13_AliasesShareOneLock_AndASecondMergeWaitsForTheFirst()
    {
        string alias = Path.Combine(this.aliases, "same-workspace");
        Directory.CreateSymbolicLink(alias, this.workspace);

        WorkspaceMergeLock first = await WorkspaceMergeLock.AcquireAsync(this.workspace, TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None);
        await Assert.ThrowsAsync<TimeoutException>(() => WorkspaceMergeLock.AcquireAsync(alias + "/", TimeSpan.FromMilliseconds(200), TimeProvider.System, CancellationToken.None));

        Task<WorkspaceMergeLock> waiting = WorkspaceMergeLock.AcquireAsync(alias, TimeSpan.FromSeconds(60), TimeProvider.System, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        first.Dispose();
        (await waiting.WaitAsync(TimeSpan.FromSeconds(60))).Dispose();
    }

    [Fact]
    public async Task H_M13_ADeadHoldersLock_IsFreeAtOnce_WithNoStaleOwnerToGuessAbout()
    {
        string lockFile = Path.Combine(this.workspace, WorkspaceMergeLock.LockFile);
        Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!);
        using Process holder = Process.Start(new ProcessStartInfo("flock", ["-o", lockFile, "sleep", "300"]) { UseShellExecute = false })!;
        try
        {
            // Until the holder has it, a short wait may still win; bounded either way.
            DateTime deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                try
                {
                    (await WorkspaceMergeLock.AcquireAsync(this.workspace, TimeSpan.Zero, TimeProvider.System, CancellationToken.None)).Dispose();
                    Assert.True(DateTime.UtcNow < deadline, "the holder never took the lock");
                    await Task.Delay(20);
                }
                catch (TimeoutException)
                {
                    break;
                }
            }
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            await holder.WaitForExitAsync();
        }

        (await WorkspaceMergeLock.AcquireAsync(this.workspace, TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None)).Dispose();
    }
}
