using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>Probing SSH environments against a real sshd on 127.0.0.1: every outcome code, and host-key pinning.</summary>
[Collection(HostCollection.Name)]
public sealed class EnvironmentProbeTests(HostFixture fixture) : IAsyncLifetime
{
    SshdServer sshd = null!;

    ApiClient Board => fixture.Host.Board;

    public async Task InitializeAsync() => this.sshd = await SshdServer.StartAsync();

    public async Task DisposeAsync() => await this.sshd.DisposeAsync();

    JsonObject Config(string? key = null, string? knownHosts = null, int? port = null, string? path = null) => new()
    {
        ["host"] = "127.0.0.1",
        ["port"] = port ?? this.sshd.Port,
        ["username"] = this.sshd.User,
        ["remoteWorkspacePath"] = path ?? Path.Combine(this.sshd.WorkspaceRoot, "ws"),
        ["privateKey"] = key ?? this.sshd.PrivateKey,
        ["knownHosts"] = knownHosts,
    };

    async Task<(string Company, string Id)> EnvironmentAsync(JsonObject config)
    {
        string company = await Scenario.CompanyAsync(this.Board);
        JsonNode created = await this.Board.CreateAsync($"api/companies/{company}/environments", new { name = "box", driver = "ssh", config });
        return (company, created["id"]!.GetValue<string>());
    }

