using System.Diagnostics;
using Paperclip.Workspaces.Snapshots;

namespace Paperclip.Bench;

/// <summary>
/// snapshot: a deterministic tree (4 KiB files on average with a spread of sizes, nested directories, a symlink every
/// 200 files) of 2,000 and of 20,000 files; each snapshotted cold (no previous manifest: every byte hashed) and warm
/// (the previous manifest as the hash cache), beside <c>sha256sum</c> over the same files, in the same run. Each time
/// is the median of five; each timed snapshot starts after a full garbage collection (as BenchmarkDotNet's runs do), so
/// none is charged for collecting the one before it. The tree is left to age past the racy-stamp margin first, as a
/// workspace between runs has.
/// </summary>
public static class SnapshotSuite
{
    const int Rounds = 5;

    public static async Task<object> RunAsync()
    {
        object small = await MeasureAsync(2_000);
        Dictionary<string, object> large = await MeasureAsync(20_000);
        large["suite"] = "snapshot";
        large["small"] = small;
        return large;
    }

    static async Task<Dictionary<string, object>> MeasureAsync(int files)
    {
        string root = Path.Combine(Path.GetTempPath(), $"paperclip-bench-snapshot-{files}-" + Guid.NewGuid().ToString("N")[..8]);
        string list = string.Empty;
        try
        {
            (long bytes, list) = TreeGenerator.Write(root, files, seed: files);
            Console.Error.WriteLine($"[bench] {files} files, {bytes / 1_000_000.0:0.0} MB written; letting it age past the racy margin");
            await Task.Delay(SnapshotTaker.RacyMargin + TimeSpan.FromMilliseconds(500));

            SnapshotTaker taker = new(TimeProvider.System);
            ExcludeRules excludes = ExcludeRules.For(gitBacked: false);
            List<double> cold = [], warm = [], sha = [];
            Manifest? last = null;
            for (int round = 0; round < Rounds; round++)
            {
                Collect();
                Stopwatch watch = Stopwatch.StartNew();
                last = await taker.TakeAsync(root, excludes, null, CancellationToken.None);
                cold.Add(watch.Elapsed.TotalMilliseconds);

                Collect();
                watch.Restart();
                Manifest again = await taker.TakeAsync(root, excludes, last, CancellationToken.None);
                warm.Add(watch.Elapsed.TotalMilliseconds);
                if (again.Entries.Count != last.Entries.Count)
                {
                    throw new InvalidOperationException("The warm snapshot differs from the cold one.");
                }

                sha.Add(await Sha256SumAsync(list));
            }

            int fileEntries = last!.Entries.Count(e => e.Kind == EntryKind.File);
            return new Dictionary<string, object>
            {
                ["files"] = fileEntries,
                ["bytes"] = last.TotalBytes,
                ["cold_ms"] = Math.Round(Median(cold), 1),
                ["warm_ms"] = Math.Round(Median(warm), 1),
                ["sha256sum_ms"] = Math.Round(Median(sha), 1),
                ["cold_vs_sha256sum"] = Math.Round(Median(cold) / Median(sha), 2),
                ["warm_vs_cold"] = Math.Round(Median(warm) / Median(cold), 2),
            };
        }
        finally
        {
            Directory.Delete(root, recursive: true);
            if (list.Length > 0)
            {
                File.Delete(list);
            }
        }
    }

    /// <summary><c>sha256sum</c> over the tree's regular files (their list NUL-separated, fed through xargs).</summary>
    static async Task<double> Sha256SumAsync(string list)
    {
        ProcessStartInfo start = new("xargs") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in new[] { "-0", "-a", list, "sha256sum" })
        {
            start.ArgumentList.Add(arg);
        }

        Stopwatch watch = Stopwatch.StartNew();
        using Process process = Process.Start(start)!;
        await process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        await process.WaitForExitAsync();
        double ms = watch.Elapsed.TotalMilliseconds;
        return process.ExitCode == 0 ? ms : throw new InvalidOperationException($"sha256sum exited {process.ExitCode}");
    }

    static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    static double Median(List<double> values)
    {
        List<double> sorted = [.. values.Order()];
        return sorted[sorted.Count / 2];
    }
}

/// <summary>Writes the benchmark trees: the same bytes for the same seed.</summary>
public static class TreeGenerator
{
    /// <summary>Writes <paramref name="files"/> files under <paramref name="root"/>; returns the bytes and a NUL-separated list of the regular files.</summary>
    public static (long Bytes, string ListFile) Write(string root, int files, int seed)
    {
        Random random = new(seed);
        Directory.CreateDirectory(root);
        string listFile = Path.Combine(Path.GetTempPath(), $"paperclip-bench-list-{Guid.NewGuid():N}");
        using StreamWriter list = new(listFile);
        byte[] buffer = new byte[256 * 1024];
        long total = 0;
        for (int i = 0; i < files; i++)
        {
            // Nested: 20 files per directory, directories four levels deep.
            int dir = i / 20;
            string relativeDir = Path.Combine($"d{dir % 10}", $"e{dir / 10 % 10}", $"f{dir / 100 % 10}", $"g{dir / 1000}");
            string directory = Path.Combine(root, relativeDir);
            Directory.CreateDirectory(directory);
            if (i % 200 == 199)
            {
                File.CreateSymbolicLink(Path.Combine(directory, $"link{i}"), $"file{i - 1}.txt");
                continue;
            }

            // A spread of sizes around 4 KiB: mostly small, some tens of KiB, a few empty.
            int size = (random.Next(100) switch
            {
                < 2 => 0,
                < 60 => random.Next(1, 2048),
                < 90 => random.Next(2048, 9216),
                _ => random.Next(8192, 28672),
            });
            random.NextBytes(buffer.AsSpan(0, size));
            string path = Path.Combine(directory, $"file{i}.txt");
            using (FileStream stream = new(path, FileMode.CreateNew))
            {
                stream.Write(buffer, 0, size);
            }

            total += size;
            list.Write(path);
            list.Write('\0');
        }

        return (total, listFile);
    }
}
