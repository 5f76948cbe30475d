using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Enumeration;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Paperclip.Workspaces.Snapshots;

/// <summary>
/// Takes a <see cref="Manifest"/> of a workspace tree. The walk never follows a symlink (every entry is stat'ed
/// without following) and never opens a socket, FIFO or device (they are skipped and reported). Files are hashed in
/// parallel, bounded to the core count, streamed through pooled buffers. Given the previous manifest of the same tree,
/// a file whose stamp — size, mtime and ctime in nanoseconds, inode, device — is unchanged keeps its hash without
/// being read, unless its stamp was racy then (see <see cref="RacyMargin"/> and docs/environments.md).
/// </summary>
public sealed class SnapshotTaker(TimeProvider time)
{
    /// <summary>
    /// A cached hash is trusted only for a file whose mtime and ctime were this much older than the moment the previous
    /// walk began: a write in the same timestamp tick as that walk's read could otherwise leave the stamp unchanged.
    /// </summary>
    public static readonly TimeSpan RacyMargin = TimeSpan.FromSeconds(2);

    /// <summary>The pooled read buffer: files up to this size are hashed in one call.</summary>
    const int HashBufferBytes = 256 * 1024;

    static readonly EnumerationOptions ListOnly = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
    };

    /// <summary>Snapshots <paramref name="root"/>. A missing root is an error (an empty snapshot would read as "everything deleted").</summary>
    public Task<Manifest> TakeAsync(string root, ExcludeRules excludes, Manifest? previous, CancellationToken cancellationToken) =>
        Task.Run(() => this.Take(root, excludes, previous, cancellationToken), cancellationToken);

    /// <summary>Snapshots <paramref name="root"/> on the calling thread (and the pool's, for the parallel parts).</summary>
    public Manifest Take(string root, ExcludeRules excludes, Manifest? previous, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(excludes);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The workspace '{root}' does not exist.");
        }

        DateTimeOffset takenAt = time.GetUtcNow();
        long trustedBeforeNs = previous is null ? long.MinValue : (previous.TakenAt - RacyMargin).ToUnixTimeMilliseconds() * 1_000_000L;
        Walk walk = new(excludes, previous, trustedBeforeNs);

        // Level by level, each level's directories listed in parallel (the walk is stat-bound, not hash-bound).
        ParallelOptions parallel = new() { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        List<(string Full, string Relative)> level = [(Path.GetFullPath(root), string.Empty)];
        while (level.Count > 0)
        {
            ConcurrentBag<(string Full, string Relative)> next = [];
            Parallel.ForEach(level, parallel, directory => walk.List(directory.Full, directory.Relative, next));
            level = [.. next];
        }

        Parallel.ForEach(walk.ToHash, parallel, item =>
        {
            byte[]? hash = Hash(item.FullPath);
            if (hash is null)
            {
                walk.Skipped.Add(new SkippedEntry(item.Entry.Path, "unreadable"));
                return;
            }

            walk.Done.Add(item.Entry with { Sha256 = hash });
        });

        return new Manifest(walk.Done, excludes.Patterns, takenAt, [.. walk.Skipped.OrderBy(s => s.Path, StringComparer.Ordinal)]);
    }

    /// <summary>
    /// Hashes a file in a streaming read through one pooled buffer (never the whole file in memory): a file that fits
    /// is hashed in one call, a larger one chunk by chunk. Null when it cannot be read.
    /// </summary>
    internal static byte[]? Hash(string path)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(HashBufferBytes);
        try
        {
            using SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);
            long offset = 0;
            int read = Fill(file, buffer, offset);
            if (read < buffer.Length)
            {
                return SHA256.HashData(buffer.AsSpan(0, read));
            }

            using IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            while (read > 0)
            {
                hash.AppendData(buffer, 0, read);
                offset += read;
                read = Fill(file, buffer, offset);
            }

            return hash.GetHashAndReset();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads until the buffer is full or the file ends.</summary>
    static int Fill(SafeFileHandle file, byte[] buffer, long offset)
    {
        int total = 0;
        int read;
        while (total < buffer.Length && (read = RandomAccess.Read(file, buffer.AsSpan(total), offset + total)) > 0)
        {
            total += read;
        }

        return total;
    }

    /// <summary>statx where there is one; else the BCL's view, with no stamp (so nothing is reused).</summary>
    static bool TryStat(NativeStat.DirectoryHandle? directory, string name, string full, out NativeStat.Stat stat, out FileStamp stamp)
    {
        if (directory is not null ? NativeStat.TryStatAt(directory, name, out stat) : NativeStat.TryStat(full, out stat))
        {
            stamp = new FileStamp(stat.Size, stat.MtimeNs, stat.CtimeNs, stat.Inode, stat.Device);
            return true;
        }

        stamp = FileStamp.None;
        FileInfo info = new(full);
        if (!info.Exists && !Directory.Exists(full) && info.LinkTarget is null)
        {
            return false;
        }

        int type = info.LinkTarget is not null ? NativeStat.TypeSymlink
            : info.Attributes.HasFlag(FileAttributes.Directory) ? NativeStat.TypeDirectory
            : NativeStat.TypeFile;
        int mode = OperatingSystem.IsWindows() ? 0b110_100_100 : (int)info.UnixFileMode;
        stat = new NativeStat.Stat(type | mode, type == NativeStat.TypeFile ? info.Length : 0, 0, 0, info.LastWriteTimeUtc.Ticks * 100, 0);
        return true;
    }

    /// <summary>One walk's shared results; <see cref="List"/> runs on several directories at once.</summary>
    sealed class Walk(ExcludeRules excludes, Manifest? previous, long trustedBeforeNs)
    {
        internal ConcurrentBag<ManifestEntry> Done { get; } = [];

        internal ConcurrentBag<(ManifestEntry Entry, string FullPath)> ToHash { get; } = [];

        internal ConcurrentBag<SkippedEntry> Skipped { get; } = [];

        /// <summary>Records a directory's entries; its subdirectories go to <paramref name="next"/>.</summary>
        internal void List(string dirFull, string dirRelative, ConcurrentBag<(string Full, string Relative)> next)
        {
            IEnumerable<string> names;
            try
            {
                names = [.. new FileSystemEnumerable<string>(dirFull, static (ref FileSystemEntry e) => e.FileName.ToString(), ListOnly)];
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                this.Skipped.Add(new SkippedEntry(dirRelative, "unreadable"));
                return;
            }

            using NativeStat.DirectoryHandle? handle = NativeStat.DirectoryHandle.TryOpen(dirFull);
            foreach (string name in names)
            {
                string relative = dirRelative.Length == 0 ? name : $"{dirRelative}/{name}";
                if (excludes.IsExcluded(relative, name))
                {
                    continue;
                }

                string full = Path.Join(dirFull, name);
                if (!TryStat(handle, name, full, out NativeStat.Stat stat, out FileStamp stamp))
                {
                    this.Skipped.Add(new SkippedEntry(relative, "vanished"));
                    continue;
                }

                int mode = stat.Mode & 0xFFF;
                switch (stat.Mode & NativeStat.TypeMask)
                {
                    case NativeStat.TypeDirectory:
                        this.Done.Add(new ManifestEntry(relative, EntryKind.Directory, mode, 0, ReadOnlyMemory<byte>.Empty, null, stamp with { Size = 0 }));
                        next.Add((full, relative));
                        break;
                    case NativeStat.TypeSymlink:
                        if (new FileInfo(full).LinkTarget is not { } target)
                        {
                            this.Skipped.Add(new SkippedEntry(relative, "vanished"));
                            break;
                        }

                        this.Done.Add(new ManifestEntry(relative, EntryKind.Symlink, mode, 0, ReadOnlyMemory<byte>.Empty, target, stamp with { Size = 0 }));
                        break;
                    case NativeStat.TypeFile:
                        ManifestEntry? known = previous?.Find(relative);
                        bool reuse = known is { Kind: EntryKind.File } && stamp.IsKnown && known.Stamp == stamp
                            && stamp.MtimeNs < trustedBeforeNs && stamp.CtimeNs < trustedBeforeNs;
                        if (reuse)
                        {
                            // Unchanged: the previous entry itself, unless only its mode moved (a chmod changes ctime, so rarely).
                            this.Done.Add(known!.Mode == mode ? known : known with { Mode = mode });
                        }
                        else
                        {
                            this.ToHash.Add((new ManifestEntry(relative, EntryKind.File, mode, stat.Size, ReadOnlyMemory<byte>.Empty, null, stamp), full));
                        }

                        break;
                    default:
                        this.Skipped.Add(new SkippedEntry(relative, (stat.Mode & NativeStat.TypeMask) switch
                        {
                            NativeStat.TypeSocket => "socket",
                            NativeStat.TypeFifo => "fifo",
                            _ => "device",
                        }));
                        break;
                }
            }
        }
    }
}