    Task<JsonNode> ProbeAsync(string company, string id, object? body = null) =>
        this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"api/companies/{company}/environments/{id}/probe", body ?? new { });

    [Fact]
    public async Task AnUnknownHostKey_IsRefusedWithItsFingerprint_UntilTheOperatorPinsIt()
    {
        (string company, string id) = await this.EnvironmentAsync(this.Config());

        JsonNode refused = await this.ProbeAsync(company, id);
        Assert.Equal((false, "host_key_unknown"), (refused["ok"]!.GetValue<bool>(), refused["code"]!.GetValue<string>()));
        Assert.Equal(this.sshd.HostFingerprint, refused["details"]!["presentedFingerprint"]!.GetValue<string>());
        Assert.False(Directory.Exists(Path.Combine(this.sshd.WorkspaceRoot, "ws")));

        JsonNode pinned = await this.ProbeAsync(company, id, new { trustHostKey = true });
        Assert.True(pinned["ok"]!.GetValue<bool>(), pinned.ToJsonString());
        Assert.Equal(this.sshd.HostFingerprint, pinned["details"]!["hostKeyFingerprint"]!.GetValue<string>());
        JsonNode saved = await this.Board.GetAsync($"api/companies/{company}/environments/{id}");
        Assert.Equal(this.sshd.KnownHostsLine, saved["config"]!["knownHosts"]!.GetValue<string>());
        JsonNode trusted = (await this.Board.GetAsync($"api/companies/{company}/activity")).AsArray().First(e => e!["action"]!.GetValue<string>() == "environment.host_key_trusted")!;
        Assert.Equal(this.sshd.HostFingerprint, trusted["details"]!["fingerprint"]!.GetValue<string>());

        // Pinned: an ordinary probe now passes, and reports what it found.
        JsonNode ok = await this.ProbeAsync(company, id);
        Assert.True(ok["ok"]!.GetValue<bool>(), ok.ToJsonString());
        Assert.Equal(("Linux", Path.Combine(this.sshd.WorkspaceRoot, "ws")), (ok["details"]!["os"]!.GetValue<string>(), ok["details"]!["remoteCwd"]!.GetValue<string>()));
        Assert.StartsWith("Connected to ", ok["summary"]!.GetValue<string>(), StringComparison.Ordinal);

        // Its only trace on the box: the runtime directory.
        Assert.Equal([".paperclip-runtime"], Directory.GetFileSystemEntries(Path.Combine(this.sshd.WorkspaceRoot, "ws")).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(this.sshd.WorkspaceRoot, "ws", ".paperclip-runtime")));
    }

    [Fact]
    public async Task AMismatchedHostKey_IsAlwaysRefused_EvenWhenAskedToTrust()
    {
        (string company, string id) = await this.EnvironmentAsync(this.Config(knownHosts: this.sshd.WrongKnownHostsLine));

        JsonNode refused = await this.ProbeAsync(company, id, new { trustHostKey = true });

        Assert.Equal((false, "host_key_mismatch"), (refused["ok"]!.GetValue<bool>(), refused["code"]!.GetValue<string>()));
        Assert.Equal(this.sshd.HostFingerprint, refused["details"]!["presentedFingerprint"]!.GetValue<string>());
        Assert.Single(refused["details"]!["expectedFingerprints"]!.AsArray());
        Assert.Equal(this.sshd.WrongKnownHostsLine, (await this.Board.GetAsync($"api/companies/{company}/environments/{id}"))["config"]!["knownHosts"]!.GetValue<string>());
    }

    [Fact]
    public async Task AWrongUserKey_AnUnreachablePort_AndAnUnwritablePath_EachHaveTheirCode()
    {
        (string c1, string wrongKey) = await this.EnvironmentAsync(this.Config(key: this.sshd.OtherPrivateKey, knownHosts: this.sshd.KnownHostsLine));
        JsonNode auth = await this.ProbeAsync(c1, wrongKey);
        Assert.Equal("auth_failed", auth["code"]!.GetValue<string>());

        (string c2, string closed) = await this.EnvironmentAsync(this.Config(port: SelfHostInstance.FreePort(), knownHosts: this.sshd.KnownHostsLine));
        Assert.Equal("unreachable", (await this.ProbeAsync(c2, closed))["code"]!.GetValue<string>());

        // A path under a regular file can never be created, whoever logs in (the tests run as root).
        string blocker = Path.Combine(this.sshd.WorkspaceRoot, "blocker");
        await File.WriteAllTextAsync(blocker, "a file, not a directory");
        (string c3, string unwritable) = await this.EnvironmentAsync(this.Config(path: Path.Combine(blocker, "ws"), knownHosts: this.sshd.KnownHostsLine));
        JsonNode path = await this.ProbeAsync(c3, unwritable);
        Assert.Equal((false, "path_not_writable"), (path["ok"]!.GetValue<bool>(), path["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AServerThatNeverSpeaks_TimesOut_InAboutFiveSeconds()
    {
        using TcpListener silent = new(IPAddress.Loopback, 0);
        silent.Start();
        int port = ((IPEndPoint)silent.LocalEndpoint).Port;
        (string company, string id) = await this.EnvironmentAsync(this.Config(port: port));

        System.Diagnostics.Stopwatch watch = System.Diagnostics.Stopwatch.StartNew();
        JsonNode result = await this.ProbeAsync(company, id);

        Assert.Equal((false, "timeout"), (result["ok"]!.GetValue<bool>(), result["code"]!.GetValue<string>()));
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task AMissingTool_IsReported_ByName()
    {
        // A second server whose sessions see a PATH without tar.
        string bin = Path.Combine(this.sshd.Root, "bin-without-tar");
        Directory.CreateDirectory(bin);
        foreach (string tool in new[] { "uname", "mkdir", "rm", "sha256sum", "find", "xargs", "true" })
        {
            File.CreateSymbolicLink(Path.Combine(bin, tool), Path.Combine("/usr/bin", tool));
        }

        await using SshdServer bare = await SshdServer.StartAsync($"SetEnv PATH={bin}");
        string company = await Scenario.CompanyAsync(this.Board);
        JsonObject config = new()
        {
            ["host"] = "127.0.0.1",
            ["port"] = bare.Port,
            ["username"] = bare.User,
            ["remoteWorkspacePath"] = Path.Combine(bare.WorkspaceRoot, "ws"),
            ["privateKey"] = bare.PrivateKey,
            ["knownHosts"] = bare.KnownHostsLine,
        };
        string id = (await this.Board.CreateAsync($"api/companies/{company}/environments", new { name = "bare", driver = "ssh", config }))["id"]!.GetValue<string>();

        JsonNode result = await this.ProbeAsync(company, id);

        Assert.Equal((false, "tool_missing"), (result["ok"]!.GetValue<bool>(), result["code"]!.GetValue<string>()));
        Assert.Equal(["tar"], result["details"]!["missingTools"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task AnUnsavedConfig_IsProbedWithItsInlineKey_WhichIsNeverStored()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        JsonNode result = await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"api/companies/{company}/environments/probe-config",
            new { driver = "ssh", config = this.Config(knownHosts: this.sshd.KnownHostsLine) });

        Assert.True(result["ok"]!.GetValue<bool>(), result.ToJsonString());
        Assert.Empty((await this.Board.GetAsync($"api/companies/{company}/secrets")).AsArray());
        Assert.Empty((await this.Board.GetAsync($"api/companies/{company}/environments")).AsArray());
        string activity = (await this.Board.GetAsync($"api/companies/{company}/activity")).ToJsonString();
        Assert.Contains("environment.probed_unsaved", activity, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", activity, StringComparison.Ordinal);

        JsonNode local = await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"api/companies/{company}/environments/probe-config", new { driver = "local" });
        Assert.Equal((true, "Local environment is available on this Paperclip host."), (local["ok"]!.GetValue<bool>(), local["summary"]!.GetValue<string>()));
    }
}
