namespace Paperclip.Workspaces.Snapshots;

/// <summary>
/// A snapshot of a workspace tree: its entries in ordinal path order, the excludes it was taken with, when it was taken,
/// and what it skipped.
/// </summary>
public sealed class Manifest
{
    readonly Dictionary<string, ManifestEntry> byPath;

    /// <summary>Creates a manifest; entries are sorted and must have distinct paths.</summary>
    public Manifest(IEnumerable<ManifestEntry> entries, IReadOnlyList<string> excludes, DateTimeOffset takenAt, IReadOnlyList<SkippedEntry>? skipped = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ManifestEntry[] sorted = [.. entries];
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        this.Entries = sorted;
        this.byPath = new Dictionary<string, ManifestEntry>(this.Entries.Count, StringComparer.Ordinal);
        foreach (ManifestEntry entry in this.Entries)
        {
            if (!this.byPath.TryAdd(entry.Path, entry))
            {
                throw new ArgumentException($"The path '{entry.Path}' appears twice.", nameof(entries));
            }
        }

        this.Excludes = excludes;
        this.TakenAt = takenAt;
        this.Skipped = skipped ?? [];
    }

    /// <summary>The entries, in ordinal path order.</summary>
    public IReadOnlyList<ManifestEntry> Entries { get; }

    /// <summary>The exclude patterns it was taken with (a merge must use the same).</summary>
    public IReadOnlyList<string> Excludes { get; }

    /// <summary>When the walk began (the racy-stamp bound of the hash cache).</summary>
    public DateTimeOffset TakenAt { get; }

    /// <summary>Entries not recorded (special files, unreadable or vanished ones).</summary>
    public IReadOnlyList<SkippedEntry> Skipped { get; }

    /// <summary>Regular files and their bytes.</summary>
    public long TotalBytes => this.Entries.Where(e => e.Kind == EntryKind.File).Sum(e => e.Size);

    /// <summary>The entry at <paramref name="path"/>, or null.</summary>
    public ManifestEntry? Find(string path) => this.byPath.GetValueOrDefault(path);
}
