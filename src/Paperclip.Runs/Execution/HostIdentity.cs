namespace Paperclip.Runs.Execution;

/// <summary>
/// This process as a host of agent processes: a fresh id per start (a restarted host is a new host, so the runs
/// of its previous life are recognisably lost), and the machine it runs on.
/// </summary>
public sealed record HostIdentity(string HostId, string MachineName)
{
    /// <summary>A new identity for this process.</summary>
    public static HostIdentity ForThisProcess() => new(Guid.CreateVersion7().ToString("N"), Environment.MachineName);
}
