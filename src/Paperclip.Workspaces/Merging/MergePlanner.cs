using System.Runtime.CompilerServices;
using Paperclip.Workspaces.Snapshots;

namespace Paperclip.Workspaces.Merging;

/// <summary>How a restore merge may behave beyond the defaults.</summary>
/// <param name="RunId">The run whose remote tree comes back: its first 8 hex digits name conflict copies.</param>
/// <param name="IncomingIsReallyEmpty">The caller asserts an empty incoming tree is real (not a failed transfer).</param>
/// <param name="AllowEscapingSymlinks">Write incoming symlinks whose target leaves the workspace (off: refused).</param>
public sealed record MergeOptions(Guid RunId, bool IncomingIsReallyEmpty = false, bool AllowEscapingSymlinks = false)
{
    /// <summary>The short run id in conflict names.</summary>
    public string ShortRunId => this.RunId.ToString("N")[..8];
}

/// <summary>
/// Plans a three-way restore merge: from the baseline (what was sent to the remote), the local tree now and the
/// incoming tree, decides per path what to write, delete or keep — never overwriting a local change. Pure: it reads
/// manifests only; applying the plan safely is the applier's work.
/// </summary>
/// <remarks>
/// The rules: the remote changed and the local side did not → take the remote's (content, execute bit, symlink); the
/// local side changed and the remote did not → keep the local; both changed the same way → nothing; both changed
/// differently → keep the local, write the remote's beside it as <c>&lt;name&gt;.paperclip-remote-&lt;run&gt;[.ext]</c>
/// and record a conflict; the remote deleted and the local did not change → delete (a directory only once empty). A
/// directory the remote replaced by a file is replaced only if nothing under it changed locally.
/// </remarks>
public static class MergePlanner
{
    /// <summary>Plans the merge, or refuses it (then nothing is applied).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static MergePlan Plan(Manifest baseline, Manifest local, Manifest incoming, MergeOptions options)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(incoming);
        ArgumentNullException.ThrowIfNull(options);
        if (Refuse(baseline, local, incoming, options) is { } refusal)
        {
            return MergePlan.Refused(refusal);
        }

        IncomingChecks checks = new(local, incoming, options);

