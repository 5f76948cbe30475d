using System.Text;

namespace Paperclip.Core.Secrets;

/// <summary>Secret keys as upstream normalizes them: lower-case <c>[a-z0-9_.-]</c>, other runs as <c>-</c>, at most 120.</summary>
public static class SecretKeys
{
    /// <summary>The longest key.</summary>
    public const int MaxLength = 120;

    /// <summary>The suffix a soft delete adds to a name and key: <c>__deleted__&lt;id&gt;</c>.</summary>
    public static string DeletedSuffix(Guid secretId) => $"__deleted__{secretId:D}";

    /// <summary>Normalizes a key (or a name to derive one); empty when nothing is left.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        StringBuilder key = new();
        bool inRun = false;
        foreach (char c in text.Trim().ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '.' or '-')
            {
                key.Append(c);
                inRun = false;
            }
            else if (!inRun)
            {
                key.Append('-');
                inRun = true;
            }
        }

        string normalized = key.ToString().Trim('-');
        return normalized.Length > MaxLength ? normalized[..MaxLength] : normalized;
    }
}
