namespace Paperclip.Core.Domain;

/// <summary>
/// What finalize brought back from a remote run, as recorded on its <c>workspace_finalize</c> operation and shown in the
/// run's view: the paths written and deleted, the conflicts (the local version kept, the remote one beside it), and
/// the refusal when the merge applied nothing. Path lists are capped at <see cref="ListLimit"/> (the counts are whole).
/// </summary>
/// <param name="FilesFetched">Changed files whose bytes came back from the box.</param>
/// <param name="BytesFetched">Their bytes.</param>
/// <param name="WrittenCount">Paths the remote's version was written to (conflict copies included).</param>
/// <param name="DeletedCount">Paths deleted.</param>
/// <param name="Written">The first <see cref="ListLimit"/> written paths.</param>
/// <param name="Deleted">The first <see cref="ListLimit"/> deleted paths.</param>
/// <param name="Conflicts">The first <see cref="ListLimit"/> conflicts.</param>
/// <param name="ConflictCount">How many paths both sides changed.</param>
/// <param name="Refused">Why nothing was applied, or null.</param>
public sealed record WorkspaceMergeReport(
    int FilesFetched,
    long BytesFetched,
    int WrittenCount,
    int DeletedCount,
    IReadOnlyList<string> Written,
    IReadOnlyList<string> Deleted,
    int ConflictCount,
    IReadOnlyList<WorkspaceMergeConflict> Conflicts,
    WorkspaceMergeRefusal? Refused)
{
    /// <summary>How many paths of each list are kept (a table row holds at most 64 KiB).</summary>
    public const int ListLimit = 100;

    /// <summary>For a git-backed workspace whose run committed on the box: how its history came back.</summary>
    public WorkspaceHistoryReport? History { get; init; }
}

/// <summary>How a remote run's commits came back into the local repository.</summary>
/// <param name="Outcome"><c>unchanged</c>, <c>local_ahead</c>, <c>fast_forward</c>, <c>merged</c> or <c>diverged</c>.</param>
/// <param name="Head">The local head after it.</param>
/// <param name="KeptRef">For <c>diverged</c>: the ref holding the box's head (the local branch was left alone).</param>
public sealed record WorkspaceHistoryReport(string Outcome, string Head, string? KeptRef);

/// <summary>A path both sides changed: the local version kept, the remote one at <paramref name="KeptAs"/>.</summary>
/// <param name="Path">The workspace path.</param>
/// <param name="Kind"><c>edit_edit</c>, <c>add_add</c>, <c>edit_delete</c>, <c>delete_edit</c> or <c>type_change</c>.</param>
/// <param name="LocalState">What the local side did.</param>
/// <param name="RemoteState">What the remote side did.</param>
/// <param name="KeptAs">Where the remote version was written, or null when the remote deleted it.</param>
public sealed record WorkspaceMergeConflict(string Path, string Kind, string LocalState, string RemoteState, string? KeptAs);

/// <summary>Why a merge applied nothing.</summary>
/// <param name="Code">Stable: <c>path_escapes_workspace</c>, <c>symlink_escapes_workspace</c>, <c>special_file</c>, …</param>
/// <param name="Message">For people.</param>
/// <param name="Path">The path at fault, if one.</param>
public sealed record WorkspaceMergeRefusal(string Code, string Message, string? Path);
