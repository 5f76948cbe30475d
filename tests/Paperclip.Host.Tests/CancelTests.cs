using System.Net;
using System.Text.Json.Nodes;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

[Collection(HostCollection.Name)]
public sealed class CancelTests(HostFixture fixture)
{
    ApiClient Board => fixture.Host.Board;

    [Fact]
    public async Task Cancel_KillsTheRunningAgent_AndEndsTheRunCancelled()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = await Scenario.AgentAsync(this.Board, company, "sh", ["-c", "echo started; sleep 120; echo never"]);
        await Scenario.IssueAsync(this.Board, company, agent);
        string runId = await Scenario.WakeAsync(this.Board, company, agent);
        await this.Board.PollAsync($"api/companies/{company}/runs/{runId}", r => r["status"]!.GetValue<string>() == "running" && r["operations"]!.AsArray().Count >= 2, TimeSpan.FromMinutes(1));
        await this.Board.PollAsync($"api/companies/{company}/agents/{agent}", a => a["status"]!.GetValue<string>() == "running", TimeSpan.FromMinutes(1));

        DateTimeOffset asked = DateTimeOffset.UtcNow;
        JsonNode accepted = await this.Board.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post, $"api/companies/{company}/runs/{runId}/cancel");
        Assert.NotNull(accepted["id"]);
        JsonNode run = await Scenario.FinishedRunAsync(this.Board, company, runId);

        Assert.Equal("cancelled", run["status"]!.GetValue<string>());
        Assert.True(run["finishedAt"]!.GetValue<DateTimeOffset>() - asked < TimeSpan.FromSeconds(30), "the agent must be killed, not waited for");
        JsonArray ops = run["operations"]!.AsArray();
        Assert.Equal(["worktree_prepare", "execute", "workspace_finalize"], Scenario.Phases(run));
        Assert.Equal("Cancelled by control plane", ops[1]!["error"]!.GetValue<string>());
        Assert.Equal("succeeded", ops[2]!["status"]!.GetValue<string>());
        string log = (await this.Board.GetAsync($"api/companies/{company}/runs/{runId}/log"))["content"]!.GetValue<string>();
        Assert.Equal("started\n", log);
        await this.Board.PollAsync($"api/companies/{company}/agents/{agent}", a => a["status"]!.GetValue<string>() == "idle", TimeSpan.FromSeconds(30));

        (HttpStatusCode status, JsonNode? body, _) = await this.Board.SendAsync(HttpMethod.Post, $"api/companies/{company}/runs/{runId}/cancel");
        Assert.Equal((HttpStatusCode.Conflict, "run_not_cancellable"), (status, body!["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Cancel_AsksTheAgentsProcessGroupToStopFirst_AndForcesWhatIgnoresItAfterGraceSec()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        // The agent and its child both hear SIGTERM (one process group); the agent notes it and keeps going, so it is
        // forced after its one-second grace.
        string agent = (await this.Board.CreateAsync($"api/companies/{company}/agents", new
        {
            name = "stubborn-" + Guid.NewGuid().ToString("N")[..6],
            adapterType = "process",
            adapterConfig = new { command = "sh", args = new[] { "-c", "trap 'echo got-term' TERM; (trap 'echo child-got-term; exit 0' TERM; sleep 120 & wait) & echo started; while :; do sleep 0.2; done" }, graceSec = 1 },
        }))["id"]!.GetValue<string>();
        Assert.Equal(1, (await this.Board.GetAsync($"api/companies/{company}/agents/{agent}"))["adapterConfig"]!["graceSec"]!.GetValue<int>());
        await Scenario.IssueAsync(this.Board, company, agent);
        string runId = await Scenario.WakeAsync(this.Board, company, agent);
        await this.Board.PollAsync($"api/companies/{company}/runs/{runId}/log", l => l["content"]!.GetValue<string>().Contains("started", StringComparison.Ordinal), TimeSpan.FromMinutes(1));

        await this.Board.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post, $"api/companies/{company}/runs/{runId}/cancel");
        JsonNode run = await Scenario.FinishedRunAsync(this.Board, company, runId);

        Assert.Equal("cancelled", run["status"]!.GetValue<string>());
        string log = (await this.Board.GetAsync($"api/companies/{company}/runs/{runId}/log"))["content"]!.GetValue<string>();
        Assert.Contains("got-term", log, StringComparison.Ordinal);
        Assert.Contains("child-got-term", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GraceSec_OutOfRange_IsRefused()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        (HttpStatusCode status, JsonNode? body, _) = await this.Board.SendAsync(HttpMethod.Post, $"api/companies/{company}/agents", new
        {
            name = "bad-grace",
            adapterType = "process",
            adapterConfig = new { command = "true", graceSec = 99999 },
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("graceSec", body!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_OfAQueuedRun_NeverStartsItsAgent()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        // The agent's first run holds the workspace; its follow-up run (which would write ran.txt) queues behind it.
        string holder = await Scenario.AgentAsync(this.Board, company, "sh", ["-c", "if [ -e started ]; then echo ran > ran.txt; else touch started; sleep 2; fi"]);
        string issue = (await Scenario.IssueAsync(this.Board, company, holder))["id"]!.GetValue<string>();
        string holding = await Scenario.WakeAsync(this.Board, company, holder, new { issueId = issue });
        await this.Board.PollAsync($"api/companies/{company}/runs/{holding}", r => r["status"]!.GetValue<string>() == "running", TimeSpan.FromMinutes(1));
        string queued = await Scenario.WakeAsync(this.Board, company, holder, new { issueId = issue });

        await this.Board.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post, $"api/companies/{company}/runs/{queued}/cancel");
        JsonNode run = await Scenario.FinishedRunAsync(this.Board, company, queued);

        Assert.Equal("cancelled", run["status"]!.GetValue<string>());
        Assert.Equal("succeeded", (await Scenario.FinishedRunAsync(this.Board, company, holding))["status"]!.GetValue<string>());
        string workspace = await Scenario.WorkspaceDirAsync(this.Board, company, run["executionWorkspaceId"]!.GetValue<string>());
        Assert.True(Directory.Exists(workspace), "the holding run ran in this workspace");
        Assert.False(File.Exists(Path.Combine(workspace, "ran.txt")));
    }
}
