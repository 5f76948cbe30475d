using Paperclip.Workspaces.Snapshots;

namespace Paperclip.Workspaces.Merging;

/// <summary>What a restore merge does at one path.</summary>
public enum MergeStepKind
{
    /// <summary>Create the directory (the remote added it).</summary>
    CreateDirectory,

    /// <summary>Write the remote's file or symlink at the path (the remote changed it, the local side did not).</summary>
    Write,

    /// <summary>Write the remote's version beside the local one, under the conflict name (<see cref="MergeStep.TargetPath"/>).</summary>
    WriteConflictCopy,

    /// <summary>Delete the file or symlink (the remote deleted it, the local side did not change it).</summary>
    Delete,

    /// <summary>Remove the directory if, once every other step is done, it is empty (the remote deleted it).</summary>
    RemoveDirectoryIfEmpty,
}

/// <summary>One planned step: where, and from which incoming entry.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Path">The workspace path the step is about.</param>
/// <param name="TargetPath">Where it writes (the path itself, or its conflict name).</param>
/// <param name="Incoming">The incoming entry to write (writes only).</param>
/// <param name="Expected">What the local side must still be just before the step (null: absent), so an edit made during the merge is kept.</param>
public sealed record MergeStep(MergeStepKind Kind, string Path, string TargetPath, ManifestEntry? Incoming, ManifestEntry? Expected);

/// <summary>A path both sides changed differently: the local version is kept, the remote one recorded (and written beside it when there is one).</summary>
/// <param name="Path">The workspace path.</param>
/// <param name="Kind"><c>edit_edit</c>, <c>add_add</c>, <c>edit_delete</c> (local edited, remote deleted), <c>delete_edit</c> or <c>type_change</c>.</param>
/// <param name="LocalState"><c>modified</c>, <c>added</c>, <c>deleted</c> or <c>unchanged</c>, with the kind when it is not a file.</param>
/// <param name="RemoteState">The same for the remote side.</param>
/// <param name="KeptAs">Where the remote version was written, or null when the remote side deleted it.</param>
public sealed record MergeConflict(string Path, string Kind, string LocalState, string RemoteState, string? KeptAs);

/// <summary>Why a merge applies nothing. <see cref="Code"/> is stable.</summary>
/// <param name="Code">
/// <c>path_not_relative</c>, <c>path_escapes_workspace</c>, <c>path_through_symlink</c>, <c>symlink_escapes_workspace</c>,
/// <c>special_file</c>, <c>incoming_tree_empty</c> or <c>excludes_differ</c>.
/// </param>
/// <param name="Message">For people.</param>
/// <param name="Path">The path at fault, if one.</param>
public sealed record MergeRefusal(string Code, string Message, string? Path);

/// <summary>The plan of a restore merge: its steps in order, its conflicts, or the refusal that stopped it.</summary>
public sealed record MergePlan(IReadOnlyList<MergeStep> Steps, IReadOnlyList<MergeConflict> Conflicts, MergeRefusal? Refusal)
{
    /// <summary>A refused merge: nothing to apply.</summary>
    public static MergePlan Refused(MergeRefusal refusal) => new([], [], refusal);
}

/// <summary>
/// What finalize records on its <c>workspace_finalize</c> operation for a remote run: the paths written and deleted,
/// the conflicts (with where each remote version was kept), and the refusal, if the merge applied nothing.
/// </summary>
/// <param name="Written">Paths the remote's version was written to (conflict copies included).</param>
/// <param name="Deleted">Paths deleted (files, symlinks and emptied directories).</param>
/// <param name="Conflicts">Paths both sides changed.</param>
/// <param name="Refused">Why nothing was applied, or null.</param>
public sealed record MergeResult(IReadOnlyList<string> Written, IReadOnlyList<string> Deleted, IReadOnlyList<MergeConflict> Conflicts, MergeRefusal? Refused);
