namespace Paperclip.Cli.Connection;

/// <summary>
/// Where a command connects, and as whom: flags first (<c>--url</c>, <c>--key-file</c>, <c>--company</c>), then the
/// environment (<c>PAPERCLIP_API_URL</c>, <c>PAPERCLIP_API_KEY</c>, <c>PAPERCLIP_COMPANY_ID</c>), then the profile
/// (<c>--profile</c>, else the current one). A key is never taken from the command line itself: a file or the
/// environment, so it is in no process list.
/// </summary>
public sealed record Endpoint(Uri Url, string? Key, string? Company, string? ProfileName)
{
    /// <summary>The default URL: the self-host on this machine (scripts/run.sh).</summary>
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>Resolves the endpoint of one invocation.</summary>
    public static Endpoint Resolve(string? url, string? keyFile, string? company, string? profileName, ProfileStore store, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(environment);
        ProfileFile file = store.Read();
        string? chosen = profileName ?? environment("PAPERCLIP_PROFILE") ?? file.Current;
        Profile? profile = null;
        if (chosen is not null && !file.Profiles.TryGetValue(chosen, out profile) && profileName is not null)
        {
            throw new CliException(ExitCodes.Usage, $"No profile named '{profileName}' in {store.Path}; see paperclip login --help.");
        }

        string? key = keyFile is not null ? ReadKeyFile(keyFile) : Empty(environment("PAPERCLIP_API_KEY")) ?? profile?.Key;
        Uri parsed = ParseUrl(url ?? Empty(environment("PAPERCLIP_API_URL")) ?? profile?.Url ?? DefaultUrl);
        return new Endpoint(parsed, key, company ?? Empty(environment("PAPERCLIP_COMPANY_ID")) ?? profile?.Company, profile is null ? null : chosen);
    }

    /// <summary>The control plane's base URL (with a trailing slash), or a usage error.</summary>
    public static Uri ParseUrl(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out Uri? parsed) && parsed.Scheme is "http" or "https"
            ? parsed
            : throw new CliException(ExitCodes.Usage, $"'{text}' is not an http(s) URL.");
    }

    /// <summary>A key file's first line (a board key file, an agent key saved by a script).</summary>
    public static string ReadKeyFile(string path)
    {
        try
        {
            string key = File.ReadLines(path).FirstOrDefault()?.Trim() ?? string.Empty;
            return key.Length > 0 ? key : throw new CliException(ExitCodes.Usage, $"The key file {path} is empty.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Usage, $"The key file {path} cannot be read ({ex.Message}).");
        }
    }

    /// <summary>The company to act in, or a usage error saying how to name one.</summary>
    public string RequireCompany() => this.Company
        ?? throw new CliException(ExitCodes.Usage, "No company given: pass --company ID, set PAPERCLIP_COMPANY_ID, or save one with paperclip companies use ID.");

    static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
