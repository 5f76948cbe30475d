using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Paperclip.Core.Services.Runs;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>Timer wakes from the heartbeat, the agent's wake policy, and coalescing of repeated wakes.</summary>
[Collection(HostCollection.Name)]
public sealed class WakePolicyTests(HostFixture fixture)
{
    ApiClient Board => fixture.Host.Board;

    Task<HeartbeatTickResult> TickAsync() => fixture.Host.App.Services.GetRequiredService<HeartbeatService>().TickAsync(CancellationToken.None);

    async Task<string> AgentAsync(string company, object runtimeConfig) =>
        (await this.Board.CreateAsync($"api/companies/{company}/agents", new
        {
            name = "timed-" + Guid.NewGuid().ToString("N")[..6],
            adapterType = "process",
            adapterConfig = new { command = "true", args = Array.Empty<string>() },
            runtimeConfig,
        }))["id"]!.GetValue<string>();

    [Fact]
    public async Task Heartbeat_WakesAgentsWhoseIntervalElapsed_AndHonoursPauseAndPolicy()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string due = await this.AgentAsync(company, new { heartbeat = new { intervalSec = 1 } });
        string paused = await this.AgentAsync(company, new { heartbeat = new { intervalSec = 1 } });
        string noTimer = await this.AgentAsync(company, new { heartbeat = new { enabled = false, intervalSec = 1 } });
        string dueIssue = (await Scenario.IssueAsync(this.Board, company, due))["id"]!.GetValue<string>();
        string pausedIssue = (await Scenario.IssueAsync(this.Board, company, paused))["id"]!.GetValue<string>();
        string noTimerIssue = (await Scenario.IssueAsync(this.Board, company, noTimer))["id"]!.GetValue<string>();
        JsonNode pausedAgent = await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, $"api/companies/{company}/agents/{paused}", new { status = "paused" });
        Assert.Equal("paused", pausedAgent["status"]!.GetValue<string>());

        // Created more than a second ago by the time the tick runs: make sure of that without sleeping on a guess.
        await this.Board.PollAsync($"api/companies/{company}/agents/{due}", a => DateTimeOffset.UtcNow - a["createdAt"]!.GetValue<DateTimeOffset>() > TimeSpan.FromSeconds(1.2), TimeSpan.FromSeconds(30));
        HeartbeatTickResult tick = await this.TickAsync();
        Assert.True(tick.Enqueued >= 1);

        JsonNode run = (await this.Board.GetAsync($"api/companies/{company}/runs?issueId={dueIssue}")).AsArray().Single()!;
        Assert.Equal(("heartbeat_timer", "timer"), (run["wakeReason"]!.GetValue<string>(), run["source"]!.GetValue<string>()));
        Assert.Equal("succeeded", (await Scenario.FinishedRunAsync(this.Board, company, run["id"]!.GetValue<string>()))["status"]!.GetValue<string>());
        Assert.Empty((await this.Board.GetAsync($"api/companies/{company}/runs?issueId={pausedIssue}")).AsArray());
        Assert.Empty((await this.Board.GetAsync($"api/companies/{company}/runs?issueId={noTimerIssue}")).AsArray());

        (HttpStatusCode status, JsonNode? body, _) = await this.Board.SendAsync(HttpMethod.Post, $"api/companies/{company}/agents/{paused}/wakeup", new { });
        Assert.Equal((HttpStatusCode.Conflict, "agent_not_invokable"), (status, body!["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task WakeOnDemandOff_SkipsOnDemandWakes()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = await this.AgentAsync(company, new { heartbeat = new { wakeOnDemand = false } });
        await Scenario.IssueAsync(this.Board, company, agent);
        (HttpStatusCode status, JsonNode? body, _) = await this.Board.SendAsync(HttpMethod.Post, $"api/companies/{company}/agents/{agent}/wakeup", new { });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("wakeup_skipped", body!["code"]!.GetValue<string>());
        Assert.Equal("heartbeat.wakeOnDemand.disabled", body["reason"]!.GetValue<string>());
        Assert.Empty((await this.Board.GetAsync($"api/companies/{company}/runs")).AsArray());

        JsonNode resumed = await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, $"api/companies/{company}/agents/{agent}", new { runtimeConfig = new { heartbeat = new { wakeOnDemand = true } } });
        Assert.True(resumed["heartbeat"]!["wakeOnDemand"]!.GetValue<bool>());
        await Scenario.WakeAsync(this.Board, company, agent);
    }

    [Fact]
    public async Task RepeatedWakes_CoalesceIntoTheQueuedRun()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string holder = await Scenario.AgentAsync(this.Board, company, "sh", ["-c", "sleep 3"]);
        string waiter = await Scenario.AgentAsync(this.Board, company, "true", []);
        string issue = (await Scenario.IssueAsync(this.Board, company, holder))["id"]!.GetValue<string>();

        // The holder's run occupies the issue's workspace, so the waiter's run stays queued behind it.
        string holding = await Scenario.WakeAsync(this.Board, company, holder, new { issueId = issue });
        await this.Board.PollAsync($"api/companies/{company}/runs/{holding}", r => r["status"]!.GetValue<string>() == "running", TimeSpan.FromMinutes(1));
        JsonNode[] wakes = new JsonNode[3];
        for (int i = 0; i < wakes.Length; i++)
        {
            wakes[i] = await this.Board.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post, $"api/companies/{company}/agents/{waiter}/wakeup", new { issueId = issue });
        }

        Assert.Single(wakes.Select(w => w["runId"]!.GetValue<string>()).Distinct());
        Assert.Equal([false, true, true], wakes.Select(w => w["coalesced"]!.GetValue<bool>()));
        JsonNode run = await Scenario.FinishedRunAsync(this.Board, company, wakes[0]["runId"]!.GetValue<string>());
        Assert.Equal(2, run["coalescedCount"]!.GetValue<int>());
        Assert.Equal(2, (await this.Board.GetAsync($"api/companies/{company}/runs?issueId={issue}")).AsArray().Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task MaxConcurrentRuns_LimitsHowManyOfTheAgentsRunsExecuteAtOnce_AcrossWorkspaces(int limit)
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = (await this.Board.CreateAsync($"api/companies/{company}/agents", new
        {
            name = "limited-" + Guid.NewGuid().ToString("N")[..6],
            adapterType = "process",
            adapterConfig = new { command = "sleep", args = new[] { "4" } },
            runtimeConfig = new { heartbeat = new { maxConcurrentRuns = limit } },
        }))["id"]!.GetValue<string>();
        string[] issues = new string[3];
        for (int i = 0; i < issues.Length; i++)
        {
            issues[i] = (await Scenario.IssueAsync(this.Board, company, agent, $"task {i}"))["id"]!.GetValue<string>();
        }

        // Three issues, three workspaces: only the agent's limit keeps them from running side by side.
        List<string> runIds = [];
        foreach (string issue in issues)
        {
            runIds.Add(await Scenario.WakeAsync(this.Board, company, agent, new { issueId = issue }));
        }

        List<(DateTimeOffset Start, DateTimeOffset End)> executions = [];
        foreach (string runId in runIds)
        {
            JsonNode run = await Scenario.FinishedRunAsync(this.Board, company, runId, TimeSpan.FromMinutes(3));
            Assert.Equal("succeeded", run["status"]!.GetValue<string>());
            JsonNode execute = run["operations"]!.AsArray().Single(o => o!["phase"]!.GetValue<string>() == "execute")!;
            executions.Add((execute["startedAt"]!.GetValue<DateTimeOffset>(), execute["finishedAt"]!.GetValue<DateTimeOffset>()));
        }

        int mostAtOnce = executions.Max(e => executions.Count(o => o.Start < e.End && e.Start < o.End));
        if (limit == 1)
        {
            Assert.Equal(1, mostAtOnce);
        }
        else
        {
            Assert.InRange(mostAtOnce, 2, limit);
        }
    }
}
