namespace Paperclip.Workspaces.Merging;

/// <summary>The names conflict copies get: <c>dir/stem.paperclip-remote-&lt;run&gt;[&lt;suffix&gt;][-n].ext</c>, one scheme for the plan and the applier.</summary>
internal static class ConflictNames
{
    /// <summary>
    /// The candidate names for a copy of <paramref name="path"/>, in the order to try them: the plain one first, then
    /// <c>-2</c>, <c>-3</c>… The caller takes the first that is free.
    /// </summary>
    internal static IEnumerable<string> Candidates(string path, string shortRunId, string suffix = "")
    {
        int slash = path.LastIndexOf('/');
        (string dir, string name) = slash < 0 ? (string.Empty, path) : (path[..(slash + 1)], path[(slash + 1)..]);
        int dot = name.LastIndexOf('.');
        (string stem, string ext) = dot > 0 ? (name[..dot], name[dot..]) : (name, string.Empty);
        for (int n = 1; ; n++)
        {
            yield return $"{dir}{stem}.paperclip-remote-{shortRunId}{suffix}{(n == 1 ? string.Empty : $"-{n}")}{ext}";
        }
    }
}
