using System.Buffers.Text;
using System.Security.Cryptography;
using Paperclip.Core.Auth;

namespace Paperclip.Host.Hosting;

/// <summary>
/// The board key of the self-host: <c>PAPERCLIP_BOARD_KEY</c> when set, else a key generated on first start and kept
/// in <c>board.key</c> (mode 0600) in the data directory. Only the file's path is ever logged, never the key.
/// </summary>
public static class BoardKeyFile
{
    /// <summary>The key file name.</summary>
    public const string FileName = "board.key";

    /// <summary>Loads or creates the key. Refuses a key file that others can read.</summary>
    public static (BoardKey Key, string? Path) Resolve(string? configured, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return (new BoardKey(configured.Trim()), null);
        }

        Directory.CreateDirectory(dataDirectory);
        string path = System.IO.Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            {
                throw new InvalidOperationException($"The board key file {path} is readable by other users; run chmod 600 on it.");
            }

            return (new BoardKey(File.ReadAllText(path).Trim()), path);
        }

        string key = "pcbk_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        FileStreamOptions create = new() { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (StreamWriter writer = new(path, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), create))
        {
            writer.Write(key);
        }

        return (new BoardKey(key), path);
    }
}
