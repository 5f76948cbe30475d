using System.Globalization;

namespace Paperclip.Bench;

/// <summary>
/// CPU time spent on the machine between two readings, by who spent it — this process (the load generator, the API, the
/// bridge and the SSH library all live here), sshd, Azurite, the box-side bridge server and the rest — from
/// <c>/proc</c>, so a burst's figures say where its time went on a machine whose cores every party shares.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
sealed class CpuMeter
{
    const double TicksPerSecond = 100; // USER_HZ on Linux

    readonly Dictionary<string, long> start;

    CpuMeter(Dictionary<string, long> start) => this.start = start;

    public static CpuMeter Start() => new(Read());

    /// <summary>Milliseconds of CPU each party spent since <see cref="Start"/>.</summary>
    public Dictionary<string, double> Stop()
    {
        Dictionary<string, long> end = Read();
        return end.ToDictionary(e => e.Key, e => (e.Value - this.start.GetValueOrDefault(e.Key)) * 1000 / TicksPerSecond);
    }

    static Dictionary<string, long> Read()
    {
        int self = Environment.ProcessId;
        Dictionary<string, long> spent = new() { ["self"] = 0, ["sshd"] = 0, ["azurite"] = 0, ["box_server"] = 0, ["other"] = 0 };
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            // pid (comm) state ... utime stime: fields 14 and 15, counted after the comm's closing parenthesis.
            int close = stat.LastIndexOf(')');
            string comm = stat[(stat.IndexOf('(') + 1)..close];
            string[] fields = stat[(close + 2)..].Split(' ');
            long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            string who = pid == self ? "self" : comm == "sshd" ? "sshd" : comm == "node" ? NodeParty(dir) : "other";
            spent[who] += ticks;
        }

        return spent;
    }

    /// <summary>Which node process: the box-side bridge server (named on its command line), or Azurite.</summary>
    static string NodeParty(string dir)
    {
        try
        {
            return File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("paperclip-bridge-server", StringComparison.Ordinal) ? "box_server" : "azurite";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "azurite";
        }
    }
}
