using System.Net;
using System.Text.Json.Nodes;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>Execution environments through the API on the self-host: upstream's shapes, rules and messages, the key kept in a secret.</summary>
[Collection(HostCollection.Name)]
public sealed class EnvironmentTests(HostFixture fixture)
{
    // Not a real key: what matters is that this text never comes back.
    const string PrivateKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA-test-key-material-7f3a\n-----END OPENSSH PRIVATE KEY-----";

    ApiClient Board => fixture.Host.Board;

    static JsonObject Ssh(object? overrides = null)
    {
        JsonObject config = new() { ["host"] = "build-1.example.internal", ["username"] = "ci", ["remoteWorkspacePath"] = "/srv/paperclip/" };
        if (overrides is not null)
        {
            foreach ((string key, JsonNode? value) in JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(overrides))!.AsObject())
            {
                config[key] = value?.DeepClone();
            }
        }

        return config;
    }

    [Fact]
    public async Task AnSshEnvironment_KeepsItsKeyInACompanySecret_NeverInTheRowTheResponseOrTheLog()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        JsonNode created = await this.Board.CreateAsync($"api/companies/{company}/environments", new { name = "GPU box", driver = "ssh", config = Ssh(new { privateKey = PrivateKey }) });

        JsonNode config = created["config"]!;
        Assert.Equal(("ssh", "active", 22, true), (created["driver"]!.GetValue<string>(), created["status"]!.GetValue<string>(), config["port"]!.GetValue<int>(), config["strictHostKeyChecking"]!.GetValue<bool>()));
        Assert.Equal("/srv/paperclip", config["remoteWorkspacePath"]!.GetValue<string>());
        Assert.Null(config["privateKey"]);
        Assert.Equal("secret_ref", config["privateKeySecretRef"]!["type"]!.GetValue<string>());
        Assert.Equal("latest", config["privateKeySecretRef"]!["version"]!.GetValue<string>());
        string secretId = config["privateKeySecretRef"]!["secretId"]!.GetValue<string>();
        JsonNode secret = await this.Board.GetAsync($"api/companies/{company}/secrets/{secretId}");
        Assert.StartsWith("environment-ssh-gpu-box-private-key-", secret["name"]!.GetValue<string>(), StringComparison.Ordinal);

        string id = created["id"]!.GetValue<string>();
        foreach (string read in new[] { $"api/companies/{company}/environments/{id}", $"api/companies/{company}/environments", $"api/companies/{company}/activity", $"api/companies/{company}/secrets" })
        {
            Assert.DoesNotContain("test-key-material", (await this.Board.GetAsync(read)).ToJsonString(), StringComparison.Ordinal);
        }

        Assert.Contains("environment.created", (await this.Board.GetAsync($"api/companies/{company}/activity")).ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}", "SSH environments require a host.")]
    [InlineData("{\"host\":\"h\",\"remoteWorkspacePath\":\"/w\"}", "SSH environments require a username.")]
    [InlineData("{\"host\":\"h\",\"username\":\"u\"}", "SSH environments require a remote workspace path.")]
    [InlineData("{\"host\":\"h\",\"username\":\"u\",\"remoteWorkspacePath\":\"relative/dir\"}", "SSH remote workspace path must be absolute.")]
    [InlineData("{\"host\":\"-oProxyCommand=sh\",\"username\":\"u\",\"remoteWorkspacePath\":\"/w\"}", "SSH host must be a host name or an IP address")]
    [InlineData("{\"host\":\"h\",\"username\":\"-lroot\",\"remoteWorkspacePath\":\"/w\"}", "SSH username may hold only")]
    [InlineData("{\"host\":\"h; rm -rf /\",\"username\":\"u\",\"remoteWorkspacePath\":\"/w\"}", "SSH host must be a host name or an IP address")]
    [InlineData("{\"host\":\"h\",\"username\":\"u\",\"remoteWorkspacePath\":\"/w\",\"port\":70000}", "SSH port must be an integer from 1 to 65535.")]
    [InlineData("{\"host\":\"h\",\"username\":\"u\",\"remoteWorkspacePath\":\"/w/../etc\"}", "SSH remote workspace path must not hold")]
    [InlineData("{\"host\":\"h\",\"username\":\"u\",\"remoteWorkspacePath\":\"/w\",\"proxyJump\":\"x\"}", "Unrecognized key in SSH environment config: 'proxyJump'.")]
    [InlineData("{\"host\":\"h\",\"username\":\"u\",\"remoteWorkspacePath\":\"/w\",\"sourceShellProfiles\":\"yes\"}", "SSH sourceShellProfiles must be a boolean.")]
    public async Task AnInvalidSshConfig_Is422_WithUpstreamsMessage(string config, string message)
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string body = $"{{\"name\":\"e\",\"driver\":\"ssh\",\"config\":{config}}}";

        (HttpStatusCode status, JsonNode? problem, _) = await this.Board.SendAsync(HttpMethod.Post, $"api/companies/{company}/environments", rawBody: body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("invalid_environment_config", problem!["code"]!.GetValue<string>());
        Assert.StartsWith(message, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty((await this.Board.GetAsync($"api/companies/{company}/environments")).AsArray());
    }

    [Fact]
    public async Task Drivers_Port_AndTheOneLocalEnvironment_FollowUpstream()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        (HttpStatusCode status, JsonNode? problem, _) = await this.Board.SendAsync(HttpMethod.Post, $"api/companies/{company}/environments", new { name = "k8s", driver = "kubernetes" });
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "unsupported_environment_driver", "Unsupported environment driver \"kubernetes\"."), (status, problem!["code"]!.GetValue<string>(), problem["detail"]!.GetValue<string>()));

        JsonNode ssh = await this.Board.CreateAsync($"api/companies/{company}/environments", new { name = "box", driver = "ssh", config = Ssh(new { port = "2222", strictHostKeyChecking = false, knownHosts = "  " }) });
        Assert.Equal((2222, false), (ssh["config"]!["port"]!.GetValue<int>(), ssh["config"]!["strictHostKeyChecking"]!.GetValue<bool>()));
        Assert.Null(ssh["config"]!["knownHosts"]);

        JsonNode local = await this.Board.CreateAsync($"api/companies/{company}/environments", new { name = "Local", driver = "local", config = new { anything = new[] { 1, 2 } } });
        Assert.Equal(2, local["config"]!["anything"]!.AsArray().Count);
        (status, problem, _) = await this.Board.SendAsync(HttpMethod.Post, $"api/companies/{company}/environments", new { name = "Local 2", driver = "local" });
        Assert.Equal((HttpStatusCode.Conflict, "local_environment_exists"), (status, problem!["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Patch_MergesTheConfig_ReplacesTheKeysSecret_AndADriverChangeDropsIt()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        JsonNode created = await this.Board.CreateAsync($"api/companies/{company}/environments", new { name = "box", driver = "ssh", config = Ssh(new { privateKey = PrivateKey }) });
        string id = created["id"]!.GetValue<string>();
        string path = $"api/companies/{company}/environments/{id}";
        string firstSecret = created["config"]!["privateKeySecretRef"]!["secretId"]!.GetValue<string>();

        // Same driver: merged over the stored config (host, user and key kept).
        JsonNode ported = await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, path, new { config = new { port = 2200 } });
        Assert.Equal((2200, "build-1.example.internal", "ci", firstSecret), (ported["config"]!["port"]!.GetValue<int>(), ported["config"]!["host"]!.GetValue<string>(), ported["config"]!["username"]!.GetValue<string>(), ported["config"]!["privateKeySecretRef"]!["secretId"]!.GetValue<string>()));

        // A new key: a new secret, the old one deleted.
        JsonNode rekeyed = await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, path, new { config = new { privateKey = PrivateKey + "\n" } });
        string secondSecret = rekeyed["config"]!["privateKeySecretRef"]!["secretId"]!.GetValue<string>();
        Assert.NotEqual(firstSecret, secondSecret);
        Assert.Equal(HttpStatusCode.NotFound, (await this.Board.SendAsync(HttpMethod.Get, $"api/companies/{company}/secrets/{firstSecret}")).Status);

        // Another driver without a config starts from {}; the key it no longer names goes (upstream orphaned it).
        JsonNode local = await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, path, new { driver = "local", name = "now local" });
        Assert.Equal(("local", "now local", "{}"), (local["driver"]!.GetValue<string>(), local["name"]!.GetValue<string>(), local["config"]!.ToJsonString()));
        Assert.Equal(HttpStatusCode.NotFound, (await this.Board.SendAsync(HttpMethod.Get, $"api/companies/{company}/secrets/{secondSecret}")).Status);

        // And back to ssh with no config: 422, since a host is required (nothing changed).
        (HttpStatusCode status, JsonNode? problem, _) = await this.Board.SendAsync(HttpMethod.Patch, path, new { driver = "ssh" });
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "SSH environments require a host."), (status, problem!["detail"]!.GetValue<string>()));
        Assert.Equal("local", (await this.Board.GetAsync(path))["driver"]!.GetValue<string>());

        JsonNode activity = await this.Board.GetAsync($"api/companies/{company}/activity");
        JsonNode? update = activity.AsArray().FirstOrDefault(e => e!["action"]!.GetValue<string>() == "environment.updated" && e["details"]?["driver"] is not null);
        Assert.NotNull(update);
        Assert.Equal(["driver", "name"], update!["details"]!["changedFields"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Fact]
    public async Task List_FiltersExactly_AndAgentsSeeConfigsRedacted()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        await this.Board.CreateAsync($"api/companies/{company}/environments", new { name = "old", driver = "ssh", status = "archived", config = Ssh() });
        await this.Board.CreateAsync($"api/companies/{company}/environments", new { name = "new", driver = "ssh", config = Ssh(), metadata = new { team = "ml" } });
        await this.Board.CreateAsync($"api/companies/{company}/environments", new { name = "here", driver = "local" });

        static string[] Names(JsonNode list) => [.. list.AsArray().Select(e => e!["name"]!.GetValue<string>())];
        Assert.Equal(["here", "new", "old"], Names(await this.Board.GetAsync($"api/companies/{company}/environments")));
        Assert.Equal(["new"], Names(await this.Board.GetAsync($"api/companies/{company}/environments?status=active&driver=ssh")));
        Assert.Equal(HttpStatusCode.BadRequest, (await this.Board.SendAsync(HttpMethod.Get, $"api/companies/{company}/environments?driver=docker")).Status);

        string agent = await Scenario.AgentAsync(this.Board, company, "true", []);
        JsonNode key = await this.Board.CreateAsync($"api/companies/{company}/agents/{agent}/keys", new { name = "k" });
        using ApiClient asAgent = new(fixture.Host.BaseAddress, key["key"]!.GetValue<string>());
        JsonNode seen = (await asAgent.GetAsync($"api/companies/{company}/environments?driver=ssh&status=active")).AsArray().Single()!;
        Assert.Equal(("{}", true, true), (seen["config"]!.ToJsonString(), seen["configRedacted"]!.GetValue<bool>(), seen["metadataRedacted"]!.GetValue<bool>()));
        Assert.Null(seen["metadata"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await asAgent.SendAsync(HttpMethod.Post, $"api/companies/{company}/environments", new { name = "x", driver = "local" })).Status);

        string other = await Scenario.CompanyAsync(this.Board);
        Assert.Equal(HttpStatusCode.NotFound, (await asAgent.SendAsync(HttpMethod.Get, $"api/companies/{other}/environments")).Status);
    }

    [Fact]
    public async Task Delete_RemovesTheRowAndItsKeySecret_ButNeverASecretTheOperatorReferenced()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        JsonNode owned = await this.Board.CreateAsync($"api/companies/{company}/environments", new { name = "box", driver = "ssh", config = Ssh(new { privateKey = PrivateKey }) });
        JsonNode shared = await this.Board.CreateAsync($"api/companies/{company}/secrets", new { name = "team ssh key", value = PrivateKey });
        string sharedId = shared["id"]!.GetValue<string>();
        JsonNode referencing = await this.Board.CreateAsync($"api/companies/{company}/environments", new
        {
            name = "box 2",
            driver = "ssh",
            config = Ssh(new { privateKeySecretRef = new { type = "secret_ref", secretId = sharedId } }),
        });

        // A reference must name a secret of this company.
        string other = await Scenario.CompanyAsync(this.Board);
        (HttpStatusCode status, JsonNode? problem, _) = await this.Board.SendAsync(HttpMethod.Post, $"api/companies/{other}/environments", new
        {
            name = "thief",
            driver = "ssh",
            config = Ssh(new { privateKeySecretRef = new { type = "secret_ref", secretId = sharedId } }),
        });
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "invalid_environment_config"), (status, problem!["code"]!.GetValue<string>()));

        string ownedSecret = owned["config"]!["privateKeySecretRef"]!["secretId"]!.GetValue<string>();
        JsonNode removed = await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Delete, $"api/companies/{company}/environments/{owned["id"]}");
        Assert.Equal("box", removed["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await this.Board.SendAsync(HttpMethod.Get, $"api/companies/{company}/environments/{owned["id"]}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await this.Board.SendAsync(HttpMethod.Get, $"api/companies/{company}/secrets/{ownedSecret}")).Status);

        await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Delete, $"api/companies/{company}/environments/{referencing["id"]}");
        Assert.Equal(sharedId, (await this.Board.GetAsync($"api/companies/{company}/secrets/{sharedId}"))["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await this.Board.SendAsync(HttpMethod.Delete, $"api/companies/{company}/environments/{owned["id"]}")).Status);
    }

    [Fact]
    public async Task AnEnvironmentALiveRunUses_CannotBeDeleted_AndALocalOneRunsHere()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        JsonNode local = await this.Board.CreateAsync($"api/companies/{company}/environments", new { name = "here", driver = "local" });
        string environmentId = local["id"]!.GetValue<string>();
        string release = Path.Combine(Path.GetTempPath(), "paperclip-env-release-" + Guid.NewGuid().ToString("N"));
        string agent = await Scenario.AgentAsync(this.Board, company, "sh", ["-c", $"while [ ! -e '{release}' ]; do sleep 0.1; done; echo done"], timeoutSec: 120);
        await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, $"api/companies/{company}/agents/{agent}", new { defaultEnvironmentId = environmentId });
        JsonNode issue = await Scenario.IssueAsync(this.Board, company, agent);
        try
        {
            string runId = await Scenario.WakeAsync(this.Board, company, agent, new { issueId = issue["id"]!.GetValue<string>() });
            await this.Board.PollAsync($"api/companies/{company}/runs/{runId}", r => r["status"]!.GetValue<string>() == "running", TimeSpan.FromSeconds(60));

            (HttpStatusCode status, JsonNode? problem, _) = await this.Board.SendAsync(HttpMethod.Delete, $"api/companies/{company}/environments/{environmentId}");
            Assert.Equal((HttpStatusCode.Conflict, "environment_in_use", runId), (status, problem!["code"]!.GetValue<string>(), problem["runId"]!.GetValue<string>()));

            File.WriteAllText(release, "go");
            JsonNode run = await Scenario.FinishedRunAsync(this.Board, company, runId);
            Assert.Equal("succeeded", run["status"]!.GetValue<string>());
            JsonNode workspace = await this.Board.GetAsync($"api/companies/{company}/workspaces/{run["executionWorkspaceId"]}");
            Assert.Equal(environmentId, workspace["environmentId"]!.GetValue<string>());
            await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Delete, $"api/companies/{company}/environments/{environmentId}");
        }
        finally
        {
            File.Delete(release);
        }
    }

    [Fact]
    public async Task Capabilities_SayWhichDriversEachAdapterRunsIn_AndAgentSelectionsFollowThem()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        JsonNode capabilities = await this.Board.GetAsync($"api/companies/{company}/environments/capabilities");
        Assert.Equal(("supported", "supported"), (capabilities["drivers"]!["local"]!.GetValue<string>(), capabilities["drivers"]!["ssh"]!.GetValue<string>()));
        JsonNode process = capabilities["adapters"]!.AsArray().Single(a => a!["adapterType"]!.GetValue<string>() == "process")!;
        Assert.Equal(("supported", "supported"), (process["drivers"]!["local"]!.GetValue<string>(), process["drivers"]!["ssh"]!.GetValue<string>()));

        // An adapter may default only to a driver it runs in (the process adapter: both); issues and projects may select any.
        string ssh = (await this.Board.CreateAsync($"api/companies/{company}/environments", new { name = "box", driver = "ssh", config = Ssh() }))["id"]!.GetValue<string>();
        string agent = await Scenario.AgentAsync(this.Board, company, "true", []);
        JsonNode patched = (await this.Board.SendAsync(HttpMethod.Patch, $"api/companies/{company}/agents/{agent}", new { defaultEnvironmentId = ssh })).Body!;
        Assert.Equal(ssh, patched["defaultEnvironmentId"]!.GetValue<string>());

        await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "there", executionWorkspaceSettings = new { environmentId = ssh } });
    }
}
