using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Renci.SshNet;

namespace Paperclip.Ssh.Bridge;

/// <summary>
/// The queue mode's box-side server (<c>paperclip-bridge-server.mjs</c>, embedded in this assembly) and its upload:
/// one script on one channel, the file's base64 on its stdin — never on a command line — decoded to a temp name of
/// the writer's own and SHA-256 verified, then, under <see cref="RemoteMutex"/> (held only for the check and the
/// rename), moved into place atomically — or skipped when the installed copy already has the expected hash, so
/// concurrent runs on one box never tear or rewrite it.
/// </summary>
internal static class BridgeEntrypoint
{
    /// <summary>The entrypoint's file name on the box.</summary>
    internal const string FileName = "paperclip-bridge-server.mjs";

    /// <summary>The entrypoint's text.</summary>
    internal static byte[] Content { get; } = Load();

    /// <summary>Its SHA-256, lower-case hex.</summary>
    internal static string Sha256 { get; } = Convert.ToHexStringLower(SHA256.HashData(Content));

    /// <summary>Uploads the entrypoint into <paramref name="directory"/> unless it is there already; true when it was written.</summary>
    internal static Task<bool> UploadAsync(SshClient client, string directory, CancellationToken cancellationToken) =>
        UploadAsync(client, directory, Content, Sha256, cancellationToken);

    /// <summary>Uploads <paramref name="content"/>, which must hash to <paramref name="sha256"/> on the box.</summary>
    internal static async Task<bool> UploadAsync(SshClient client, string directory, byte[] content, string sha256, CancellationToken cancellationToken)
    {
        string entry = $"{directory}/{FileName}";
        string script = RemoteMutex.Functions + string.Create(CultureInfo.InvariantCulture, $$"""
            set -eu
            dir={{RemoteShell.Quote(directory)}}; entry={{RemoteShell.Quote(entry)}}; want={{RemoteShell.Quote(sha256)}}
            hash_file() {
              if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
              elif command -v shasum >/dev/null 2>&1; then shasum -a 256 "$1" | cut -d' ' -f1
              else return 127; fi
            }
            mkdir -p "$dir"
            trap 'rm -f "$entry.b64.$$" "$entry.partial.$$"; paperclip_unlock' EXIT INT TERM
            cat > "$entry.b64.$$"
            if [ -f "$entry" ] && [ "$(hash_file "$entry" 2>/dev/null || true)" = "$want" ]; then echo '{"uploaded":false}'; exit 0; fi
            base64 -d < "$entry.b64.$$" > "$entry.partial.$$"
            got=$(hash_file "$entry.partial.$$") || { echo "The box has neither sha256sum nor shasum: the bridge entrypoint cannot be verified, so it is not installed." >&2; exit 3; }
            if [ "$got" != "$want" ]; then echo "Bridge entrypoint upload sha mismatch (expected $want, got $got); nothing was installed." >&2; exit 4; fi
            chmod 0644 "$entry.partial.$$"
            paperclip_lock "$dir/.paperclip-bridge-upload.mutex" "bridge entrypoint upload"
            if [ -f "$entry" ] && [ "$(hash_file "$entry" 2>/dev/null || true)" = "$want" ]; then echo '{"uploaded":false}'; exit 0; fi
            mv -f "$entry.partial.$$" "$entry"
            echo '{"uploaded":true}'
            """);
        string output = await RemoteCommand.RunAsync(client, script, Convert.ToBase64String(content) + "\n", cancellationToken).ConfigureAwait(false);
        using JsonDocument result = JsonDocument.Parse(output.Trim());
        return result.RootElement.GetProperty("uploaded").GetBoolean();
    }

    static byte[] Load()
    {
        using Stream stream = typeof(BridgeEntrypoint).Assembly.GetManifestResourceStream(FileName)
            ?? throw new InvalidOperationException($"{FileName} is not embedded in {typeof(BridgeEntrypoint).Assembly.GetName().Name}.");
        using MemoryStream buffer = new();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>The entrypoint as text (for messages and tests).</summary>
    internal static string Text => Encoding.UTF8.GetString(Content);
}