        List<MergeStep> steps = [];
        List<MergeConflict> conflicts = [];
        HashSet<string> taken = new(StringComparer.Ordinal);
        Dictionary<string, string> relocated = new(StringComparer.Ordinal);
        // One merge-join of the three sorted manifests: each path once, in order, with its entry on each side.
        (IReadOnlyList<ManifestEntry> bs, IReadOnlyList<ManifestEntry> ls, IReadOnlyList<ManifestEntry> rs) = (baseline.Entries, local.Entries, incoming.Entries);
        (int i, int j, int k) = (0, 0, 0);
        while (i < bs.Count || j < ls.Count || k < rs.Count)
        {
            string path;
            ManifestEntry? b, l, r;
            if (i < bs.Count && j < ls.Count && k < rs.Count && string.Equals(bs[i].Path, ls[j].Path, StringComparison.Ordinal) && string.Equals(bs[i].Path, rs[k].Path, StringComparison.Ordinal))
            {
                // The common case: the path is on all three sides.
                (b, l, r) = (bs[i++], ls[j++], rs[k++]);
                path = b.Path;
            }
            else
            {
                path = First(First(i < bs.Count ? bs[i].Path : null, j < ls.Count ? ls[j].Path : null), k < rs.Count ? rs[k].Path : null)!;
                b = i < bs.Count && string.Equals(bs[i].Path, path, StringComparison.Ordinal) ? bs[i++] : null;
                l = j < ls.Count && string.Equals(ls[j].Path, path, StringComparison.Ordinal) ? ls[j++] : null;
                r = k < rs.Count && string.Equals(rs[k].Path, path, StringComparison.Ordinal) ? rs[k++] : null;
            }

            if (r is not null && checks.Refusal(r, b) is { } bad)
            {
                return MergePlan.Refused(bad);
            }

            if (Same(b, r) && relocated.Count == 0)
            {
                // Unchanged remotely and not under a relocated directory: nothing to do (most paths).
                continue;
            }
            if (relocated.Count > 0 && RelocatedTarget(path, relocated) is { } moved)
            {
                // Under a remote directory that conflicted with a local file: it goes into the conflict copy.
                if (r is not null)
                {
                    steps.Add(new MergeStep(r.Kind == EntryKind.Directory ? MergeStepKind.CreateDirectory : MergeStepKind.WriteConflictCopy, path, moved, r, null));
                }

                continue;
            }

            bool remoteChanged = !Same(b, r);
            if (!remoteChanged)
            {
                continue;
            }

            bool localChanged = !Same(b, l);
            if (!localChanged && !(l is { Kind: EntryKind.Directory } && r is { Kind: not EntryKind.Directory } && ChangedUnder(path, baseline, local)))
            {
                PlanTakeRemote(steps, path, l, r);
                continue;
            }

            if (localChanged && Same(l, r))
            {
                continue;
            }

            string kind = b is null ? "add_add"
                : r is null ? "edit_delete"
                : l is null ? "delete_edit"
                : l.Kind != r.Kind ? "type_change"
                : "edit_edit";
            string? keptAs = null;
            if (r is not null)
            {
                (keptAs, bool alreadyThere) = ConflictName(path, r, options.ShortRunId, local, incoming, taken);
                if (alreadyThere)
                {
                    // An earlier merge of this run already kept it (a repeated merge writes no second copy).
                }
                else if (r.Kind == EntryKind.Directory)
                {
                    relocated[path] = keptAs;
                    steps.Add(new MergeStep(MergeStepKind.CreateDirectory, path, keptAs, r, null));
                }
                else
                {
                    steps.Add(new MergeStep(MergeStepKind.WriteConflictCopy, path, keptAs, r, null));
                }
            }

            conflicts.Add(new MergeConflict(path, kind, State(b, l), State(b, r), keptAs));
        }

