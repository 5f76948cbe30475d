using System.Security.Cryptography;
using System.Text;

namespace Paperclip.Ssh;

/// <summary>What a known_hosts text says about a presented host key.</summary>
internal enum HostKeyVerdict
{
    /// <summary>No line names the host: the key is unknown.</summary>
    Unknown,

    /// <summary>A line names the host with this very key.</summary>
    Known,

    /// <summary>Lines name the host, none with this key (or this key is revoked): never trusted.</summary>
    Mismatch,
}

/// <summary>
/// The environment's own known_hosts text (OpenSSH's format: <c>host[,host…] keytype base64</c>, <c>[host]:port</c>
/// for a port other than 22, hashed <c>|1|salt|hmac</c> names, <c>@revoked</c> lines). Only that text is consulted —
/// never the server's own <c>~/.ssh/known_hosts</c> (H-S1).
/// </summary>
internal static class KnownHosts
{
    /// <summary>Checks the key blob <paramref name="key"/> presented by <paramref name="host"/>:<paramref name="port"/>.</summary>
    internal static (HostKeyVerdict Verdict, IReadOnlyList<string> Expected) Check(string? knownHosts, string host, int port, byte[] key)
    {
        string name = NameOf(host, port);
        string presented = Convert.ToBase64String(key);
        List<string> expected = [];
        bool known = false;
        foreach (string raw in (knownHosts ?? string.Empty).Split('\n'))
        {
            string[] fields = raw.Trim().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || fields[0].StartsWith('#'))
            {
                continue;
            }

            string? marker = fields[0].StartsWith('@') ? fields[0] : null;
            int at = marker is null ? 0 : 1;
            if (fields.Length < at + 3 || marker is "@cert-authority" || !fields[at].Split(',').Any(pattern => Names(pattern, name)))
            {
                continue;
            }

            bool same = string.Equals(fields[at + 2], presented, StringComparison.Ordinal);
            if (marker is "@revoked")
            {
                if (same)
                {
                    return (HostKeyVerdict.Mismatch, expected);
                }

                continue;
            }

            known |= same;
            if (!same && TryDecode(fields[at + 2]) is { } other)
            {
                expected.Add(Fingerprint(other));
            }
        }

        return known ? (HostKeyVerdict.Known, expected) : expected.Count > 0 ? (HostKeyVerdict.Mismatch, expected) : (HostKeyVerdict.Unknown, expected);
    }

    /// <summary>The line that pins <paramref name="key"/> for the host.</summary>
    internal static string Line(string host, int port, byte[] key) => $"{NameOf(host, port)} {KeyType(key)} {Convert.ToBase64String(key)}";

    /// <summary>OpenSSH's fingerprint: <c>SHA256:</c> and the unpadded base64 of the blob's SHA-256.</summary>
    internal static string Fingerprint(byte[] key) => "SHA256:" + Convert.ToBase64String(SHA256.HashData(key)).TrimEnd('=');

    /// <summary>The key type the blob names (its first length-prefixed string).</summary>
    internal static string KeyType(byte[] key)
    {
        if (key.Length < 4)
        {
            return "unknown";
        }

        int length = (key[0] << 24) | (key[1] << 16) | (key[2] << 8) | key[3];
        return length > 0 && length <= key.Length - 4 ? Encoding.ASCII.GetString(key, 4, length) : "unknown";
    }

    static string NameOf(string host, int port) => port == 22 ? host : $"[{host}]:{port}";

    static bool Names(string pattern, string name)
    {
        if (!pattern.StartsWith("|1|", StringComparison.Ordinal))
        {
            return string.Equals(pattern, name, StringComparison.OrdinalIgnoreCase);
        }

        // Hashed: |1|<base64 salt>|<base64 HMAC-SHA1(salt, name)>.
        string[] parts = pattern.Split('|');
        if (parts.Length != 4 || TryDecode(parts[2]) is not { } salt || TryDecode(parts[3]) is not { } hash)
        {
            return false;
        }

        // OpenSSH's hashed-name format is HMAC-SHA1 by definition: it only hides names, it protects nothing.
#pragma warning disable CA5350
        return CryptographicOperations.FixedTimeEquals(HMACSHA1.HashData(salt, Encoding.UTF8.GetBytes(name)), hash);
#pragma warning restore CA5350
    }

    static byte[]? TryDecode(string base64)
    {
        Span<byte> buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out int written) ? buffer[..written].ToArray() : null;
    }
}
