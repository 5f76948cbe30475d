using System.Runtime.InteropServices;

namespace Paperclip.Runs.Targets.Local;

/// <summary>Sends POSIX signals (the BCL can only SIGKILL a process, never ask it to stop or reach its process group).</summary>
internal static partial class PosixSignals
{
    /// <summary>Asks a process to end.</summary>
    internal const int Term = 15;

    /// <summary>Ends a process; it cannot be caught or ignored.</summary>
    internal const int Kill = 9;

    /// <summary>The signal's name for messages.</summary>
    internal static string NameOf(int signal) => signal switch
    {
        Term => "SIGTERM",
        Kill => "SIGKILL",
        _ => $"signal {signal}",
    };

    /// <summary>
    /// Sends <paramref name="signal"/> to a process, or with a negative <paramref name="processId"/> to every process of
    /// that process group. False when there is no such process (or group) any more, or on Windows.
    /// </summary>
    internal static bool TrySend(int processId, int signal) => !OperatingSystem.IsWindows() && NativeKill(processId, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int NativeKill(int pid, int sig);
}
