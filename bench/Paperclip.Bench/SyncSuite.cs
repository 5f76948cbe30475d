using System.Diagnostics;
using Paperclip.Core.Domain.Environments;
using Paperclip.Core.Secrets;
using Paperclip.Ssh;
using Paperclip.Ssh.Sync;
using Paperclip.Testing;
using Paperclip.Workspaces.Merging;
using Paperclip.Workspaces.Snapshots;

namespace Paperclip.Bench;

/// <summary>
/// sync: the 20,000-file / 80 MB tree of the snapshot suite, sent to a box (a real sshd on 127.0.0.1, the same one for
/// every measurement) and brought back, beside OpenSSH's own <c>tar c | ssh … tar x</c> out and back of the same tree in
/// the same run. Ours, each time: the local snapshot, the mirror sync out, and back — the box's manifest, the fetch of
/// what differs, and the merge. Then a second run with 1 % of the files changed locally, then an unchanged re-sync. A
/// run's own copy of the mirror (<c>cp -a --reflink=auto</c> on the box) is reported beside, not inside, the sync times.
/// The disk is flushed before each timed part (see <see cref="Disk"/>).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public static class SyncSuite
{
    const int Files = 20_000;

    public static async Task<object> RunAsync()
    {
        await using SshdServer sshd = await SshdServer.StartAsync();
        string workspace = Path.Combine(Path.GetTempPath(), "paperclip-bench-sync-" + Guid.NewGuid().ToString("N")[..8]);
        string back = workspace + "-tar-back";
        try
        {
            (long bytes, string list) = TreeGenerator.Write(workspace, Files, seed: Files);
            File.Delete(list);
            await Task.Delay(SnapshotTaker.RacyMargin + TimeSpan.FromMilliseconds(500));
            await Disk.FlushAsync();

            double tarMs = await TarOverSshAsync(sshd, workspace, Path.Combine(sshd.WorkspaceRoot, "tar-out"), back);
            Console.Error.WriteLine($"[bench] tar | ssh | tar out and back: {tarMs:0} ms");

            SshEnvironmentConfig config = new("127.0.0.1", sshd.Port, sshd.User, sshd.WorkspaceRoot, null, sshd.KnownHostsLine, true);
            using SshConnection connection = await SshConnector.ConnectAsync(config, new SecretValue(sshd.PrivateKey), trustUnknownHostKey: false, CancellationToken.None);
            SnapshotTaker snapshots = new(TimeProvider.System);
            ExcludeRules excludes = ExcludeRules.For(false);
            string mirror = Path.Combine(sshd.WorkspaceRoot, ".paperclip-runtime", "mirrors", "bench");
            string run = Path.Combine(sshd.WorkspaceRoot, ".paperclip-runtime", "runs", "bench", "workspace");

            // The codec a run would choose for this box (zstd when it has it), and plain tar beside it on a mirror of its own.
            TransferCodec codec = File.Exists("/usr/bin/zstd") || File.Exists("/usr/local/bin/zstd") ? TransferCodec.Zstd : TransferCodec.None;
            (double plainFirst, _, _, _) = await RoundAsync(connection, snapshots, excludes, workspace, mirror + "-plain", run + "-plain", null, null, TransferCodec.None);
            Console.Error.WriteLine($"[bench] first sync, plain tar: {plainFirst:0} ms");
            (double first, SyncOutcome firstSync, double materialize, Manifest afterFirst) = await RoundAsync(connection, snapshots, excludes, workspace, mirror, run, null, null, codec);
            Console.Error.WriteLine($"[bench] first sync: {first:0} ms, {firstSync.FilesSent} files, {firstSync.BytesSent} bytes; materialize {materialize:0} ms");

            // A second run: 1 % of the files changed locally since the first.
            Random random = new(7);
            string[] paths = [.. afterFirst.Entries.Where(e => e.Kind == EntryKind.File).Select(e => e.Path).OrderBy(_ => random.Next()).Take(Files / 100)];
            foreach (string path in paths)
            {
                await File.AppendAllTextAsync(Path.Combine(workspace, path), "changed locally\n");
            }

            (double changed, SyncOutcome changedSync, _, Manifest afterChanged) = await RoundAsync(connection, snapshots, excludes, workspace, mirror, run, afterFirst, firstSync.Sent, codec);
            Console.Error.WriteLine($"[bench] changed: {changed:0} ms, {changedSync.FilesSent} files, {changedSync.BytesSent} bytes");
            (double unchanged, SyncOutcome unchangedSync, _, _) = await RoundAsync(connection, snapshots, excludes, workspace, mirror, run, afterChanged, changedSync.Sent, codec);
            Console.Error.WriteLine($"[bench] unchanged: {unchanged:0} ms, {unchangedSync.FilesSent} files");

            return new Dictionary<string, object>
            {
                ["suite"] = "sync",
                ["files"] = afterFirst.Entries.Count(e => e.Kind == EntryKind.File),
                ["bytes"] = bytes,
                ["first_ms"] = Math.Round(first, 1),
                ["tar_ssh_ms"] = Math.Round(tarMs, 1),
                ["ratio_first"] = Math.Round(first / tarMs, 2),
                ["codec"] = CodecName(codec),
                ["first_ms_plain"] = Math.Round(plainFirst, 1),
                ["ratio_first_plain"] = Math.Round(plainFirst / tarMs, 2),
                ["changed_ms"] = Math.Round(changed, 1),
                ["changed_bytes_sent"] = changedSync.BytesSent,
                ["changed_vs_first_bytes"] = Math.Round((double)changedSync.BytesSent / firstSync.BytesSent, 4),
                ["unchanged_ms"] = Math.Round(unchanged, 1),
                ["materialize_ms"] = Math.Round(materialize, 1),
            };
        }
        finally
        {
            foreach (string dir in new[] { workspace, back })
            {
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
        }
    }

    static string CodecName(TransferCodec codec) => codec == TransferCodec.Zstd ? "zstd" : "none";

    /// <summary>One run's sync: snapshot, out, (the run's copy, timed apart), back with the merge.</summary>
    static async Task<(double Ms, SyncOutcome Out, double MaterializeMs, Manifest Local)> RoundAsync(
        SshConnection connection, SnapshotTaker snapshots, ExcludeRules excludes, string workspace, string mirror, string run, Manifest? previous, Manifest? mirrored, TransferCodec codec)
    {
        await Disk.FlushAsync();
        Stopwatch watch = Stopwatch.StartNew();
        Manifest local = await snapshots.TakeAsync(workspace, excludes, previous, CancellationToken.None);
        SyncOutcome sent = await MirrorSync.SendAsync(connection.Client, workspace, mirror, local, mirrored, CancellationToken.None, codec);
        double outMs = watch.Elapsed.TotalMilliseconds;

        await Disk.FlushAsync();
        Stopwatch copy = Stopwatch.StartNew();
        await MirrorSync.MaterializeAsync(connection.Client, mirror, run, CancellationToken.None);
        double materialize = copy.Elapsed.TotalMilliseconds;

        await Disk.FlushAsync();
        watch.Restart();
        string staging = Directory.CreateTempSubdirectory("paperclip-bench-fetch-").FullName;
        try
        {
            FetchedTree incoming = await FetchedTree.FetchAsync(connection.Client, run, sent.Sent, staging, TimeProvider.System, CancellationToken.None, codec);
            MergeResult merged = await new MergeApplier(snapshots).ApplyAsync(workspace, sent.Sent, incoming, new MergeOptions(Guid.CreateVersion7()), CancellationToken.None);
            if (merged.Refused is not null || merged.Written.Count > 0 || merged.Conflicts.Count > 0)
            {
                throw new InvalidOperationException("The round trip changed the workspace.");
            }
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }

        Console.Error.WriteLine($"[bench]   out {outMs:0} ms (snapshot and send), back {watch.Elapsed.TotalMilliseconds:0} ms (box manifest, fetch, merge)");
        return (outMs + watch.Elapsed.TotalMilliseconds, sent, materialize, local);
    }

    /// <summary>OpenSSH's own: <c>tar c | ssh box tar x</c>, then <c>ssh box tar c | tar x</c>, timed together.</summary>
    static async Task<double> TarOverSshAsync(SshdServer sshd, string workspace, string remote, string back)
    {
        string knownHosts = Path.Combine(sshd.Root, "bench_known_hosts");
        await File.WriteAllTextAsync(knownHosts, sshd.KnownHostsLine + "\n");
        Directory.CreateDirectory(back);
        string ssh = $"ssh -p {sshd.Port} -i '{Path.Combine(sshd.Root, "user_key")}' -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile='{knownHosts}' {sshd.User}@127.0.0.1";
        string script = $"set -e; tar -c -f - -C '{workspace}' . | {ssh} \"mkdir -p '{remote}' && tar -x -f - -C '{remote}'\"; {ssh} \"tar -c -f - -C '{remote}' .\" | tar -x -f - -C '{back}'";
        ProcessStartInfo start = new("bash") { RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        Stopwatch watch = Stopwatch.StartNew();
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? watch.Elapsed.TotalMilliseconds : throw new InvalidOperationException($"tar over ssh failed: {error}");
    }
}
