using System.Runtime.CompilerServices;

namespace Paperclip.Workspaces.Snapshots;

/// <summary>
/// A snapshot of a workspace tree: its entries in ordinal path order, the excludes it was taken with, when it was taken,
/// and what it skipped.
/// </summary>
public sealed class Manifest
{
    readonly ManifestEntry[] entries;

    /// <summary>Creates a manifest; entries are sorted (kept as they are when already in order) and must have distinct paths.</summary>
    public Manifest(IEnumerable<ManifestEntry> entries, IReadOnlyList<string> excludes, DateTimeOffset takenAt, IReadOnlyList<SkippedEntry>? skipped = null)
        : this(Sorted(entries), excludes, takenAt, skipped)
    {
    }

    /// <summary>
    /// Creates a manifest that owns <paramref name="entries"/>, which must already be in strict path order (a walk's
    /// array, a file's entries): nothing is copied or sorted, and anything out of order is refused.
    /// </summary>
    internal Manifest(ManifestEntry[] entries, IReadOnlyList<string> excludes, DateTimeOffset takenAt, IReadOnlyList<SkippedEntry>? skipped)
    {
        if (!InOrder(entries))
        {
            throw new ArgumentException(Duplicate(entries) is { } twice ? $"The path '{twice}' appears twice." : "The entries are not in path order.", nameof(entries));
        }

        this.entries = entries;
        this.Excludes = excludes;
        this.TakenAt = takenAt;
        this.Skipped = skipped ?? [];
    }

    /// <summary>The entries, in ordinal path order.</summary>
    public IReadOnlyList<ManifestEntry> Entries => this.entries;

    /// <summary>The exclude patterns it was taken with (a merge must use the same).</summary>
    public IReadOnlyList<string> Excludes { get; }

    /// <summary>When the walk began (the racy-stamp bound of the hash cache).</summary>
    public DateTimeOffset TakenAt { get; }

    /// <summary>Entries not recorded (special files, unreadable or vanished ones).</summary>
    public IReadOnlyList<SkippedEntry> Skipped { get; }

    /// <summary>Regular files and their bytes.</summary>
    public long TotalBytes => this.entries.Where(e => e.Kind == EntryKind.File).Sum(e => e.Size);

    /// <summary>The entry at <paramref name="path"/>, or null: a binary search of the sorted entries (no index to build or keep).</summary>
    public ManifestEntry? Find(string path) => this.IndexOf(path) is >= 0 and int i ? this.entries[i] : null;

    /// <summary>The index of the entry at <paramref name="path"/>, else the bitwise complement of where it would go.</summary>
    public int IndexOf(ReadOnlySpan<char> path)
    {
        int low = 0;
        int high = this.entries.Length - 1;
        while (low <= high)
        {
            int middle = low + ((high - low) >> 1);
            int order = this.entries[middle].Path.AsSpan().SequenceCompareTo(path);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }

    /// <summary>True when every path is strictly greater than the one before (sorted, and no path twice).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static bool InOrder(ManifestEntry[] entries)
    {
        for (int i = 1; i < entries.Length; i++)
        {
            if (string.CompareOrdinal(entries[i - 1].Path, entries[i].Path) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    static ManifestEntry[] Sorted(IEnumerable<ManifestEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ManifestEntry[] sorted = [.. entries];
        if (!InOrder(sorted))
        {
            Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        }

        return sorted;
    }

    static string? Duplicate(ManifestEntry[] entries)
    {
        HashSet<string> seen = new(StringComparer.Ordinal);
        return entries.FirstOrDefault(e => !seen.Add(e.Path))?.Path;
    }
}
