using System.Buffers.Text;
using System.Security.Cryptography;
using Paperclip.Core.Auth;
using Paperclip.Secrets.Local;

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

        string path = System.IO.Path.Combine(dataDirectory, FileName);
        string key = OwnerOnlyFile.ReadOrCreate(path, () => "pcbk_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)), "board key");
        return (new BoardKey(key), path);
    }
}
