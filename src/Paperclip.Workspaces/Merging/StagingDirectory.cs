using Paperclip.Workspaces.Snapshots;

namespace Paperclip.Workspaces.Merging;

/// <summary>
/// An incoming tree in a local directory (where a transfer unpacked the remote's files). Reads never leave it: a file
/// is opened only if the manifest lists it, every parent on its way is still a real directory (not a symlink), and the
/// opened path is still the regular file the manifest recorded (same inode and size).
/// </summary>
public sealed class StagingDirectory : IIncomingTree
{
    readonly string root;

    StagingDirectory(string root, Manifest manifest) => (this.root, this.Manifest) = (root, manifest);

    /// <inheritdoc/>
    public Manifest Manifest { get; }

    /// <summary>Snapshots the staging directory with the baseline's excludes.</summary>
    public static async Task<StagingDirectory> OpenAsync(string root, ExcludeRules excludes, SnapshotTaker snapshots, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        string full = Path.GetFullPath(root);
        return new StagingDirectory(full, await snapshots.TakeAsync(full, excludes, null, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc/>
    public Task<Stream> OpenFileAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        cancellationToken.ThrowIfCancellationRequested();
        if (this.Manifest.Find(path) is not { Kind: EntryKind.File } entry)
        {
            throw new InvalidOperationException($"The incoming tree lists no file '{path}'.");
        }

        string file;
        try
        {
            // Every parent on the way must still be a plain directory (the workspace's own rule for paths).
            file = WorkspacePaths.Resolve(this.root, path, createParents: false);
        }
        catch (IOException ex)
        {
            throw new IOException($"The incoming file '{path}' is no longer under a plain directory.", ex);
        }

        FileStream stream = new(file, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, BufferSize = 0 });
        try
        {
            // Checked after opening, so what is read is what was checked: still a regular file, the one the manifest saw.
            bool same = NativeStat.TryStat(file, out NativeStat.Stat now)
                ? (now.Mode & NativeStat.TypeMask) == NativeStat.TypeFile && (!entry.Stamp.IsKnown || now.Inode == entry.Stamp.Inode) && now.Size == entry.Size
                : new FileInfo(file) is { LinkTarget: null, Length: var length } && length == entry.Size;
            return same ? Task.FromResult<Stream>(stream) : throw new IOException($"The incoming file '{path}' changed since the incoming tree was read.");
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }
}
