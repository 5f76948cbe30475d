using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Paperclip.Core.Domain.Environments;
using Paperclip.Core.Errors;
using Paperclip.Core.Ports;
using Paperclip.Core.Runs;
using Paperclip.Core.Secrets;
using Paperclip.Runs.Engine;
using Paperclip.Runs.Entities;
using Paperclip.Ssh;
using Paperclip.Ssh.Execution;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>
/// The callback bridge, end to end on a real sshd on 127.0.0.1, in both modes: an agent on the box calls the API only
/// through its run's bridge — tunnel mode (remote port forwarding on the run's own connection), or, on a server with
/// <c>AllowTcpForwarding no</c>, queue mode by itself — with a token valid for that run only, on upstream's
/// allowlisted routes, with upstream's refusals (and 413 where upstream answered 502).
/// </summary>
[Collection(HostCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CallbackBridgeTests(HostFixture fixture) : IAsyncLifetime
{
    readonly string scratch = Path.Combine(Path.GetTempPath(), "paperclip-bridge-" + Guid.NewGuid().ToString("N"));
    SshdServer sshd = null!;

    ApiClient Board => fixture.Host.Board;

    public async Task InitializeAsync()
    {
        this.sshd = await SshdServer.StartAsync();
        Directory.CreateDirectory(this.scratch);
    }

    public async Task DisposeAsync()
    {
        await this.sshd.DisposeAsync();
        TestPaths.TryDelete(this.scratch);
    }

    [Theory]
    [InlineData("tunnel_v1")]
    [InlineData("queue_v1")]
    public async Task TheHeartbeatProcedure_RunsOnTheBox_ThroughTheBridge_WithARunScopedToken(string mode)
    {
        await using SshdServer? strict = mode == "queue_v1" ? await SshdServer.StartAsync("AllowTcpForwarding no") : null;
        string script = Path.Combine(this.scratch, "heartbeat.sh");
        await File.WriteAllTextAsync(script, HeartbeatProcedureTests.ProcedureScript());
        string seen = Path.Combine(this.scratch, "seen");
        (string company, string agent, JsonNode issue) = await this.RemoteAgentAsync(
            $"printf '%s\\n%s\\n%s\\n' \"$PAPERCLIP_API_BRIDGE_MODE\" \"$PAPERCLIP_API_URL\" \"$PAPERCLIP_API_KEY\" > '{seen}'; exec sh '{script}'", strict);
        await this.Board.CreateAsync($"api/issues/{issue["id"]}/comments", new { body = "Please write 42." });
        JsonNode run = (await this.Board.PollAsync($"api/companies/{company}/runs?issueId={issue["id"]}", r => r.AsArray().Count > 0, TimeSpan.FromMinutes(1))).AsArray()[0]!;
        JsonNode finished = await Scenario.FinishedRunAsync(this.Board, company, run["id"]!.GetValue<string>());
        Assert.True(finished["status"]!.GetValue<string>() == "succeeded", finished.ToJsonString());

        // me → checkout → comment → done, all through the bridge.
        JsonNode done = await this.Board.GetAsync($"api/issues/{issue["id"]}");
        Assert.Equal("done", done["status"]!.GetValue<string>());
        JsonNode reply = (await this.Board.GetAsync($"api/issues/{issue["id"]}/comments")).AsArray().Single(c => c!["authorAgentId"]?.GetValue<string>() == agent)!;
        Assert.Equal(run["id"]!.GetValue<string>(), reply["createdByRunId"]!.GetValue<string>());
        Assert.Equal("Please write 42.", (await File.ReadAllTextAsync(Path.Combine(await this.LocalWorkspaceAsync(company, finished), "answer.txt"))).Trim());

        // The agent was given the box's end of the tunnel, never the API's address, and a bridge token that is no
        // key of the API's: it does not work there, during the run or after.
        string[] given = await File.ReadAllLinesAsync(seen);
        Assert.Equal(mode, given[0]);
        Assert.Matches(@"^http://127\.0\.0\.1:\d+$", given[1]);
        Assert.NotEqual(fixture.Host.BaseAddress.ToString().TrimEnd('/'), given[1]);
        Assert.StartsWith("pcbt_", given[2], StringComparison.Ordinal);
        using ApiClient withToken = new(fixture.Host.BaseAddress, given[2]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withToken.SendAsync(HttpMethod.Get, "api/agents/me")).Status);
    }

    [Theory]
    [InlineData("tunnel_v1")]
    [InlineData("queue_v1")]
    public async Task TheBridge_RefusesWithUpstreamsStatuses_AndAnswers413ForAnOversizedBody(string mode)
    {
        await using SshdServer? strict = mode == "queue_v1" ? await SshdServer.StartAsync("AllowTcpForwarding no") : null;
        string results = Path.Combine(this.scratch, "results");
        string probe = string.Join("; ",
            "u=$PAPERCLIP_API_URL; k=$PAPERCLIP_API_KEY; m=$PAPERCLIP_API_BRIDGE_MODE",
            "code() { curl -s -o /dev/null -w '%{http_code}' \"$@\"; }",
            "head -c 300000 /dev/zero | tr '\\0' a > big.json",
            "{ echo \"mode=$m\"; echo \"me=$(code -H \"Authorization: Bearer $k\" $u/api/agents/me)\"",
            "echo \"bad=$(code -H 'Authorization: Bearer pcbt_nope' $u/api/agents/me)\"",
            "echo \"none=$(code $u/api/agents/me)\"",
            "echo \"secrets=$(code -H \"Authorization: Bearer $k\" $u/api/companies/$PAPERCLIP_COMPANY_ID/secrets)\"",
            "echo \"hire=$(code -X POST -H \"Authorization: Bearer $k\" -H 'Content-Type: application/json' --data '{}' $u/api/companies/$PAPERCLIP_COMPANY_ID/agents)\"",
            "echo \"text=$(code -X POST -H \"Authorization: Bearer $k\" -H 'Content-Type: text/plain' --data hi $u/api/issues/$PAPERCLIP_ISSUE_ID/comments)\"",
            "echo \"big=$(code -X POST -H \"Authorization: Bearer $k\" -H 'Content-Type: application/json' --data-binary @big.json $u/api/issues/$PAPERCLIP_ISSUE_ID/comments)\"",
            "echo \"comment=$(code -X POST -H \"Authorization: Bearer $k\" -H 'Content-Type: application/json' --data '{\"body\":\"via the bridge\"}' $u/api/issues/$PAPERCLIP_ISSUE_ID/comments)\"",
            "curl -s -H \"Authorization: Bearer $k\" $u/api/companies/$PAPERCLIP_COMPANY_ID/secrets | tr -d '\\n'; echo",
            $"rm -f big.json; }} > '{results}'");
        (string company, _, JsonNode issue) = await this.RemoteAgentAsync(probe, strict);
        string runId = await Scenario.WakeAsync(this.Board, company, issue["assigneeAgentId"]!.GetValue<string>(), new { issueId = issue["id"]!.GetValue<string>() });
        JsonNode run = await Scenario.FinishedRunAsync(this.Board, company, runId);
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.ToJsonString());

        string[] lines = await File.ReadAllLinesAsync(results);
        Dictionary<string, string> codes = lines.Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('{')).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(
            new Dictionary<string, string> { ["mode"] = mode, ["me"] = "200", ["bad"] = "401", ["none"] = "401", ["secrets"] = "403", ["hire"] = "403", ["text"] = "415", ["big"] = "413", ["comment"] = "201" },
            codes);
        JsonNode refusal = JsonNode.Parse(lines[^1])!;
        Assert.Equal(("bridge_route_not_allowed", $"Route not allowed: GET /api/companies/{company}/secrets"), (refusal["code"]!.GetValue<string>(), refusal["detail"]!.GetValue<string>()));
        Assert.Equal(refusal["detail"]!.GetValue<string>(), refusal["error"]!.GetValue<string>());

        // The one call that went through was made as the run: its comment records the run.
        JsonNode comment = (await this.Board.GetAsync($"api/issues/{issue["id"]}/comments")).AsArray().Single(c => c!["body"]!.GetValue<string>() == "via the bridge")!;
        Assert.Equal(runId, comment["createdByRunId"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("tunnel_v1")]
    [InlineData("queue_v1")]
    public async Task TwoHundredConcurrentCalls_FromTheBox_AreEachAnsweredWhole_AndTheTokenIsOnNoCommandLine(string mode)
    {
        await using SshdServer? strict = mode == "queue_v1" ? await SshdServer.StartAsync("AllowTcpForwarding no") : null;
        string results = Path.Combine(this.scratch, "concurrent-" + mode);
        string tokenFile = results + ".token";
        string go = results + ".go";

        // 200 calls at once, each answered with the issue: its own id in a whole JSON body (a torn answer would not parse).
        string script = string.Join("\n",
            $"printf '%s' \"$PAPERCLIP_API_KEY\" > '{tokenFile}'",
            $"i=0; while [ ! -e '{go}' ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done",
            "mkdir -p out",
            "n=0; while [ $n -lt 200 ]; do n=$((n+1)); curl -s -H \"Authorization: Bearer $PAPERCLIP_API_KEY\" \"$PAPERCLIP_API_URL/api/issues/$PAPERCLIP_ISSUE_ID\" > out/$n.json & done; wait",
            $"good=0; for f in out/*.json; do if node -e 'const j=JSON.parse(require(\"fs\").readFileSync(process.argv[1],\"utf8\")); if (j.id !== process.argv[2]) process.exit(1)' \"$f\" \"$PAPERCLIP_ISSUE_ID\"; then good=$((good+1)); fi; done; rm -rf out; echo $good > '{results}'");
        (string company, string agent, JsonNode issue) = await this.RemoteAgentAsync(script, strict);
        string runId = await Scenario.WakeAsync(this.Board, company, agent, new { issueId = issue["id"]!.GetValue<string>() });
        try
        {
            await this.Board.PollAsync($"api/companies/{company}/runs/{runId}", _ => File.Exists(tokenFile) && new FileInfo(tokenFile).Length > 0, TimeSpan.FromMinutes(1));
            string token = await File.ReadAllTextAsync(tokenFile);
            Assert.StartsWith("pcbt_", token, StringComparison.Ordinal);
            foreach (string process in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
            {
                string cmdline;
                try
                {
                    cmdline = (await File.ReadAllTextAsync(Path.Combine(process, "cmdline"))).Replace('\0', ' ');
                }
                catch (IOException)
                {
                    continue;
                }

                Assert.DoesNotContain(token, cmdline, StringComparison.Ordinal);
            }
        }
        finally
        {
            await File.WriteAllTextAsync(go, string.Empty);
        }

        JsonNode run = await Scenario.FinishedRunAsync(this.Board, company, runId, TimeSpan.FromMinutes(4));
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.ToJsonString());
        Assert.Equal("200", (await File.ReadAllTextAsync(results)).Trim());
    }

    [Fact]
    public async Task ABridgeLivesUnderItsWorkspacesLease_AnotherRunIsRefusedIt_AndTheHeartbeatsSweepVoidsItsToken()
    {
        IServiceProvider services = fixture.Host.App.Services;
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = await Scenario.AgentAsync(this.Board, company, "true", []);
        await Scenario.IssueAsync(this.Board, company, agent);
        JsonNode first = await Scenario.FinishedRunAsync(this.Board, company, await Scenario.WakeAsync(this.Board, company, agent));
        Guid workspace = Guid.Parse(first["executionWorkspaceId"]!.GetValue<string>());
        SecretValue key = new((await this.Board.CreateAsync($"api/companies/{company}/agents/{agent}/keys", new { }))["key"]!.GetValue<string>());

        // The workspace's lease held by a run that vanished without releasing it (its host died mid-execute, say).
        Guid holder = Guid.CreateVersion7();
        await ((DurableEngineBase)services.GetRequiredService<IDurableEngine>()).SignalEntityOperationAsync(
            WorkspaceEntity.IdFor(RunRequest.KeyOf(Guid.Parse(company), workspace)), "Admit", RunRequest.InstanceIdOf(holder), CancellationToken.None);
        await this.Board.PollAsync($"api/companies/{company}/workspaces/{workspace}", w => w["activeRunId"]?.GetValue<string>() == holder.ToString(), TimeSpan.FromMinutes(1));

        SshEnvironmentConfig config = new("127.0.0.1", this.sshd.Port, this.sshd.User, this.sshd.WorkspaceRoot, null, this.sshd.KnownHostsLine, true);
        using SshConnection connection = await SshConnector.ConnectAsync(config, new SecretValue(this.sshd.PrivateKey), trustUnknownHostKey: false, CancellationToken.None);
        SshExecutionTarget target = new(connection.Client, bridge: services.GetRequiredService<ICallbackBridge>(), site: new BridgeSite(Path.Combine(this.sshd.WorkspaceRoot, ".paperclip-runtime"), BridgeMode.Tunnel));

        // Only the holder drives the workspace's bridge: another run of it is refused one.
        PaperclipException refused = await Assert.ThrowsAsync<PaperclipException>(() => target.OpenCallbackAsync(new BridgeGrant(Guid.Parse(company), Guid.CreateVersion7(), workspace, key), CancellationToken.None));
        Assert.Equal((409, ErrorCodes.BridgeLeaseNotHeld), (refused.Status, refused.Code));

        await using CallbackRoute route = await target.OpenCallbackAsync(new BridgeGrant(Guid.Parse(company), holder, workspace, key), CancellationToken.None);
        // The bridge is not the API (its refusals are its own), so a plain client calls it.
        using HttpClient fromTheBox = new() { BaseAddress = new Uri(route.ApiUrl) };
        fromTheBox.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", route.Token.Reveal());
        Uri me = new("/api/agents/me", UriKind.Relative);
        Assert.Equal(HttpStatusCode.OK, (await fromTheBox.GetAsync(me)).StatusCode);

        // Once the lease lapsed, the heartbeat's sweep releases the workspace from the vanished holder, and the token dies
        // with the lease: within the bridge's check interval (15 s here) its calls are refused.
        Assert.True((await HeartbeatTests.Heartbeat(services, WorkspaceState.LeaseTtl + TimeSpan.FromMinutes(1)).TickAsync(CancellationToken.None)).LeasesReleased >= 1);
        HttpStatusCode status = HttpStatusCode.OK;
        for (DateTime deadline = DateTime.UtcNow.AddMinutes(1); status == HttpStatusCode.OK && DateTime.UtcNow < deadline;)
        {
            using HttpResponseMessage answer = await fromTheBox.GetAsync(me);
            status = answer.StatusCode;
            await Task.Delay(status == HttpStatusCode.OK ? 100 : 0);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    /// <summary>A company with a pinned SSH environment, a project on it, and an agent on the box with an issue.</summary>
    async Task<(string Company, string Agent, JsonNode Issue)> RemoteAgentAsync(string script, SshdServer? server = null)
    {
        SshdServer box = server ?? this.sshd;
        string company = await Scenario.CompanyAsync(this.Board);
        string environment = (await this.Board.CreateAsync($"api/companies/{company}/environments", new
        {
            name = "box",
            driver = "ssh",
            config = new { host = "127.0.0.1", port = box.Port, username = box.User, remoteWorkspacePath = Path.Combine(box.WorkspaceRoot, "ws"), privateKey = box.PrivateKey, knownHosts = box.KnownHostsLine },
        }))["id"]!.GetValue<string>();
        string local = Directory.CreateDirectory(Path.Combine(this.scratch, "local-" + Guid.NewGuid().ToString("N")[..6])).FullName;
        File.WriteAllText(Path.Combine(local, "README.md"), "hello\n");
        string project = (await this.Board.CreateAsync($"api/companies/{company}/projects", new
        {
            name = "web",
            workspaceCwd = local,
            executionWorkspacePolicy = new { enabled = true, defaultMode = "shared_workspace", environmentId = environment },
        }))["id"]!.GetValue<string>();
        string agent = (await this.Board.CreateAsync($"api/companies/{company}/agents", new
        {
            name = "boxed-" + Guid.NewGuid().ToString("N")[..6],
            adapterType = "process",
            adapterConfig = new { command = "sh", args = new[] { "-c", script } },
            defaultEnvironmentId = environment,
        }))["id"]!.GetValue<string>();
        JsonNode issue = await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "Write the answer", projectId = project, assigneeAgentId = agent });
        return (company, agent, issue);
    }

    async Task<string> LocalWorkspaceAsync(string company, JsonNode run) =>
        await Scenario.WorkspaceDirAsync(this.Board, company, run["executionWorkspaceId"]!.GetValue<string>());
}
