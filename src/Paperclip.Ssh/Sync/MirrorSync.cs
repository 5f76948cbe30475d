using System.Formats.Tar;
using System.Security.Cryptography;
using Paperclip.Workspaces.Snapshots;
using Renci.SshNet;

namespace Paperclip.Ssh.Sync;

/// <summary>What one sync out did.</summary>
/// <param name="Sent">The manifest of exactly what the mirror now holds (the merge's baseline, H-M9).</param>
/// <param name="FilesSent">Files whose bytes went over the connection.</param>
/// <param name="BytesSent">Their bytes.</param>
/// <param name="Removed">Paths removed from the mirror.</param>
public sealed record SyncOutcome(Manifest Sent, int FilesSent, long BytesSent, int Removed);

/// <summary>
/// Keeps a workspace's mirror on the box up to date incrementally (beyond upstream, which uploads everything every run,
/// H-S6): given the manifest of what the mirror holds, only what changed since is sent — removals first (their names
/// through a channel's stdin), then one tar stream of the new and changed entries into <c>tar -x</c>. A file that
/// changes while it is read is sent as read, and that is what the returned manifest records: the baseline is always
/// the bytes the box got.
/// </summary>
public static class MirrorSync
{
    /// <summary>
    /// Brings <paramref name="remoteMirror"/> to <paramref name="local"/> (a fresh snapshot of <paramref name="localRoot"/>).
    /// <paramref name="mirror"/> is what the mirror held after the last sync, or null: then it is rebuilt from nothing.
    /// </summary>
    public static async Task<SyncOutcome> SendAsync(SshClient client, string localRoot, string remoteMirror, Manifest local, Manifest? mirror, CancellationToken cancellationToken, TransferCodec codec = TransferCodec.None)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(local);
        string quoted = RemoteShell.Quote(remoteMirror);
        List<string> removed = [];
        if (mirror is null)
        {
            await RemoteCommand.RunAsync(client, $"rm -rf -- {quoted} && mkdir -p -- {quoted}", null, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            removed = [.. mirror.Entries.Where(m => local.Find(m.Path) is not { } now || now.Kind != m.Kind).Select(m => m.Path)];
            await RemoteCommand.RunAsync(client, removed.Count == 0 ? $"mkdir -p -- {quoted}" : $"mkdir -p -- {quoted} && cd {quoted} && xargs -0r rm -rf --",
                removed.Count == 0 ? null : string.Concat(removed.Select(p => p + "\0")), cancellationToken).ConfigureAwait(false);
        }

        ManifestEntry[] changed = [.. local.Entries.Where(e => mirror?.Find(e.Path) is not { } before || !Same(before, e))];
        Dictionary<string, (byte[] Hash, long Size)> sent = new(StringComparer.Ordinal);
        long bytes = 0;
        if (changed.Length > 0)
        {
            bytes = await SendTarAsync(client, localRoot, quoted, changed, sent, codec, cancellationToken).ConfigureAwait(false);
        }

        // The mirror now holds the local tree, except where a file changed as it was read: then what was read.
        ManifestEntry[] entries = [.. local.Entries.Select(e => sent.TryGetValue(e.Path, out (byte[] Hash, long Size) got) && !got.Hash.AsSpan().SequenceEqual(e.Sha256.Span)
            ? e with { Sha256 = got.Hash, Size = got.Size, Stamp = FileStamp.None }
            : e)];
        return new SyncOutcome(new Manifest(entries, local.Excludes, local.TakenAt, local.Skipped), sent.Count, bytes, removed.Count);
    }

    /// <summary>
    /// Makes the per-run directory a copy of the mirror (<c>cp -a --reflink=auto</c>: copy-on-write where the file system
    /// can, a plain copy elsewhere — never hard links, which an agent's in-place write would carry into the mirror).
    /// </summary>
    public static Task MaterializeAsync(SshClient client, string remoteMirror, string remoteRunDirectory, CancellationToken cancellationToken)
    {
        string run = RemoteShell.Quote(remoteRunDirectory);
        return RemoteCommand.RunAsync(client, $"rm -rf -- {run} && mkdir -p -- \"$(dirname -- {run})\" && cp -a --reflink=auto -- {RemoteShell.Quote(remoteMirror)} {run}", null, cancellationToken);
    }

