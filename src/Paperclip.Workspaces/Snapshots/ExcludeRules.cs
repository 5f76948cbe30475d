namespace Paperclip.Workspaces.Snapshots;

/// <summary>
/// Which paths a snapshot, a transfer and a merge leave alone — one set, the same for all three, so a file excluded
/// from the transfer can never look deleted to the merge (upstream's H-M6). A pattern without <c>/</c> is a name glob
/// (<c>*</c>, <c>?</c>) matched against every segment at any depth, excluding that entry and everything under it; a
/// pattern with <c>/</c> is a path glob anchored at the root.
/// </summary>
public sealed class ExcludeRules
{
    /// <summary>Upstream's set, always applied: the control plane's runtime directory and macOS resource forks.</summary>
    public static readonly IReadOnlyList<string> Always = [".paperclip-runtime", "._*"];

    readonly string[] names;
    readonly string[] paths;

    ExcludeRules(IReadOnlyList<string> patterns)
    {
        this.Patterns = patterns;
        this.names = [.. patterns.Where(p => !p.Contains('/', StringComparison.Ordinal))];
        this.paths = [.. patterns.Where(p => p.Contains('/', StringComparison.Ordinal)).Select(p => p.Trim('/'))];
    }

    /// <summary>The patterns in force, <see cref="Always"/> first, de-duplicated.</summary>
    public IReadOnlyList<string> Patterns { get; }

    /// <summary>The name globs (no <c>/</c>): what a remote walk can prune by name at any depth, as this walk does.</summary>
    public IReadOnlyList<string> NamePatterns => this.names;

    /// <summary>
    /// The rules for a workspace: <see cref="Always"/>, <c>.git</c> when the workspace is git-backed (its history
    /// travels by git, as upstream; otherwise a <c>.git</c> directory is plain files), and the configured patterns.
    /// </summary>
    public static ExcludeRules For(bool gitBacked, IEnumerable<string>? configured = null)
    {
        List<string> all = [.. Always];
        if (gitBacked)
        {
            all.Add(".git");
        }

        foreach (string pattern in configured ?? [])
        {
            string trimmed = pattern.Trim();
            if (trimmed.Length == 0 || trimmed.Split('/').Any(s => s is ".."))
            {
                throw new ArgumentException($"The exclude pattern '{pattern}' is empty or climbs out of the workspace.", nameof(configured));
            }

            all.Add(trimmed);
        }

        return new ExcludeRules([.. all.Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>Rules from a manifest's recorded patterns (so a merge uses exactly the snapshot's).</summary>
    public static ExcludeRules FromPatterns(IReadOnlyList<string> patterns) => new([.. patterns.Distinct(StringComparer.Ordinal)]);

    /// <summary>True when the entry <paramref name="name"/> at <paramref name="relativePath"/> is excluded (with its subtree).</summary>
    public bool IsExcluded(string relativePath, string name)
    {
        foreach (string pattern in this.names)
        {
            if (Glob.Matches(pattern, name))
            {
                return true;
            }
        }

        foreach (string pattern in this.paths)
        {
            if (Glob.Matches(pattern, relativePath))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when any segment of <paramref name="relativePath"/> (or a path prefix) is excluded.</summary>
    public bool IsExcludedPath(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        string[] segments = relativePath.Split('/');
        for (int i = 0; i < segments.Length; i++)
        {
            if (this.IsExcluded(string.Join('/', segments, 0, i + 1), segments[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A minimal glob: <c>*</c> is any run of characters (a path glob's <c>*</c> stays within a segment), <c>?</c> one.</summary>
    static class Glob
    {
        internal static bool Matches(string pattern, string text) => Match(pattern.AsSpan(), text.AsSpan());

        static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
        {
            while (pattern.Length > 0)
            {
                char p = pattern[0];
                if (p == '*')
                {
                    ReadOnlySpan<char> rest = pattern[1..];
                    for (int i = 0; i <= text.Length; i++)
                    {
                        if (Match(rest, text[i..]))
                        {
                            return true;
                        }

                        if (i < text.Length && text[i] == '/')
                        {
                            return false;
                        }
                    }

                    return false;
                }

                if (text.Length == 0 || (p != '?' && p != text[0]) || (p == '?' && text[0] == '/'))
                {
                    return false;
                }

                pattern = pattern[1..];
                text = text[1..];
            }

            return text.Length == 0;
        }
    }
}
