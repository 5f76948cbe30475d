using System.Buffers.Text;
using System.Security.Cryptography;

namespace Paperclip.Core.Auth;

/// <summary>
/// Agent API keys: <c>pcak_&lt;companyId&gt;&lt;keyId&gt;_&lt;secret&gt;</c>. The company id inside the key keeps the
/// lookup in the company's partition; only HMAC-SHA256(salt, secret) is stored. A 256-bit random secret
/// makes a slow password hash unnecessary and keeps every authenticated request cheap.
/// </summary>
public static class ApiKeyFormat
{
    const string Prefix = "pcak_";

    /// <summary>A new key: the text shown once, and the salt and hash to store.</summary>
    public static (string Key, byte[] Salt, byte[] Hash) Create(Guid companyId, Guid keyId)
    {
        byte[] secret = RandomNumberGenerator.GetBytes(32);
        byte[] salt = RandomNumberGenerator.GetBytes(16);
        string secretText = Base64Url.EncodeToString(secret);
        string key = $"{Prefix}{companyId:N}{keyId:N}_{secretText}";
        return (key, salt, HashSecret(salt, secretText));
    }

    /// <summary>Splits a presented key; false when it is not in the agent-key format.</summary>
    public static bool TryParse(string key, out Guid companyId, out Guid keyId, out string secret)
    {
        companyId = keyId = Guid.Empty;
        secret = string.Empty;
        if (!key.StartsWith(Prefix, StringComparison.Ordinal) || key.Length < Prefix.Length + 65)
        {
            return false;
        }

        ReadOnlySpan<char> body = key.AsSpan(Prefix.Length);
        if (body[64] != '_'
            || !Guid.TryParseExact(body[..32], "N", out companyId)
            || !Guid.TryParseExact(body[32..64], "N", out keyId))
        {
            return false;
        }

        secret = body[65..].ToString();
        return secret.Length > 0;
    }

    /// <summary>True when the presented secret matches the stored hash (constant time).</summary>
    public static bool Verify(byte[] salt, byte[] hash, string secret) =>
        CryptographicOperations.FixedTimeEquals(HashSecret(salt, secret), hash);

    static byte[] HashSecret(byte[] salt, string secret) =>
        HMACSHA256.HashData(salt, System.Text.Encoding.UTF8.GetBytes(secret));
}
