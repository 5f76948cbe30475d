using Paperclip.Cli.Connection;

namespace Paperclip.Cli.Tests;

/// <summary>Where a command connects: flags, then the environment, then the profile; profiles saved owner-only.</summary>
public sealed class EndpointTests : IDisposable
{
    readonly string home = Path.Combine(Path.GetTempPath(), "paperclip-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(this.home))
        {
            Directory.Delete(this.home, recursive: true);
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Profiles_AreSavedOwnerOnly_AndFlagsBeatTheEnvironment_WhichBeatsTheProfile()
    {
        ProfileStore store = ProfileStore.ForEnvironment(name => name == "XDG_CONFIG_HOME" ? this.home : null);
        store.Write(new ProfileFile { Current = "work", Profiles = { ["work"] = new Profile("http://profile.invalid:1", "profile-key", "profile-company") } });
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.Path));
        Assert.Equal(Path.Combine(this.home, "paperclip", "config.json"), store.Path);

        Endpoint fromProfile = Endpoint.Resolve(null, null, null, null, store, _ => null);
        Assert.Equal(("http://profile.invalid:1/", "profile-key", "profile-company", "work"), (fromProfile.Url.ToString(), fromProfile.Key, fromProfile.Company, fromProfile.ProfileName));

        Dictionary<string, string> variables = new() { ["PAPERCLIP_API_URL"] = "http://env.invalid:2", ["PAPERCLIP_API_KEY"] = "env-key", ["PAPERCLIP_COMPANY_ID"] = "env-company" };
        Endpoint fromEnvironment = Endpoint.Resolve(null, null, null, null, store, variables.GetValueOrDefault);
        Assert.Equal(("http://env.invalid:2/", "env-key", "env-company"), (fromEnvironment.Url.ToString(), fromEnvironment.Key, fromEnvironment.Company));

        string keyFile = Path.Combine(this.home, "key");
        File.WriteAllText(keyFile, "file-key\n");
        Endpoint fromFlags = Endpoint.Resolve("http://flag.invalid:3", keyFile, "flag-company", null, store, variables.GetValueOrDefault);
        Assert.Equal(("http://flag.invalid:3/", "file-key", "flag-company"), (fromFlags.Url.ToString(), fromFlags.Key, fromFlags.Company));

        CliException unknown = Assert.Throws<CliException>(() => Endpoint.Resolve(null, null, null, "nope", store, _ => null));
        Assert.Equal(ExitCodes.Usage, unknown.ExitCode);
        Assert.Equal(ExitCodes.Usage, Assert.Throws<CliException>(() => Endpoint.Resolve("ftp://x", null, null, null, store, _ => null)).ExitCode);
    }
}
