using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Enumeration;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using System.Runtime.CompilerServices;

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
    /// <param name="root">The workspace.</param>
    /// <param name="excludes">What to leave out.</param>
    /// <param name="previous">
    /// A manifest this class took (or read back) of the same tree, or null. Its unchanged files keep their hashes
    /// without being read, and with the same excludes its unchanged directories keep their lists of names without being
    /// listed again: their entries are stat'ed one by one all the same.
    /// </param>
    /// <param name="cancellationToken">Stops the walk.</param>
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
        Listing top = new(Path.GetFullPath(root), string.Empty, unchanged: false);
        List<Listing> level = [top];
        while (level.Count > 0)
        {
            Parallel.ForEach(level, parallel, walk.List);
            level = [.. level.SelectMany(l => l.Subdirectories)];
        }

        int unreadable = 0;
        Parallel.ForEach(walk.ToHash, parallel, item =>
        {
            byte[]? hash = Hash(item.FullPath);
            if (hash is null)
            {
                walk.Skipped.Add(new SkippedEntry(item.Entry.Path, "unreadable"));
                Interlocked.Increment(ref unreadable);
            }

            // Each item owns its own slot of its directory's list: parallel writes never touch the same one.
            item.Owner.Children[item.Slot] = hash is null ? null : item.Entry with { Sha256 = hash };
        });

        return new Manifest(InPathOrder(top, walk.Count - unreadable), excludes.Patterns, takenAt, [.. walk.Skipped.OrderBy(s => s.Path, StringComparer.Ordinal)]);
    }

    /// <summary>
    /// Hashes a file in a streaming read through one pooled buffer (never the whole file in memory): a file that fits
    /// is hashed in one call, a larger one chunk by chunk. Null when it cannot be read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static bool TryStat(NativeStat.DirectoryHandle? directory, string dirFull, ReadOnlySpan<char> name, out NativeStat.Stat stat, out FileStamp stamp)
    {
        if (directory is not null ? NativeStat.TryStatAt(directory, name, out stat) : NativeStat.TryStat(Path.Join(dirFull, name), out stat))
        {
            stamp = new FileStamp(stat.Size, stat.MtimeNs, stat.CtimeNs, stat.Inode, stat.Device);
            return true;
        }

        stamp = FileStamp.None;
        string full = Path.Join(dirFull, name);
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

    /// <summary>
    /// The walk's entries in ordinal path order, built from the per-directory lists without a global sort: a
    /// directory's children are sorted by name, and each subdirectory's whole subtree goes where its path plus
    /// <c>/</c> sorts among them (so <c>a</c>, <c>a.txt</c>, <c>a/x</c>: <c>.</c> sorts before <c>/</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static ManifestEntry[] InPathOrder(Listing top, int count)
    {
        ManifestEntry[] output = new ManifestEntry[count];
        int written = 0;
        Stack<Listing> open = new();
        open.Push(top.Ordered());
        while (open.Count > 0)
        {
            Listing at = open.Peek();
            List<ManifestEntry?> entries = at.Children;
            List<Listing> subtrees = at.Subdirectories;
            if (at.NextChild < entries.Count && (at.NextSubtree >= subtrees.Count || BeforeSubtree(entries[at.NextChild]!.Path, subtrees[at.NextSubtree].Relative)))
            {
                output[written++] = entries[at.NextChild++]!;
            }
            else if (at.NextSubtree < subtrees.Count)
            {
                open.Push(subtrees[at.NextSubtree++].Ordered());
            }
            else
            {
                open.Pop();
            }
        }

        return written == count ? output : throw new InvalidOperationException($"The walk counted {count} entries and ordered {written}.");
    }

    /// <summary>True when the sibling path <paramref name="path"/> sorts before everything under <paramref name="directory"/> (<c>directory + "/"</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static bool BeforeSubtree(string path, string directory)
    {
        int common = Math.Min(path.Length, directory.Length);
        int order = string.CompareOrdinal(path, 0, directory, 0, common);
        if (order != 0)
        {
            return order < 0;
        }

        // One is a prefix of the other: a shorter path sorts first; a longer one by its next character against '/'
        // (never '/' itself, or it would be under the directory, not beside it).
        return path.Length <= directory.Length || path[directory.Length] < '/';
    }

    /// <summary>
    /// One directory of the walk: its entries (a null slot for a file that could not be hashed), the subdirectories to
    /// list next, and, while the output is assembled, how far each list has been taken.
    /// </summary>
    sealed class Listing(string full, string relative, bool unchanged)
    {
        internal string Full { get; } = full;

        internal string Relative { get; } = relative;

        /// <summary>True when its stamp is the previous manifest's (so are its names).</summary>
        internal bool Unchanged { get; } = unchanged;

        internal List<ManifestEntry?> Children { get; } = [];

        internal List<Listing> Subdirectories { get; } = [];

        internal int NextChild { get; set; }

        internal int NextSubtree { get; set; }

        /// <summary>Drops the empty slots and sorts both lists in place; an unchanged directory's come in order already (from the previous manifest).</summary>
        internal Listing Ordered()
        {
            this.Children.RemoveAll(static c => c is null);
            if (!InOrder(this.Children, static c => c!.Path))
            {
                this.Children.Sort(static (a, b) => string.CompareOrdinal(a!.Path, b!.Path));
            }

            if (!InOrder(this.Subdirectories, static l => l.Relative))
            {
                this.Subdirectories.Sort(static (a, b) => string.CompareOrdinal(a.Relative, b.Relative));
            }

            return this;
        }

        static bool InOrder<T>(List<T> items, Func<T, string> key)
        {
            for (int i = 1; i < items.Count; i++)
            {
                if (string.CompareOrdinal(key(items[i - 1]), key(items[i])) >= 0)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>One walk's shared results; <see cref="List"/> runs on several directories at once.</summary>
    sealed class Walk
    {
        readonly ExcludeRules excludes;
        readonly Manifest? previous;
        readonly long trustedBeforeNs;

        // The previous manifest by directory; null when the excludes differ, so a directory's old list of names could be
        // wrong for this walk.
        readonly PreviousTree? known;
        int count;

        internal Walk(ExcludeRules excludes, Manifest? previous, long trustedBeforeNs)
        {
            this.excludes = excludes;
            this.previous = previous;
            this.trustedBeforeNs = trustedBeforeNs;
            this.known = previous is not null && previous.Excludes.SequenceEqual(excludes.Patterns, StringComparer.Ordinal) ? PreviousTree.Of(previous) : null;
        }

        internal ConcurrentBag<(Listing Owner, int Slot, ManifestEntry Entry, string FullPath)> ToHash { get; } = [];

        internal ConcurrentBag<SkippedEntry> Skipped { get; } = [];

        /// <summary>The entries recorded so far (each directory's list may still hold empty slots of failed hashes).</summary>
        internal int Count => this.count;

        /// <summary>
        /// Records a directory's entries and the subdirectories to list next. A directory whose stamp is unchanged (and
        /// was not racy) has the same names as before: creating, removing or renaming an entry in it changes its mtime
        /// and ctime. Its names are then taken from the previous manifest instead of being listed; each is still stat'ed,
        /// since a file's own change does not touch its directory.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        internal void List(Listing directory)
        {
            using NativeStat.DirectoryHandle? handle = NativeStat.DirectoryHandle.TryOpen(directory.Full);
            if (directory.Unchanged && this.known is not null && this.known.TryFind(directory.Relative, out int known))
            {
                directory.Children.EnsureCapacity(this.known.ChildCount(known));
                for (int child = this.known.FirstChild(known); child >= 0; child = this.known.NextSibling(child))
                {
                    ManifestEntry entry = this.known.Entry(child);
                    this.Visit(handle, directory, entry.Path, entry);
                }

                foreach (string skipped in this.known.Skipped(known))
                {
                    this.Visit(handle, directory, skipped, null);
                }

                Interlocked.Add(ref this.count, directory.Children.Count);
                return;
            }

            List<string> listed;
            try
            {
                listed = [.. new FileSystemEnumerable<string>(directory.Full, static (ref FileSystemEntry e) => e.FileName.ToString(), ListOnly)];
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                this.Skipped.Add(new SkippedEntry(directory.Relative, "unreadable"));
                return;
            }

            // The previous entries of just this directory when the tree has them (a whole-manifest lookup would index
            // every path of the previous snapshot for the sake of one directory).
            Dictionary<string, ManifestEntry>? before = null;
            if (this.known is not null && this.known.TryFind(directory.Relative, out int number))
            {
                before = new(this.known.ChildCount(number), StringComparer.Ordinal);
                for (int child = this.known.FirstChild(number); child >= 0; child = this.known.NextSibling(child))
                {
                    before[this.known.Entry(child).Path] = this.known.Entry(child);
                }
            }

            foreach (string name in listed)
            {
                string relative = directory.Relative.Length == 0 ? name : $"{directory.Relative}/{name}";
                if (!this.excludes.IsExcluded(relative, name))
                {
                    // With the tree, a directory it lacks is new: nothing under it has a previous entry.
                    this.Visit(handle, directory, relative, this.known is null ? this.previous?.Find(relative) : before?.GetValueOrDefault(relative));
                }
            }

            Interlocked.Add(ref this.count, directory.Children.Count);
        }

        /// <summary>Stats one entry of <paramref name="directory"/> and records it; <paramref name="known"/> is its previous entry, if any.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void Visit(NativeStat.DirectoryHandle? handle, Listing directory, string relative, ManifestEntry? known)
        {
            ReadOnlySpan<char> name = relative.AsSpan(directory.Relative.Length == 0 ? 0 : directory.Relative.Length + 1);
            if (!TryStat(handle, directory.Full, name, out NativeStat.Stat stat, out FileStamp stamp))
            {
                this.Skipped.Add(new SkippedEntry(relative, "vanished"));
                return;
            }

            int mode = stat.Mode & 0xFFF;
            switch (stat.Mode & NativeStat.TypeMask)
            {
                case NativeStat.TypeDirectory:
                    stamp = stamp with { Size = 0 };
                    bool unchanged = known is { Kind: EntryKind.Directory } && this.Trusted(known, stamp);
                    directory.Children.Add(unchanged && known!.Mode == mode ? known : new ManifestEntry(relative, EntryKind.Directory, mode, 0, ReadOnlyMemory<byte>.Empty, null, stamp));
                    directory.Subdirectories.Add(new Listing(Path.Join(directory.Full, name), relative, unchanged));
                    break;
                case NativeStat.TypeSymlink:
                    // A link's target cannot change in place: an unchanged stamp is the same link.
                    stamp = stamp with { Size = 0 };
                    if (known is { Kind: EntryKind.Symlink } && this.Trusted(known, stamp))
                    {
                        directory.Children.Add(known.Mode == mode ? known : known with { Mode = mode });
                    }
                    else if (new FileInfo(Path.Join(directory.Full, name)).LinkTarget is { } target)
                    {
                        directory.Children.Add(new ManifestEntry(relative, EntryKind.Symlink, mode, 0, ReadOnlyMemory<byte>.Empty, target, stamp));
                    }
                    else
                    {
                        this.Skipped.Add(new SkippedEntry(relative, "vanished"));
                    }

                    break;
                case NativeStat.TypeFile:
                    if (known is { Kind: EntryKind.File } && this.Trusted(known, stamp))
                    {
                        // Unchanged: the previous entry itself, unless only its mode moved (a chmod changes ctime, so rarely).
                        directory.Children.Add(known.Mode == mode ? known : known with { Mode = mode });
                    }
                    else
                    {
                        ManifestEntry pending = new(relative, EntryKind.File, mode, stat.Size, ReadOnlyMemory<byte>.Empty, null, stamp);
                        this.ToHash.Add((directory, directory.Children.Count, pending, Path.Join(directory.Full, name)));
                        directory.Children.Add(null);
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

        /// <summary>True when the entry's stamp is what it was, and was old enough then to be trusted (see <see cref="RacyMargin"/>).</summary>
        bool Trusted(ManifestEntry known, FileStamp stamp) =>
            stamp.IsKnown && known.Stamp == stamp && stamp.MtimeNs < this.trustedBeforeNs && stamp.CtimeNs < this.trustedBeforeNs;
    }
}
