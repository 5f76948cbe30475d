using Paperclip.Workspaces.Snapshots;

namespace Paperclip.Workspaces.Merging;

/// <summary>
/// The tree a remote run produced, as the merge reads it: its manifest, and the bytes of each file it lists. A staging
/// directory implements it here (<see cref="StagingDirectory"/>); a remote implementation fetches only changed files.
/// </summary>
public interface IIncomingTree
{
    /// <summary>The incoming tree's manifest (taken with the baseline's excludes).</summary>
    Manifest Manifest { get; }

    /// <summary>
    /// Opens the bytes of the file at <paramref name="path"/>, which the manifest lists as a file. Throws
    /// <see cref="InvalidOperationException"/> for a path it does not list as one, and <see cref="IOException"/> when the
    /// file is no longer what the manifest says.
    /// </summary>
    Task<Stream> OpenFileAsync(string path, CancellationToken cancellationToken);
}
