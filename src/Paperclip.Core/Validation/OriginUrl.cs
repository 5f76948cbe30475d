namespace Paperclip.Core.Validation;

/// <summary>
/// An origin-only URL: scheme, host and optional port — no user info, path, query or fragment — so a stored address
/// can never carry a credential (<c>https://user:pass@…</c>, <c>…?token=…</c>, <c>…#token=…</c>) or point below the
/// service's root.
/// </summary>
public static class OriginUrl
{
    const int MaxLength = 2048;

    /// <summary>
    /// The normalised origin of <paramref name="text"/> (trimmed, lower-case scheme and host, no trailing <c>/</c>,
    /// the scheme's default port dropped), or null when it is not an origin-only http(s) URL.
    /// </summary>
    public static string? Normalize(string? text, bool httpsOnly)
    {
        string trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length is 0 or > MaxLength)
        {
            return null;
        }

        // Refused on the raw text, before any parser can reinterpret it: '@' is user info, '?' a query, '#' a fragment,
        // '\' a path separator to some parsers, '%' an escape that could spell any of them; none belongs in an origin.
        foreach (char c in trimmed)
        {
            if (c is '@' or '?' or '#' or '\\' or '%' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return null;
            }
        }

        int authorityStart = trimmed.IndexOf("://", StringComparison.Ordinal) + 3;
        int slash = authorityStart >= 3 ? trimmed.IndexOf('/', authorityStart) : -1;
        if (authorityStart < 3 || (slash >= 0 && slash != trimmed.Length - 1))
        {
            return null; // a path below the root
        }

        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out Uri? uri) || uri.HostNameType is UriHostNameType.Unknown or UriHostNameType.Basic
            || uri.Host.Length == 0 || uri.UserInfo.Length > 0)
        {
            return null;
        }

        bool schemeAllowed = uri.Scheme == Uri.UriSchemeHttps || (!httpsOnly && uri.Scheme == Uri.UriSchemeHttp);
        return schemeAllowed ? uri.GetLeftPart(UriPartial.Authority) : null;
    }
}
