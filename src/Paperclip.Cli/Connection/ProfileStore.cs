using System.Text.Json;
using System.Text.Json.Serialization;

namespace Paperclip.Cli.Connection;

/// <summary>One saved connection: where the control plane answers, the key to call it with, the company to act in.</summary>
public sealed record Profile(string Url, string Key, string? Company = null);

/// <summary>
/// The profiles <c>paperclip login</c> writes: <c>$XDG_CONFIG_HOME/paperclip/config.json</c> (else
/// <c>~/.config/paperclip/config.json</c>), readable by its owner only (0600), like <c>gh</c>'s hosts file. Keys live
/// here so that no command after login needs one on its command line.
/// </summary>
public sealed class ProfileStore(string path)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The file.</summary>
    public string Path { get; } = path;

    /// <summary>The store at the XDG location for <paramref name="environment"/>.</summary>
    public static ProfileStore ForEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string config = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : System.IO.Path.Combine(environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return new ProfileStore(System.IO.Path.Combine(config, "paperclip", "config.json"));
    }

    /// <summary>The saved profiles and which is current; empty when nothing was saved yet.</summary>
    public ProfileFile Read()
    {
        if (!File.Exists(this.Path))
        {
            return new ProfileFile();
        }

        try
        {
            return JsonSerializer.Deserialize<ProfileFile>(File.ReadAllText(this.Path), Json) ?? new ProfileFile();
        }
        catch (JsonException ex)
        {
            throw new CliException(ExitCodes.Usage, $"The config file {this.Path} is not valid JSON ({ex.Message}); fix it or run paperclip login again.");
        }
    }

    /// <summary>Saves the file whole (a temp file and a rename), mode 0600 from its first byte.</summary>
    public void Write(ProfileFile file)
    {
        string directory = System.IO.Path.GetDirectoryName(this.Path)!;
        Directory.CreateDirectory(directory);
        string temp = this.Path + ".tmp." + Environment.ProcessId;
        FileStreamOptions options = new() { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (FileStream stream = new(temp, options))
        {
            JsonSerializer.Serialize(stream, file, Json);
        }

        File.Move(temp, this.Path, overwrite: true);
    }
}

/// <summary>The config file's content.</summary>
public sealed class ProfileFile
{
    /// <summary>The profile used when none is named.</summary>
    public string? Current { get; set; }

    /// <summary>Profiles by name.</summary>
    public Dictionary<string, Profile> Profiles { get; set; } = new(StringComparer.Ordinal);
}
