using Paperclip.Workspaces.Snapshots;

namespace Paperclip.Workspaces.Merging;

/// <summary>
/// Paths inside a workspace, resolved and checked component by component: every parent must be a real directory
/// (never a symlink), so no write or delete can be steered outside the root by a link planted on the way.
/// </summary>
internal static class WorkspacePaths
{
    /// <summary>The full path of <paramref name="relative"/>; throws when a parent is missing (unless created) or not a plain directory.</summary>
    internal static string Resolve(string root, string relative, bool createParents)
    {
        string current = root;
        string[] segments = relative.Split('/');
        for (int i = 0; i < segments.Length - 1; i++)
        {
            current = Path.Join(current, segments[i]);
            switch (KindOf(current))
            {
                case NativeStat.TypeDirectory:
                    break;
                case 0 when createParents:
                    Directory.CreateDirectory(current);
                    if (KindOf(current) != NativeStat.TypeDirectory)
                    {
                        throw new IOException($"'{relative}': a parent could not be made a plain directory.");
                    }

                    break;
                default:
                    throw new IOException($"'{relative}': a parent is not a plain directory (a symlink, a file, or missing).");
            }
        }

        return Path.Join(current, segments[^1]);
    }

    /// <summary>The type bits of what is at <paramref name="full"/> without following it, or 0 when nothing is.</summary>
    internal static int KindOf(string full)
    {
        if (NativeStat.TryStat(full, out NativeStat.Stat stat))
        {
            return stat.Mode & NativeStat.TypeMask;
        }

        FileInfo info = new(full);
        return info.LinkTarget is not null ? NativeStat.TypeSymlink
            : Directory.Exists(full) ? NativeStat.TypeDirectory
            : info.Exists ? NativeStat.TypeFile
            : 0;
    }
}
