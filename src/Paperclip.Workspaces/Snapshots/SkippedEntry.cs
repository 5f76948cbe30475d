namespace Paperclip.Workspaces.Snapshots;

/// <summary>An entry a snapshot did not record and why (a socket, FIFO or device is never opened; an unreadable entry is reported).</summary>
/// <param name="Path">The relative path.</param>
/// <param name="Reason"><c>socket</c>, <c>fifo</c>, <c>device</c>, <c>unreadable</c> or <c>vanished</c>.</param>
public sealed record SkippedEntry(string Path, string Reason);
