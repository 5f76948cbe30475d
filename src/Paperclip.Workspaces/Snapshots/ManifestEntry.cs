namespace Paperclip.Workspaces.Snapshots;

/// <summary>
/// One entry of a workspace manifest. <see cref="Path"/> is relative to the workspace root, <c>/</c>-separated, with
/// no leading <c>./</c>, no empty, <c>.</c> or <c>..</c> segment.
/// </summary>
/// <param name="Path">The relative path.</param>
/// <param name="Kind">File, directory or symlink.</param>
/// <param name="Mode">The permission bits (<c>st_mode &amp; 07777</c>).</param>
/// <param name="Size">Bytes (files; 0 otherwise).</param>
/// <param name="Sha256">The SHA-256 of the bytes (files; empty otherwise).</param>
/// <param name="SymlinkTarget">The link's target text, verbatim (symlinks; null otherwise).</param>
/// <param name="Stamp">What the file system said about the entry when it was read: the key of the hash cache.</param>
public sealed record ManifestEntry(string Path, EntryKind Kind, int Mode, long Size, ReadOnlyMemory<byte> Sha256, string? SymlinkTarget, FileStamp Stamp)
{
    /// <summary>
    /// True when the two entries have the same content as far as a merge is concerned: same kind; files by hash and the
    /// execute bits; symlinks by target text; directories always.
    /// </summary>
    public bool SameContentAs(ManifestEntry other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return this.Kind == other.Kind && this.Kind switch
        {
            EntryKind.File => this.Sha256.Span.SequenceEqual(other.Sha256.Span) && ExecuteBits(this.Mode) == ExecuteBits(other.Mode),
            EntryKind.Symlink => string.Equals(this.SymlinkTarget, other.SymlinkTarget, StringComparison.Ordinal),
            _ => true,
        };
    }

    /// <summary>The execute bits of a mode: the part of a mode a merge carries over (umask noise is not).</summary>
    public static int ExecuteBits(int mode) => mode & 0b001_001_001;

    /// <summary>The hash as lower-case hex (files), else null.</summary>
    public string? Sha256Hex => this.Kind == EntryKind.File ? Convert.ToHexStringLower(this.Sha256.Span) : null;
}

/// <summary>
/// The file-system stamp of an entry: size (files; 0 otherwise), modification and status-change times in
/// nanoseconds, inode and device.
/// A regular file whose stamp is unchanged (and was not racy when it was read) still has the hash it had.
/// </summary>
public readonly record struct FileStamp(long Size, long MtimeNs, long CtimeNs, ulong Inode, ulong Device)
{
    /// <summary>No stamp (the platform gave none): never matches, so nothing is reused.</summary>
    public static FileStamp None => default;

    /// <summary>True when there is a stamp to compare.</summary>
    public bool IsKnown => this.Inode != 0 || this.CtimeNs != 0;
}
