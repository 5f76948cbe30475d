using System.Net;
using System.Text.Json.Nodes;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

[Collection(HostCollection.Name)]
public sealed class RunEndToEndTests(HostFixture fixture)
{
    ApiClient Board => fixture.Host.Board;

    [Fact]
    public async Task Quickstart_WakeupRunsTheCommandAndRecordsThreeOperationsInOrder()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = await Scenario.AgentAsync(this.Board, company, "sh", ["-c", "printf '%s' \"$PAPERCLIP_ISSUE_ID\" > issue.txt"]);
        JsonNode issue = await Scenario.IssueAsync(this.Board, company, agent);
        string issueId = issue["id"]!.GetValue<string>();

        JsonNode accepted = await this.Board.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post, $"api/companies/{company}/agents/{agent}/wakeup", new { reason = "quickstart" });
        Assert.Equal("queued", accepted["status"]!.GetValue<string>());
        string runId = accepted["runId"]!.GetValue<string>();

        JsonNode run = await Scenario.FinishedRunAsync(this.Board, company, runId);
        Assert.Equal("succeeded", run["status"]!.GetValue<string>());
        Assert.Equal(0, run["exitCode"]!.GetValue<int>());
        Assert.Equal(issueId, run["issueId"]!.GetValue<string>());
        Assert.Equal(agent, run["agentId"]!.GetValue<string>());
        Assert.Equal("quickstart", run["wakeReason"]!.GetValue<string>());
        Assert.Equal(["worktree_prepare", "execute", "workspace_finalize"], Scenario.Phases(run));
        JsonArray ops = run["operations"]!.AsArray();
        Assert.All(ops, o => Assert.Equal("succeeded", o!["status"]!.GetValue<string>()));
        for (int i = 1; i < ops.Count; i++)
        {
            Assert.True(ops[i]!["startedAt"]!.GetValue<DateTimeOffset>() >= ops[i - 1]!["finishedAt"]!.GetValue<DateTimeOffset>(), "phases must not overlap");
        }

        // The command really ran in the issue's workspace directory, with the run's context in its environment.
        string workspace = await Scenario.WorkspaceDirAsync(this.Board, company, run["executionWorkspaceId"]!.GetValue<string>());
        Assert.StartsWith(fixture.Host.DataDirectory, workspace, StringComparison.Ordinal);
        Assert.Equal(issueId, await File.ReadAllTextAsync(Path.Combine(workspace, "issue.txt")));

        // The agent's status follows the run's end (written just after it): polled, not read once.
        JsonNode agentAfter = await this.Board.PollAsync($"api/companies/{company}/agents/{agent}", a => a["status"]!.GetValue<string>() == "idle", TimeSpan.FromSeconds(30));
        Assert.NotNull(agentAfter["lastHeartbeatAt"]);
    }

    [Fact]
    public async Task FailingCommand_FailsTheRunWithItsExitCodeAndStillFinalizes()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = await Scenario.AgentAsync(this.Board, company, "sh", ["-c", "exit 3"]);
        await Scenario.IssueAsync(this.Board, company, agent);
        JsonNode run = await Scenario.FinishedRunAsync(this.Board, company, await Scenario.WakeAsync(this.Board, company, agent));

        Assert.Equal("failed", run["status"]!.GetValue<string>());
        Assert.Equal(3, run["exitCode"]!.GetValue<int>());
        JsonArray ops = run["operations"]!.AsArray();
        Assert.Equal(["succeeded", "failed", "succeeded"], ops.Select(o => o!["status"]!.GetValue<string>()));
        await this.Board.PollAsync($"api/companies/{company}/agents/{agent}", a => a["status"]!.GetValue<string>() == "error", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task MissingCommand_FailsTheRunWithAClearError()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = await Scenario.AgentAsync(this.Board, company, "/nonexistent/agent-cli", []);
        await Scenario.IssueAsync(this.Board, company, agent);
        JsonNode run = await Scenario.FinishedRunAsync(this.Board, company, await Scenario.WakeAsync(this.Board, company, agent));

        Assert.Equal("failed", run["status"]!.GetValue<string>());
        Assert.Contains("could not be started", run["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["worktree_prepare", "execute", "workspace_finalize"], Scenario.Phases(run));
    }

    [Fact]
    public async Task Timeout_KillsTheCommandAndRecordsTimedOut()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = await Scenario.AgentAsync(this.Board, company, "sleep", ["60"], timeoutSec: 1);
        await Scenario.IssueAsync(this.Board, company, agent);
        JsonNode run = await Scenario.FinishedRunAsync(this.Board, company, await Scenario.WakeAsync(this.Board, company, agent));

        Assert.Equal("timed_out", run["status"]!.GetValue<string>());
        TimeSpan took = run["finishedAt"]!.GetValue<DateTimeOffset>() - run["startedAt"]!.GetValue<DateTimeOffset>();
        Assert.True(took < TimeSpan.FromSeconds(30), $"the timeout must kill the command (took {took})");
    }

    [Fact]
    public async Task RunsOnOneWorkspace_AreStrictlySerializedInArrivalOrder()
    {
        const int runs = 20;
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = await Scenario.AgentAsync(this.Board, company, "sh", ["-c", "echo \"$PAPERCLIP_RUN_ID\" >> runs.log; sleep 0.2"]);
        string issueId = (await Scenario.IssueAsync(this.Board, company, agent))["id"]!.GetValue<string>();
        List<string> runIds = [];
        for (int i = 0; i < runs; i++)
        {
            // Distinct keys ask for distinct runs (an unkeyed wake would merge into the queued one).
            runIds.Add(await Scenario.WakeAsync(this.Board, company, agent, new { issueId, idempotencyKey = $"serial-{i}" }));
        }

        List<JsonNode> finished = [];
        foreach (string runId in runIds)
        {
            finished.Add(await Scenario.FinishedRunAsync(this.Board, company, runId, TimeSpan.FromMinutes(3)));
        }

        Assert.All(finished, r => Assert.Equal("succeeded", r["status"]!.GetValue<string>()));
        List<(DateTimeOffset Start, DateTimeOffset End)> spans = finished
            .Select(r => r["operations"]!.AsArray())
            .Select(ops => (ops[0]!["startedAt"]!.GetValue<DateTimeOffset>(), ops[^1]!["finishedAt"]!.GetValue<DateTimeOffset>()))
            .ToList();
        for (int i = 1; i < spans.Count; i++)
        {
            Assert.True(spans[i].Start >= spans[i - 1].End, $"run {i} started before run {i - 1} finished");
        }

        string workspaceId = finished[0]["executionWorkspaceId"]!.GetValue<string>();
        // The last run releases the workspace right after its finalize is recorded.
        JsonNode workspace = await this.Board.PollAsync($"api/companies/{company}/workspaces/{workspaceId}", w => w["activeRunId"] is null, TimeSpan.FromMinutes(1));
        Assert.Empty(workspace["queuedRunIds"]!.AsArray());
        Assert.Equal(runs, workspace["admittedCount"]!.GetValue<long>());
        Assert.Equal(runIds[^1], workspace["lastReleasedRunId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Wakeup_RejectsAgentsWithoutWorkAndUnknownIssues()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = await Scenario.AgentAsync(this.Board, company, "true", []);
        (HttpStatusCode status, JsonNode? body, _) = await this.Board.SendAsync(HttpMethod.Post, $"api/companies/{company}/agents/{agent}/wakeup", new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("no_issue_to_run", body!["code"]!.GetValue<string>());

        (status, body, _) = await this.Board.SendAsync(HttpMethod.Post, $"api/companies/{company}/agents/{agent}/wakeup", new { issueId = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body!["errors"]!["issueId"]);
        Assert.Empty((await this.Board.GetAsync($"api/companies/{company}/runs")).AsArray());
    }

    [Fact]
    public async Task AdapterConfigEnv_ReachesTheAgent_ButNeverOverridesTheRunsContext()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = (await this.Board.CreateAsync($"api/companies/{company}/agents", new
        {
            name = "env-agent",
            adapterType = "process",
            adapterConfig = new
            {
                command = "sh",
                args = new[] { "-c", "echo \"$GREETING|$MODE|${PAPERCLIP_TESTS_HOST_ONLY:-unset}\"" },
                env = new Dictionary<string, object> { ["GREETING"] = "hello world", ["MODE"] = new { type = "plain", value = "fast" } },
            },
        }))["id"]!.GetValue<string>();
        await Scenario.IssueAsync(this.Board, company, agent);

        // A variable of the host process (the self-host runs in this one) must not reach the agent.
        Environment.SetEnvironmentVariable("PAPERCLIP_TESTS_HOST_ONLY", "leaked");
        JsonNode run = await Scenario.FinishedRunAsync(this.Board, company, await Scenario.WakeAsync(this.Board, company, agent));
        Assert.Equal("hello world|fast|unset\n", run["stdoutExcerpt"]!.GetValue<string>());

        foreach ((object env, string field) in new (object, string)[]
        {
            (new Dictionary<string, object> { ["PAPERCLIP_RUN_ID"] = "mine" }, "adapterConfig.env.PAPERCLIP_RUN_ID"),
            (new Dictionary<string, object> { ["1BAD"] = "x" }, "adapterConfig.env.1BAD"),
            (new Dictionary<string, object> { ["TOKEN"] = new { type = "secret_ref", secretId = "not-an-id" } }, "adapterConfig.env.TOKEN"),
            (new Dictionary<string, object> { ["TOKEN"] = new { type = "secret_ref", secretId = Guid.NewGuid(), version = 0 } }, "adapterConfig.env.TOKEN"),
            (new Dictionary<string, object> { ["TOKEN"] = "***REDACTED***" }, "adapterConfig.env.TOKEN"),
            (new Dictionary<string, object> { ["N"] = 5 }, "adapterConfig.env.N"),
        })
        {
            (HttpStatusCode status, JsonNode? body, _) = await this.Board.SendAsync(HttpMethod.Post, $"api/companies/{company}/agents", new
            {
                name = "bad-env",
                adapterType = "process",
                adapterConfig = new { command = "true", env },
            });
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.NotNull(body!["errors"]![field]);
        }
    }
}
