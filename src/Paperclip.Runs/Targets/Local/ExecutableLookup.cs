namespace Paperclip.Runs.Targets.Local;

/// <summary>Finds the file a command names, as a shell would, before anything is started.</summary>
internal static class ExecutableLookup
{
    /// <summary>
    /// A name with a <c>/</c> is a path (relative ones from the working directory, as upstream's spawn with a cwd); a
    /// bare name is looked up on <paramref name="path"/>. Null when there is no such executable file.
    /// </summary>
    internal static string? Find(string program, string workingDirectory, string? path)
    {
        if (string.IsNullOrEmpty(program))
        {
            return null;
        }

        if (program.Contains('/', StringComparison.Ordinal) || Path.IsPathRooted(program))
        {
            string full = Path.GetFullPath(program, workingDirectory);
            return IsExecutable(full) ? full : null;
        }

        foreach (string dir in (path ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, program);
            if (IsExecutable(candidate))
            {
                return candidate;
            }

            if (OperatingSystem.IsWindows() && IsExecutable(candidate + ".exe"))
            {
                return candidate + ".exe";
            }
        }

        return null;
    }

    static bool IsExecutable(string file)
    {
        if (!File.Exists(file))
        {
            return false;
        }

        return OperatingSystem.IsWindows()
            || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }
}
