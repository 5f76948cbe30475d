namespace Paperclip.Secrets.Local;

/// <summary>
/// A small key file only its owner may read (mode 0600): created with that mode on first use, and refused when group
/// or others can read or write it. Only the path is ever reported, never the content.
/// </summary>
public static class OwnerOnlyFile
{
    const UnixFileMode Shared = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>True when the file exists.</summary>
    public static bool Exists(string path) => File.Exists(path);

    /// <summary>Throws when group or others can read or write <paramref name="path"/>.</summary>
    public static void EnsureOwnerOnly(string path, string what)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & Shared) != 0)
        {
            throw new InvalidOperationException($"The {what} file {path} is readable by other users; run chmod 600 on it.");
        }
    }

    /// <summary>The file's permission bits in octal (e.g. <c>644</c>), or null on Windows.</summary>
    public static string? Mode(string path) =>
        OperatingSystem.IsWindows() ? null : Convert.ToString((int)File.GetUnixFileMode(path), 8);

    /// <summary>Reads the trimmed content of an owner-only file, or creates it with <paramref name="generate"/>'s content.</summary>
    public static string ReadOrCreate(string path, Func<string> generate, string what)
    {
        ArgumentNullException.ThrowIfNull(generate);
        if (File.Exists(path))
        {
            EnsureOwnerOnly(path, what);
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string content = generate();
        FileStreamOptions create = new() { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using StreamWriter writer = new(path, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), create);
            writer.Write(content);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs.
            EnsureOwnerOnly(path, what);
            return File.ReadAllText(path).Trim();
        }

        return content;
    }
}
