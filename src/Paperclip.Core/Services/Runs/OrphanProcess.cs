using System.ComponentModel;
using System.Diagnostics;

namespace Paperclip.Core.Services.Runs;

/// <summary>Stops an agent process left behind by a host that died (the process outlives its parent).</summary>
public static class OrphanProcess
{
    /// <summary>Process ids are reused: only a process started near the run's start is taken for the agent.</summary>
    static readonly TimeSpan StartWindow = TimeSpan.FromMinutes(2);

    /// <summary>Kills the process tree of <paramref name="processId"/> if it still runs and started around <paramref name="runStartedAt"/>.</summary>
    public static bool TryKill(int processId, DateTimeOffset runStartedAt)
    {
        try
        {
            using Process process = Process.GetProcessById(processId);
            DateTimeOffset started = process.StartTime.ToUniversalTime();
            if (started < runStartedAt - TimeSpan.FromSeconds(5) || started > runStartedAt + StartWindow)
            {
                return false;
            }

            process.Kill(entireProcessTree: true);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Gone already, or not ours to see.
            return false;
        }
    }
}
