using System.Diagnostics;
using Paperclip.Workspaces.Merging;
using Paperclip.Workspaces.Snapshots;

namespace Paperclip.Bench;

/// <summary>
/// merge: the 20,000-file tree of the snapshot suite as a workspace and as a staging copy; the staging copy changes 1 %
/// of the files (plus 0.2 % changed on both sides, which conflict); the time is one whole restore merge given the
/// incoming tree — the lock, the local snapshot (warm, with the baseline as cache), the plan, the staging of the
/// changed files, the journal and the steps. The incoming manifest is the merge's input (a remote computes its own and
/// sends only changed files), so the staging directory's snapshot is taken before the clock starts; it is reported
/// beside. The freshly generated trees are flushed to disk before the clock starts. Median of three, each on a fresh
/// pair of trees.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public static class MergeSuite
{
    const int Files = 20_000;
    const int Rounds = 3;

    public static async Task<object> RunAsync()
    {
        List<double> times = [];
        List<double> stagingSnapshots = [];
        (int changed, int conflicts) = (0, 0);
        for (int round = 0; round < Rounds; round++)
        {
            string root = Path.Combine(Path.GetTempPath(), "paperclip-bench-merge-" + Guid.NewGuid().ToString("N")[..8]);
            string workspace = Path.Combine(root, "workspace");
            string staging = Path.Combine(root, "staging");
            try
            {
                (_, string list) = TreeGenerator.Write(workspace, Files, seed: Files);
                File.Delete(list);
                (_, list) = TreeGenerator.Write(staging, Files, seed: Files);
                File.Delete(list);
                await Task.Delay(SnapshotTaker.RacyMargin + TimeSpan.FromMilliseconds(500));
                SnapshotTaker snapshots = new(TimeProvider.System);
                Manifest baseline = await snapshots.TakeAsync(workspace, ExcludeRules.For(false), null, CancellationToken.None);

                string[] files = [.. baseline.Entries.Where(e => e.Kind == EntryKind.File).Select(e => e.Path)];
                Random random = new(round);
                string[] picked = [.. files.OrderBy(_ => random.Next()).Take((Files / 100) + (Files / 500))];
                foreach (string path in picked)
                {
                    await File.WriteAllTextAsync(Path.Combine(staging, path), $"remote change of {path}");
                }

                foreach (string path in picked.Take(Files / 500))
                {
                    await File.WriteAllTextAsync(Path.Combine(workspace, path), $"local change of {path}");
                }

                // The generated trees are 160 MB of fresh writes: flushed first, as a workspace's files and a transfer's
                // few changed ones would be long before a merge's own flushes (which would otherwise wait on them).
                await Disk.FlushAsync();
                Stopwatch staged = Stopwatch.StartNew();
                StagingDirectory incoming = await StagingDirectory.OpenAsync(staging, ExcludeRules.FromPatterns(baseline.Excludes), snapshots, CancellationToken.None);
                stagingSnapshots.Add(staged.Elapsed.TotalMilliseconds);
                Stopwatch watch = Stopwatch.StartNew();
                MergeResult result = await new MergeApplier(snapshots).ApplyAsync(workspace, baseline, incoming, new MergeOptions(Guid.CreateVersion7()), CancellationToken.None);
                times.Add(watch.Elapsed.TotalMilliseconds);
                (changed, conflicts) = (picked.Length, result.Conflicts.Count);
                Console.Error.WriteLine($"[bench] round {round + 1}: {times[^1]:0} ms, {result.Written.Count} written, {result.Conflicts.Count} conflicts");
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }

        return new
        {
            Suite = "merge",
            Files,
            Changed = changed,
            Conflicts = conflicts,
            MergeMs = Math.Round(times.Order().ElementAt(times.Count / 2), 1),
            IncomingSnapshotMs = Math.Round(stagingSnapshots.Order().ElementAt(stagingSnapshots.Count / 2), 1),
        };
    }
}