        return new MergePlan(Order(steps), conflicts, null);
    }

    /// <summary>The ordinally smaller of two paths (null is past the end).</summary>
    static string? First(string? x, string? y) => x is null ? y : y is null || string.CompareOrdinal(x, y) <= 0 ? x : y;

    /// <summary>The remote's change where the local side made none.</summary>
    static void PlanTakeRemote(List<MergeStep> steps, string path, ManifestEntry? l, ManifestEntry? r)
    {
        if (r is null)
        {
            if (l is not null)
            {
                steps.Add(new MergeStep(l.Kind == EntryKind.Directory ? MergeStepKind.RemoveDirectoryIfEmpty : MergeStepKind.Delete, path, path, null, l));
            }

            return;
        }

        if (l is not null && l.Kind != r.Kind)
        {
            // A change of kind: the old one goes first (a directory only once its deleted children are gone).
            steps.Add(new MergeStep(l.Kind == EntryKind.Directory ? MergeStepKind.RemoveDirectoryIfEmpty : MergeStepKind.Delete, path, path, null, l));
        }

        if (r.Kind == EntryKind.Directory)
        {
            if (l is not { Kind: EntryKind.Directory })
            {
                steps.Add(new MergeStep(MergeStepKind.CreateDirectory, path, path, r, null));
            }

            return;
        }

        // After a change of kind the old entry is gone by the time this writes: the path must then be absent.
        steps.Add(new MergeStep(MergeStepKind.Write, path, path, r, l is not null && l.Kind != r.Kind ? null : l));
    }

    /// <summary>Deletions deepest first, then emptied directories deepest first, then new directories shallowest first, then writes.</summary>
    static List<MergeStep> Order(List<MergeStep> steps) =>
    [
        .. steps.Where(s => s.Kind == MergeStepKind.Delete).OrderByDescending(s => Depth(s.TargetPath)).ThenBy(s => s.TargetPath, StringComparer.Ordinal),
        .. steps.Where(s => s.Kind == MergeStepKind.RemoveDirectoryIfEmpty).OrderByDescending(s => Depth(s.TargetPath)).ThenBy(s => s.TargetPath, StringComparer.Ordinal),
        .. steps.Where(s => s.Kind == MergeStepKind.CreateDirectory).OrderBy(s => Depth(s.TargetPath)).ThenBy(s => s.TargetPath, StringComparer.Ordinal),
        .. steps.Where(s => s.Kind is MergeStepKind.Write or MergeStepKind.WriteConflictCopy).OrderBy(s => s.TargetPath, StringComparer.Ordinal),
    ];

    static int Depth(string path) => path.Count(c => c == '/');

    static bool Same(ManifestEntry? x, ManifestEntry? y) => x is null ? y is null : y is not null && x.SameContentAs(y);

    /// <summary>Anything under <paramref name="directory"/> added, changed or deleted locally since the baseline.</summary>
    static bool ChangedUnder(string directory, Manifest baseline, Manifest local)
    {
        string prefix = directory + "/";
        return local.Entries.Where(e => e.Path.StartsWith(prefix, StringComparison.Ordinal)).Any(e => !Same(baseline.Find(e.Path), e))
            || baseline.Entries.Where(e => e.Path.StartsWith(prefix, StringComparison.Ordinal)).Any(e => local.Find(e.Path) is null);
    }

    static string? RelocatedTarget(string path, Dictionary<string, string> relocated)
    {
        for (int slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
        {
            if (relocated.TryGetValue(path[..slash], out string? target))
            {
                return target + path[slash..];
            }
        }

        return null;
    }

    static string State(ManifestEntry? baseline, ManifestEntry? side)
    {
        string state = side is null ? (baseline is null ? "absent" : "deleted")
            : baseline is null ? "added"
            : Same(baseline, side) ? "unchanged"
            : "modified";
        return side is null || side.Kind == EntryKind.File ? state : $"{state} {side.Kind.ToString().ToLowerInvariant()}";
    }

    /// <summary>
    /// <c>dir/name.paperclip-remote-&lt;run&gt;.ext</c>, made unique against both trees and the copies already planned —
    /// or a copy of this run already in the local tree with exactly the incoming content (then nothing is written).
    /// </summary>
    static (string Name, bool AlreadyThere) ConflictName(string path, ManifestEntry remote, string shortRunId, Manifest local, Manifest incoming, HashSet<string> taken)
    {
        foreach (string candidate in ConflictNames.Candidates(path, shortRunId))
        {
            if (remote.Kind != EntryKind.Directory && local.Find(candidate) is { } existing && existing.SameContentAs(remote) && incoming.Find(candidate) is null && taken.Add(candidate))
            {
                return (candidate, true);
            }

            if (local.Find(candidate) is null && incoming.Find(candidate) is null && taken.Add(candidate))
            {
                return (candidate, false);
            }
        }

        throw new System.Diagnostics.UnreachableException("The conflict names never run out.");
    }

    /// <summary>The refusals of the trees as wholes (each incoming entry is checked during the merge-join).</summary>
    static MergeRefusal? Refuse(Manifest baseline, Manifest local, Manifest incoming, MergeOptions options)
    {
        if (!incoming.Excludes.Order(StringComparer.Ordinal).SequenceEqual(baseline.Excludes.Order(StringComparer.Ordinal))
            || !local.Excludes.Order(StringComparer.Ordinal).SequenceEqual(baseline.Excludes.Order(StringComparer.Ordinal)))
        {
            return new MergeRefusal("excludes_differ", "The trees were not taken with the same excludes; a file excluded from one would look deleted.", null);
        }

        if (incoming.Skipped.FirstOrDefault(s => s.Reason is "socket" or "fifo" or "device") is { } special)
        {
            return new MergeRefusal("special_file", $"The incoming tree has a {special.Reason}; only files, directories and symlinks are brought back.", special.Path);
        }

        if (incoming.Entries.Count == 0 && baseline.Entries.Count > 0 && !options.IncomingIsReallyEmpty)
        {
            return new MergeRefusal("incoming_tree_empty", "The incoming tree is empty while the baseline is not (likely a failed transfer); nothing was deleted.", null);
        }

        return null;
    }

    static MergeRefusal? PathRefusal(string path)
    {
        if (path.Length == 0 || path[0] == '/' || path.Contains('\0', StringComparison.Ordinal) || (path.Length > 1 && path[1] == ':'))
        {
            return new MergeRefusal("path_not_relative", $"The incoming path '{path}' is not relative to the workspace.", path);
        }

        foreach (Range range in path.AsSpan().Split('/'))
        {
            if (path.AsSpan(range) is "" or "." or "..")
            {
                return new MergeRefusal("path_escapes_workspace", $"The incoming path '{path}' has an empty, '.' or '..' segment.", path);
            }
        }

        return null;
    }

    /// <summary>The checks of each incoming entry, made during the merge-join (a refusal discards the plan so far).</summary>
    sealed class IncomingChecks
    {
        readonly Manifest incoming;
        readonly MergeOptions options;
        readonly HashSet<string> incomingLinks;
        readonly HashSet<string> localLinks;
        string checkedParent = "\0";

        internal IncomingChecks(Manifest local, Manifest incoming, MergeOptions options)
        {
            this.incoming = incoming;
            this.options = options;

            // Symlinks are few: a path is checked against them parent by parent, not by a lookup of every parent.
            this.incomingLinks = [.. incoming.Entries.Where(e => e.Kind == EntryKind.Symlink).Select(e => e.Path)];
            this.localLinks = [.. local.Entries.Where(e => e.Kind == EntryKind.Symlink).Select(e => e.Path)];
        }

        /// <summary>Why <paramref name="entry"/> (at the path of <paramref name="baseline"/>'s entry, if any) cannot be brought back, or null.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        internal MergeRefusal? Refusal(ManifestEntry entry, ManifestEntry? baseline)
        {
            // A path the baseline has came from a walk of the workspace itself: only a new one can be malformed.
            if (baseline is null && PathRefusal(entry.Path) is { } bad)
            {
                return bad;
            }

            // Siblings come together in path order: their parent is checked once.
            ReadOnlySpan<char> parent = entry.Path.AsSpan(0, Math.Max(0, entry.Path.LastIndexOf('/')));
            if ((this.incomingLinks.Count > 0 || this.localLinks.Count > 0) && !parent.SequenceEqual(this.checkedParent))
            {
                this.checkedParent = parent.ToString();
                HashSet<string>.AlternateLookup<ReadOnlySpan<char>> incomingLink = this.incomingLinks.GetAlternateLookup<ReadOnlySpan<char>>();
                HashSet<string>.AlternateLookup<ReadOnlySpan<char>> localLink = this.localLinks.GetAlternateLookup<ReadOnlySpan<char>>();
                for (int slash = entry.Path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = entry.Path.IndexOf('/', slash + 1))
                {
                    ReadOnlySpan<char> above = entry.Path.AsSpan(0, slash);
                    if (incomingLink.Contains(above) || (localLink.Contains(above) && this.incoming.IndexOf(above) < 0))
                    {
                        return new MergeRefusal("path_through_symlink", $"The incoming path '{entry.Path}' lies under a symlink; writing it would leave the directory it names.", entry.Path);
                    }
                }
            }

            return entry.Kind == EntryKind.Symlink && !this.options.AllowEscapingSymlinks && !Same(baseline, entry) && Escapes(entry.Path, entry.SymlinkTarget!)
                ? new MergeRefusal("symlink_escapes_workspace", $"The incoming symlink '{entry.Path}' points outside the workspace ('{entry.SymlinkTarget}').", entry.Path)
                : null;
        }
    }

    /// <summary>True when a link at <paramref name="linkPath"/> with <paramref name="target"/> resolves outside the root.</summary>
    static bool Escapes(string linkPath, string target)
    {
        if (target.Length == 0 || target[0] == '/')
        {
            return true;
        }

        int depth = Depth(linkPath);
        foreach (string segment in target.Split('/'))
        {
            depth += segment switch
            {
                "" or "." => 0,
                ".." => -1,
                _ => 1,
            };
            if (depth < 0)
            {
                return true;
            }
        }

        return false;
    }
}
