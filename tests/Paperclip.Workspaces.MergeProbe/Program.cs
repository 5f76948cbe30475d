using Paperclip.Workspaces.Merging;
using Paperclip.Workspaces.Snapshots;

// A merge in a process of its own, for the crash test to kill at random points (Linux, like the test).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
// Usage: MergeProbe <workspace> <staging> <baseline manifest file> <run id> <pause per step, ms>
if (args.Length != 5)
{
    Console.Error.WriteLine("usage: MergeProbe <workspace> <staging> <baseline> <run id> <pause ms>");
    return 2;
}

Manifest baseline = await ManifestFormat.ReadAsync(args[2], CancellationToken.None);
SnapshotTaker snapshots = new(TimeProvider.System);
StagingDirectory staging = await StagingDirectory.OpenAsync(args[1], ExcludeRules.FromPatterns(baseline.Excludes), snapshots, CancellationToken.None);
int pause = int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture);
MergeApplier applier = new(snapshots) { BeforeStep = _ => Thread.Sleep(pause) };
Console.WriteLine("merging");
MergeResult result = await applier.ApplyAsync(args[0], baseline, staging, new MergeOptions(Guid.Parse(args[3])), CancellationToken.None);
Console.WriteLine(result.Refused is null ? "merged" : $"refused {result.Refused.Code}");
return 0;
