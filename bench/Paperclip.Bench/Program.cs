using System.Text.Json;
using Paperclip.Bench;

// Usage: Paperclip.Bench <suite> [--runs N]. One JSON object per suite on stdout; progress on stderr.
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine($"usage: scripts/bench.sh <suite> [--runs N] [--polling-ms N]\nsuites: {Suites}");
    return args.Length == 0 ? 2 : 0;
}

int runs = 30;
int pollingMs = 200;
for (int i = 1; i < args.Length; i++)
{
    if (args[i] == "--runs" && i + 1 < args.Length && int.TryParse(args[++i], out int n) && n is >= 5 and <= 1000)
    {
        runs = n;
    }
    else if (args[i] == "--polling-ms" && i + 1 < args.Length && int.TryParse(args[++i], out int p) && p is >= 10 and <= 30_000)
    {
        pollingMs = p;
    }
    else
    {
        Console.Error.WriteLine($"unknown or invalid option: {args[i]}");
        return 2;
    }
}

object result = args[0] switch
{
    "run-latency" => await RunLatencySuite.RunAsync(runs, TimeSpan.FromMilliseconds(pollingMs)),
    "secrets" => await SecretsSuite.RunAsync(runs),
    "wake-latency" => await WakeLatencySuite.RunAsync(runs, TimeSpan.FromMilliseconds(pollingMs)),
    "throughput" => await ThroughputSuite.RunAsync(TimeSpan.FromMilliseconds(pollingMs)),
    "snapshot" => await SnapshotSuite.RunAsync(),
    "merge" when !OperatingSystem.IsWindows() => await MergeSuite.RunAsync(),
    "sync" when !OperatingSystem.IsWindows() => await SyncSuite.RunAsync(),
    "bridge" when !OperatingSystem.IsWindows() => await BridgeSuite.RunAsync(),
    _ => throw new ArgumentException($"unknown suite '{args[0]}' (suites: {Suites})"),
};
Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
return 0;

/// <summary>The entry point's constants.</summary>
internal static partial class Program
{
    const string Suites = "run-latency, wake-latency, throughput, secrets, snapshot, merge, sync, bridge";
}
