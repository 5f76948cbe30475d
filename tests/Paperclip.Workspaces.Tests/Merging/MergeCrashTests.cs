using System.Diagnostics;
using System.Runtime.Versioning;
using Paperclip.Workspaces.Merging;
using Paperclip.Workspaces.Snapshots;
using Xunit.Abstractions;

namespace Paperclip.Workspaces.Tests.Merging;

/// <summary>
/// Crash safety, by killing: a merge runs in a process of its own (the probe) and is killed with SIGKILL at a random
/// point, 50 times. After each kill every file must be its old or its new content — never partial, never anything
/// else — and the next merge must finish the work to exactly the tree an uninterrupted merge gives.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class MergeCrashTests(ITestOutputHelper output) : IDisposable
{
    const int Runs = 50;
    const int Files = 40;
    static readonly Guid Run = Guid.Parse("1a2b3c4d-0000-7000-8000-000000000000");
    readonly string scratch = Directory.CreateTempSubdirectory("paperclip-crash-").FullName;

    public void Dispose() => Directory.Delete(this.scratch, recursive: true);

    static string Content(string tag, int i) => $"{tag}-{i}:" + new string((char)('a' + (i % 26)), 6000 + (i * 37));

    /// <summary>What each path may hold at any moment: the old, the new, or nothing where the merge adds or deletes.</summary>
    static Dictionary<string, HashSet<string?>> Allowed()
    {
        Dictionary<string, HashSet<string?>> allowed = new(StringComparer.Ordinal);
        for (int i = 0; i < Files; i++)
        {
            allowed[$"f{i}.txt"] = i switch
            {
                < 3 => [Content("local", i)],
                < 20 => [Content("old", i), Content("new", i)],
                >= 30 and < 35 => [Content("old", i), null],
                35 => [Content("local", i)],
                _ => [Content("old", i)],
            };
        }

        for (int i = 0; i < 3; i++)
        {
            allowed[$"f{i}.paperclip-remote-1a2b3c4d.txt"] = [Content("new", i), null];
        }

        for (int i = 0; i < 10; i++)
        {
            allowed[$"added/n{i}.txt"] = [Content("new-added", i), null];
        }

        return allowed;
    }

    /// <summary>The tree an uninterrupted merge leaves.</summary>
    static Dictionary<string, string?> Final()
    {
        Dictionary<string, string?> final = new(StringComparer.Ordinal);
        for (int i = 0; i < Files; i++)
        {
            final[$"f{i}.txt"] = i switch
            {
                < 3 or 35 => Content("local", i),
                < 20 => Content("new", i),
                >= 30 and < 35 => null,
                _ => Content("old", i),
            };
        }

        for (int i = 0; i < 3; i++)
        {
            final[$"f{i}.paperclip-remote-1a2b3c4d.txt"] = Content("new", i);
        }

        for (int i = 0; i < 10; i++)
        {
            final[$"added/n{i}.txt"] = Content("new-added", i);
        }

        return final;
    }

    async Task<(string Workspace, string Staging, string BaselineFile)> ScenarioAsync(int run)
    {
        string workspace = Path.Combine(this.scratch, $"ws{run}");
        string staging = Path.Combine(this.scratch, $"st{run}");
        foreach (string root in new[] { workspace, staging })
        {
            Directory.CreateDirectory(root);
            for (int i = 0; i < Files; i++)
            {
                await File.WriteAllTextAsync(Path.Combine(root, $"f{i}.txt"), Content("old", i));
            }
        }

        Manifest baseline = await new SnapshotTaker(TimeProvider.System).TakeAsync(workspace, ExcludeRules.For(false), null, CancellationToken.None);
        string baselineFile = Path.Combine(this.scratch, $"baseline{run}.pcwm");
        await ManifestFormat.WriteAsync(baseline, baselineFile, CancellationToken.None);

        Directory.CreateDirectory(Path.Combine(staging, "added"));
        for (int i = 0; i < 20; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(staging, $"f{i}.txt"), Content("new", i));
        }

        for (int i = 0; i < 10; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(staging, "added", $"n{i}.txt"), Content("new-added", i));
        }

        for (int i = 30; i < 35; i++)
        {
            File.Delete(Path.Combine(staging, $"f{i}.txt"));
        }

        foreach (int i in new[] { 0, 1, 2, 35 })
        {
            await File.WriteAllTextAsync(Path.Combine(workspace, $"f{i}.txt"), Content("local", i));
        }

        return (workspace, staging, baselineFile);
    }

    static Dictionary<string, string?> Read(string workspace, IEnumerable<string> paths) =>
        paths.ToDictionary(p => p, p => File.Exists(Path.Combine(workspace, p)) ? File.ReadAllText(Path.Combine(workspace, p)) : null, StringComparer.Ordinal);

    static string[] Unexpected(string workspace, Dictionary<string, HashSet<string?>> allowed) =>
    [
        .. Directory.EnumerateFiles(workspace, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(workspace, p))
            .Where(p => !p.StartsWith(".paperclip-runtime", StringComparison.Ordinal) && !allowed.ContainsKey(p)),
    ];

    [Fact]
    public async Task H_M10_KilledAtRandomPoints_EveryFileIsOldOrNew_AndTheNextMergeFinishesIt()
    {
        string probe = Path.Combine(AppContext.BaseDirectory, "Paperclip.Workspaces.MergeProbe.dll");
        Dictionary<string, HashSet<string?>> allowed = Allowed();
        Dictionary<string, string?> final = Final();
        (int beforeJournal, int midMerge, int finished) = (0, 0, 0);
        for (int run = 0; run < Runs; run++)
        {
            Random random = new(run);
            (string workspace, string staging, string baselineFile) = await this.ScenarioAsync(run);
            ProcessStartInfo start = new("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in new[] { probe, workspace, staging, baselineFile, Run.ToString(), "3" })
            {
                start.ArgumentList.Add(arg);
            }

            using (Process merge = Process.Start(start)!)
            {
                // Killed somewhere between the start of the merge and a little past its end (about 60 steps of 3 ms).
                string? first = await merge.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
                Assert.Equal("merging", first);
                await Task.Delay(random.Next(0, 260));
                merge.Kill(entireProcessTree: true);
                await merge.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            }

            string work = Path.Combine(workspace, MergeApplier.WorkDirectory);
            bool journalled = Directory.Exists(work) && Directory.EnumerateFiles(work, "journal.json", SearchOption.AllDirectories).Any();
            bool done = Read(workspace, final.Keys).SequenceEqual(final);
            (beforeJournal, midMerge, finished) = done ? (beforeJournal, midMerge, finished + 1) : journalled ? (beforeJournal, midMerge + 1, finished) : (beforeJournal + 1, midMerge, finished);

            // The invariant, right after the kill.
            foreach ((string path, string? content) in Read(workspace, allowed.Keys))
            {
                Assert.True(allowed[path].Contains(content), $"run {run}: {path} holds {(content is null ? "nothing" : content[..Math.Min(12, content.Length)] + $"… ({content.Length} chars)")}");
            }

            Assert.Empty(Unexpected(workspace, allowed));

            // The next merge finishes (or redoes) it.
            Manifest baseline = await ManifestFormat.ReadAsync(baselineFile, CancellationToken.None);
            SnapshotTaker snapshots = new(TimeProvider.System);
            StagingDirectory incoming = await StagingDirectory.OpenAsync(staging, ExcludeRules.FromPatterns(baseline.Excludes), snapshots, CancellationToken.None);
            MergeResult again = await new MergeApplier(snapshots).ApplyAsync(workspace, baseline, incoming, new MergeOptions(Run), CancellationToken.None);
            Assert.Null(again.Refused);
            Assert.Equal(final, Read(workspace, final.Keys));
            Assert.Empty(Unexpected(workspace, allowed));
            Assert.Empty(Directory.EnumerateFileSystemEntries(work));
        }

        output.WriteLine($"killed before the journal: {beforeJournal}, mid-merge: {midMerge}, after it finished: {finished}");
        Assert.True(midMerge > 0, $"no kill landed mid-merge ({beforeJournal} before the journal, {finished} after the end)");
    }
}
