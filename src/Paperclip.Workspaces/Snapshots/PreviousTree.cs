using System.Runtime.CompilerServices;

namespace Paperclip.Workspaces.Snapshots;

/// <summary>
/// A previous manifest seen as a tree: each directory's entries, in path order, and the paths it skipped, so a walk can
/// take an unchanged directory's names from it instead of listing the directory again. Children are chained through
/// index arrays (no list per directory): a warm walk builds this for every snapshot, so it allocates next to nothing.
/// </summary>
internal sealed class PreviousTree
{
    readonly IReadOnlyList<ManifestEntry> entries;
    readonly Dictionary<string, int> directories;
    readonly int[] firstChild;
    readonly int[] nextSibling;
    readonly int[] childCount;
    readonly Dictionary<int, List<string>> skipped;

    PreviousTree(IReadOnlyList<ManifestEntry> entries, Dictionary<string, int> directories, int[] firstChild, int[] nextSibling, int[] childCount, Dictionary<int, List<string>> skipped)
    {
        this.childCount = childCount;
        this.entries = entries;
        this.directories = directories;
        this.firstChild = firstChild;
        this.nextSibling = nextSibling;
        this.skipped = skipped;
    }

    /// <summary>The tree of <paramref name="manifest"/>; null when it is not a whole walk's (an entry without its parent directory).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static PreviousTree? Of(Manifest manifest)
    {
        IReadOnlyList<ManifestEntry> entries = manifest.Entries;
        Dictionary<string, int> directories = new(StringComparer.Ordinal) { [string.Empty] = 0 };
        for (int i = 0; i < entries.Count; i++)
        {
            if (entries[i].Kind == EntryKind.Directory)
            {
                directories[entries[i].Path] = directories.Count;
            }
        }

        int[] firstChild = new int[directories.Count];
        int[] lastChild = new int[directories.Count];
        int[] childCount = new int[directories.Count];
        int[] nextSibling = new int[entries.Count];
        Array.Fill(firstChild, -1);
        Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> byPath = directories.GetAlternateLookup<ReadOnlySpan<char>>();

        // Entries in path order mostly follow a sibling: the last parent is checked before the dictionary.
        ReadOnlySpan<char> lastParentPath = "\0";
        int parent = -1;
        for (int i = 0; i < entries.Count; i++)
        {
            ReadOnlySpan<char> parentPath = ParentOf(entries[i].Path);
            if (!parentPath.SequenceEqual(lastParentPath))
            {
                if (!byPath.TryGetValue(parentPath, out parent))
                {
                    return null;
                }

                lastParentPath = parentPath;
            }

            nextSibling[i] = -1;
            if (firstChild[parent] < 0)
            {
                firstChild[parent] = i;
            }
            else
            {
                nextSibling[lastChild[parent]] = i;
            }

            lastChild[parent] = i;
            childCount[parent]++;
        }

        Dictionary<int, List<string>> skipped = [];
        foreach (SkippedEntry entry in manifest.Skipped)
        {
            if (directories.Remove(entry.Path))
            {
                // A directory that could not be listed: never taken as unchanged, so it is tried (and reported) again.
                continue;
            }

            if (!byPath.TryGetValue(ParentOf(entry.Path), out int directory))
            {
                return null;
            }

            (skipped.TryGetValue(directory, out List<string>? paths) ? paths : skipped[directory] = []).Add(entry.Path);
        }

        return new PreviousTree(entries, directories, firstChild, nextSibling, childCount, skipped);
    }

    /// <summary>The number of the directory at <paramref name="path"/> (the root is <c>""</c>).</summary>
    internal bool TryFind(string path, out int directory) => this.directories.TryGetValue(path, out directory);

    /// <summary>The index of the directory's first entry, or -1.</summary>
    internal int FirstChild(int directory) => this.firstChild[directory];

    /// <summary>How many entries the directory has.</summary>
    internal int ChildCount(int directory) => this.childCount[directory];

    /// <summary>The index of the entry after <paramref name="entry"/> in its directory, or -1.</summary>
    internal int NextSibling(int entry) => this.nextSibling[entry];

    /// <summary>The entry at <paramref name="index"/>.</summary>
    internal ManifestEntry Entry(int index) => this.entries[index];

    /// <summary>The paths the directory skipped (special files, unreadable ones).</summary>
    internal IReadOnlyList<string> Skipped(int directory) => this.skipped.TryGetValue(directory, out List<string>? paths) ? paths : [];

    static ReadOnlySpan<char> ParentOf(string path) => path.AsSpan(0, Math.Max(0, path.LastIndexOf('/')));
}
