using System.ComponentModel;
using System.Diagnostics;
using Paperclip.Core.Ports;

namespace Paperclip.Runs.Targets.Local;

/// <summary>
/// Orphaned agents of the local execution target: a process is the run's agent when it carries the run's
/// <c>PAPERCLIP_RUN_ID</c> in its environment (read from <c>/proc</c>; where that is not available nothing is killed).
/// </summary>
public sealed class LocalOrphanedAgents : IOrphanedAgents
{
    /// <inheritdoc/>
    public bool TryStop(int processId, Guid runId)
    {
        try
        {
            string environ = File.ReadAllText($"/proc/{processId}/environ");
            if (!environ.Split('\0').Contains($"PAPERCLIP_RUN_ID={runId}", StringComparer.Ordinal))
            {
                return false;
            }

            // Its process group (the local target makes the agent lead one, so a pid that leads a group is this agent's),
            // then its tree, for what left the group.
            PosixSignals.TrySend(-processId, PosixSignals.Kill);
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
