using System.Security.Cryptography;
using System.Text;

namespace Paperclip.Core;

/// <summary>
/// Ids derived from names (RFC 9562 version 8, SHA-256 based): the same parts give the same id, so a repeated
/// request collides on insert instead of creating a duplicate.
/// </summary>
public static class DeterministicIds
{
    /// <summary>The id for these parts.</summary>
    public static Guid From(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        Span<byte> bytes = hash.AsSpan(0, 16);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
