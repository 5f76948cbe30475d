using System.ComponentModel;
using System.Diagnostics;

namespace Paperclip.Core.Services.Runs;

/// <summary>Stops an agent process left behind by a host that died (the process outlives its parent).</summary>
public static class OrphanProcess
{
    /// <summary>
    /// Kills the process tree of <paramref name="processId"/> if it is still the agent of <paramref name="runId"/>:
    /// process ids are reused, so the process must carry the run's <c>PAPERCLIP_RUN_ID</c> in its environment (read
    /// from <c>/proc</c>; where that is not available nothing is killed).
    /// </summary>
    public static bool TryKill(int processId, Guid runId)
    {
        try
        {
            string environ = File.ReadAllText($"/proc/{processId}/environ");
            if (!environ.Split('\0').Contains($"PAPERCLIP_RUN_ID={runId}", StringComparer.Ordinal))
            {
                return false;
            }

            using Process process = Process.GetProcessById(processId);
            process.Kill(entireProcessTree: true);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Gone already, or not ours to see.
            return false;
        }
    }
}
