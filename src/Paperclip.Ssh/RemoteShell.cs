namespace Paperclip.Ssh;

/// <summary>Text for the remote POSIX shell.</summary>
internal static class RemoteShell
{
    /// <summary>One single-quoted word: nothing in it is expanded (a <c>'</c> is written <c>'\''</c>).</summary>
    internal static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