    static bool Same(ManifestEntry mirror, ManifestEntry local) => mirror.Kind == local.Kind && mirror.Mode == local.Mode && mirror.SameContentAs(local);

    static async Task<long> SendTarAsync(SshClient client, string localRoot, string quotedMirror, ManifestEntry[] changed, Dictionary<string, (byte[] Hash, long Size)> sent, TransferCodec codec, CancellationToken cancellationToken)
    {
        using SshCommand tar = client.CreateCommand($"cd {quotedMirror} && {TransferCodecs.RemoteDecompress(codec)}tar -x -p -f -");
        Task execution = await RemoteCommand.StartAsync(tar, cancellationToken).ConfigureAwait(false);
        long bytes = 0;
        using (Stream input = RemoteCommand.TryInputStream(tar) ?? Stream.Null)
        {
            // Disposed inner to outer: the tar's end, the codec's last frame, then the channel's EOF.
            Stream encoded = TransferCodecs.Compressing(input, codec);
            await using (encoded.ConfigureAwait(false))
            {
                BufferedStream buffered = new(encoded, 256 * 1024);
                await using (buffered.ConfigureAwait(false))
                {
                    TarWriter writer = new(buffered, TarEntryFormat.Gnu, leaveOpen: true);
                    await using (writer.ConfigureAwait(false))
                    {
                        foreach (ManifestEntry entry in changed)
                        {
                            bytes += await WriteEntryAsync(writer, localRoot, entry, sent, cancellationToken).ConfigureAwait(false);
                        }
                    }

                    await buffered.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        await execution.ConfigureAwait(false);
        return tar.ExitStatus == 0
            ? bytes
            : throw new IOException($"Sending {changed.Length} entries to the box failed (tar {RemoteCommand.Outcome(tar)}).");
    }

    static async Task<long> WriteEntryAsync(TarWriter writer, string localRoot, ManifestEntry entry, Dictionary<string, (byte[] Hash, long Size)> sent, CancellationToken cancellationToken)
    {
        UnixFileMode mode = (UnixFileMode)(entry.Mode & 0xFFF);
        switch (entry.Kind)
        {
            case EntryKind.Directory:
                await writer.WriteEntryAsync(new GnuTarEntry(TarEntryType.Directory, entry.Path) { Mode = mode }, cancellationToken).ConfigureAwait(false);
                return 0;
            case EntryKind.Symlink:
                await writer.WriteEntryAsync(new GnuTarEntry(TarEntryType.SymbolicLink, entry.Path) { LinkName = entry.SymlinkTarget!, Mode = mode }, cancellationToken).ConfigureAwait(false);
                return 0;
            default:
                // Exactly the snapshot's size is sent (a file that grew is cut, one that shrank is padded): the header
                // holds the size before the bytes, and the hash of what was sent is what the baseline records.
                FileStream file = new(Path.Join(localRoot, entry.Path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 0, FileOptions.SequentialScan);
                await using (file.ConfigureAwait(false))
                {
                    using HashingSlice data = new(file, entry.Size);
                    await writer.WriteEntryAsync(new GnuTarEntry(TarEntryType.RegularFile, entry.Path) { Mode = mode, DataStream = data }, cancellationToken).ConfigureAwait(false);
                    sent[entry.Path] = (data.Hash(), entry.Size);
                    return entry.Size;
                }
        }
    }

    /// <summary>Exactly <c>length</c> bytes of a file (zero-padded if it shrank), hashed as they are read.</summary>
    sealed class HashingSlice(Stream inner, long length) : Stream
    {
        readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long position;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => this.position;
            set => throw new NotSupportedException();
        }

        public byte[] Hash() => this.hash.GetHashAndReset();

        public override int Read(byte[] buffer, int offset, int count) => this.Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int want = (int)Math.Min(buffer.Length, length - this.position);
            if (want <= 0)
            {
                return 0;
            }

            int read = inner.Read(buffer[..want]);
            if (read == 0)
            {
                // The file shrank since the snapshot: pad, so the archive stays whole.
                buffer[..want].Clear();
                read = want;
            }

            this.hash.AppendData(buffer[..read]);
            this.position += read;
            return read;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                this.hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
