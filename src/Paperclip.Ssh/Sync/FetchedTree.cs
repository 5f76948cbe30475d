using System.Formats.Tar;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Paperclip.Workspaces.Merging;
using Paperclip.Workspaces.Snapshots;
using Renci.SshNet;

namespace Paperclip.Ssh.Sync;

/// <summary>
/// A remote run's tree, as the merge reads it: the box's own manifest (<see cref="RemoteSnapshot"/>), and the bytes of
/// exactly the files that differ from the baseline, fetched in one tar stream over one channel. The tar is read here
/// entry by entry and trusted for nothing (H-P3): each entry must be a regular file that was asked for, and its bytes
/// must hash to what the manifest says; it is written under a flat, generated name in a local staging directory, never
/// under the name the archive gives. Unchanged files are never fetched (the merge never reads them).
/// </summary>
public sealed class FetchedTree : IIncomingTree
{
    readonly Dictionary<string, string> fetched;

    FetchedTree(Manifest manifest, Dictionary<string, string> fetched, long bytes)
    {
        this.Manifest = manifest;
        this.fetched = fetched;
        this.BytesFetched = bytes;
    }

    /// <inheritdoc/>
    public Manifest Manifest { get; }

    /// <summary>How many file bytes came over the connection.</summary>
    public long BytesFetched { get; }

    /// <summary>How many files came over the connection.</summary>
    public int FilesFetched => this.fetched.Count;

    /// <summary>
    /// Snapshots <paramref name="remoteDirectory"/> on the box and fetches the files that differ from
    /// <paramref name="baseline"/> into <paramref name="staging"/> (an empty local directory the caller owns and removes).
    /// </summary>
    public static async Task<FetchedTree> FetchAsync(SshClient client, string remoteDirectory, Manifest baseline, string staging, TimeProvider time, CancellationToken cancellationToken, TransferCodec codec = TransferCodec.None)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(baseline);
        Manifest remote = await RemoteSnapshot.TakeAsync(client, remoteDirectory, ExcludeRules.FromPatterns(baseline.Excludes), time, cancellationToken).ConfigureAwait(false);
        Dictionary<string, ManifestEntry> wanted = new(StringComparer.Ordinal);
        foreach (ManifestEntry entry in remote.Entries.Where(e => e.Kind == EntryKind.File))
        {
            // Content or execute bits: a mode-only change is written from the file too.
            if (baseline.Find(entry.Path) is not { } before || !before.SameContentAs(entry))
            {
                wanted[entry.Path] = entry;
            }
        }

        Dictionary<string, string> fetched = new(StringComparer.Ordinal);
        long bytes = 0;
        if (wanted.Count > 0)
        {
            bytes = await FetchFilesAsync(client, remoteDirectory, wanted, staging, fetched, codec, cancellationToken).ConfigureAwait(false);
        }

        return new FetchedTree(remote, fetched, bytes);
    }

    /// <inheritdoc/>
    public Task<Stream> OpenFileAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (this.Manifest.Find(path) is not { Kind: EntryKind.File })
        {
            throw new InvalidOperationException($"The incoming tree lists no file '{path}'.");
        }

        return this.fetched.TryGetValue(path, out string? blob)
            ? Task.FromResult<Stream>(new FileStream(blob, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan))
            : throw new IOException($"The incoming file '{path}' is unchanged since the baseline and was not fetched.");
    }

    static async Task<long> FetchFilesAsync(SshClient client, string remoteDirectory, Dictionary<string, ManifestEntry> wanted, string staging, Dictionary<string, string> fetched, TransferCodec codec, CancellationToken cancellationToken)
    {
        // Names go through stdin, NUL-separated: never a command line, never read as options.
        using SshCommand tar = client.CreateCommand($"cd {RemoteShell.Quote(remoteDirectory)} && tar -c -f - --null --no-recursion -T -{TransferCodecs.RemoteCompress(codec)}");
        Task execution = await RemoteCommand.StartAsync(tar, cancellationToken).ConfigureAwait(false);
        using (Stream input = RemoteCommand.TryInputStream(tar) ?? Stream.Null)
        {
            byte[] list = Encoding.UTF8.GetBytes(string.Concat(wanted.Keys.Select(k => k + "\0")));
            await input.WriteAsync(list, cancellationToken).ConfigureAwait(false);
        }

        long bytes = 0;
        byte[] buffer = new byte[128 * 1024];
        Stream decoded = TransferCodecs.Decompressing(tar.OutputStream, codec);
        TarReader reader = new(decoded, leaveOpen: true);
        await using (decoded.ConfigureAwait(false))
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                    || !wanted.TryGetValue(entry.Name, out ManifestEntry? expected) || fetched.ContainsKey(entry.Name))
                {
                    throw new IOException($"The remote archive holds an entry that was not asked for ('{entry.Name}', {entry.EntryType}); nothing was taken from it.");
                }

                string blob = Path.Combine(staging, fetched.Count.ToString(CultureInfo.InvariantCulture) + ".fetched");
                using IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                FileStream file = new(blob, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0);
                await using (file.ConfigureAwait(false))
                {
                    if (entry.DataStream is { } data)
                    {
                        int read;
                        while ((read = await data.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                        {
                            hash.AppendData(buffer, 0, read);
                            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                            bytes += read;
                        }
                    }
                }

                if (!hash.GetHashAndReset().AsSpan().SequenceEqual(expected.Sha256.Span))
                {
                    throw new IOException($"The remote file '{entry.Name}' changed while it was fetched (its bytes do not match the box's manifest).");
                }

                fetched[entry.Name] = blob;
            }
        }

        await execution.ConfigureAwait(false);
        if (tar.ExitStatus != 0 || fetched.Count != wanted.Count)
        {
            throw new IOException($"Fetching {wanted.Count} changed files from the box failed ({fetched.Count} received; tar {RemoteCommand.Outcome(tar)}).");
        }

        return bytes;
    }
}
