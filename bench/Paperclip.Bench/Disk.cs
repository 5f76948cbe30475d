using System.Diagnostics;

namespace Paperclip.Bench;

/// <summary>The disk between measurements.</summary>
public static class Disk
{
    /// <summary>
    /// Flushes every file system (<c>sync</c>), so a measurement does not pay for the writeback of what came before it
    /// (a generated tree, the other side's copy) — on this machine that writeback alone varies by seconds.
    /// </summary>
    public static async Task FlushAsync()
    {
        using Process sync = Process.Start("sync") ?? throw new InvalidOperationException("sync did not start");
        await sync.WaitForExitAsync();
    }
}
