namespace Paperclip.Workspaces.Snapshots;

/// <summary>What a manifest entry is. Anything else (socket, FIFO, device) is never an entry: it is skipped and reported.</summary>
public enum EntryKind : byte
{
    /// <summary>A regular file.</summary>
    File = 1,

    /// <summary>A directory.</summary>
    Directory = 2,

    /// <summary>A symbolic link (never followed; its target text is recorded).</summary>
    Symlink = 3,
}
