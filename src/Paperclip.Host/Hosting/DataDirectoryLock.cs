using System.Diagnostics;
using System.Text.Json;

namespace Paperclip.Host.Hosting;

/// <summary>
/// One host per data directory. The host holds an exclusive lock on <c>host.lock</c> for its whole life — the kernel
/// drops it when the process dies, <c>kill -9</c> included, so a crashed host never blocks the next start — and writes
/// who it is (<c>host.json</c>: pid, address) for the refusal a second start prints.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    const string LockFile = "host.lock";
    const string OwnerFile = "host.json";

    readonly FileStream held;

    DataDirectoryLock(FileStream held) => this.held = held;

    /// <summary>
    /// Takes the data directory for this process, listening on <paramref name="url"/>; throws
    /// <see cref="InvalidOperationException"/> with one line naming the live owner when another host has it.
    /// </summary>
    public static DataDirectoryLock Acquire(string dataDirectory, string url)
    {
        string lockPath = Path.Combine(dataDirectory, LockFile);
        string ownerPath = Path.Combine(dataDirectory, OwnerFile);
        FileStream held;
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix and a sharing lock on Windows.
            held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new InvalidOperationException($"the data directory {dataDirectory} is in use by another running self-host ({DescribeOwner(ownerPath)}); stop it first or use another data directory.");
        }

        Owner owner = new(Environment.ProcessId, url, DateTimeOffset.UtcNow);
        File.WriteAllText(ownerPath, JsonSerializer.Serialize(owner));
        return new DataDirectoryLock(held);
    }

    /// <inheritdoc/>
    public void Dispose() => this.held.Dispose();

    static string DescribeOwner(string ownerPath)
    {
        try
        {
            Owner? owner = JsonSerializer.Deserialize<Owner>(File.ReadAllText(ownerPath));
            return owner is null ? "owner unknown" : $"pid {owner.Pid}{(IsRunning(owner.Pid) ? string.Empty : " (exiting)")}, listening on {owner.Url}";
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return "owner unknown";
        }
    }

    static bool IsRunning(int pid)
    {
        try
        {
            using Process process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>What <c>host.json</c> holds.</summary>
    sealed record Owner(int Pid, string Url, DateTimeOffset StartedAt);
}
