using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Paperclip.Runs.Heartbeat;
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
        string issue = (await Scenario.IssueAsync(this.Board, company, holder))["id"]!.GetValue<string>();

        // The agent's run occupies the issue's workspace, so its next run stays queued behind it (a follow-up of the
        // same agent; another agent's wake would be deferred instead).
        string holding = await Scenario.WakeAsync(this.Board, company, holder, new { issueId = issue });
        await this.Board.PollAsync($"api/companies/{company}/runs/{holding}", r => r["status"]!.GetValue<string>() == "running", TimeSpan.FromMinutes(1));
        JsonNode[] wakes = new JsonNode[3];
        for (int i = 0; i < wakes.Length; i++)
        {
            wakes[i] = await this.Board.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post, $"api/companies/{company}/agents/{holder}/wakeup", new { issueId = issue });
        }

        Assert.Single(wakes.Select(w => w["runId"]!.GetValue<string>()).Distinct());
        Assert.Equal([false, true, true], wakes.Select(w => w["coalesced"]!.GetValue<bool>()));
        JsonNode run = await Scenario.FinishedRunAsync(this.Board, company, wakes[0]["runId"]!.GetValue<string>());
        Assert.Equal(2, run["coalescedCount"]!.GetValue<int>());
        Assert.Equal(2, (await this.Board.GetAsync($"api/companies/{company}/runs?issueId={issue}")).AsArray().Count);
        Assert.Equal(["coalesced", "coalesced", "queued", "queued"], (await this.Board.GetAsync($"api/companies/{company}/agents/{holder}/wakeups")).AsArray().Select(w => w!["status"]!.GetValue<string>()));
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

        // The most executing at one instant: the count at some interval's start (where concurrency can only rise).
        // Counting the intervals one interval overlaps is not that: B can overlap A and C while A ends before C starts.
        int mostAtOnce = executions.Max(e => executions.Count(o => o.Start <= e.Start && e.Start < o.End));
        await this.Board.PollAsync($"api/companies/{company}/agents/{agent}", a => a["status"]!.GetValue<string>() == "idle", TimeSpan.FromMinutes(1));
        if (limit == 1)
        {
            Assert.Equal(1, mostAtOnce);
        }
        else
        {
            Assert.InRange(mostAtOnce, 2, limit);
        }
    }

    [Fact]
    public async Task AWakeOfAnotherAgentWhileTheIssueExecutes_IsDeferred_AndPromotedWhenTheRunEnds()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string builder = await Scenario.AgentAsync(this.Board, company, "sh", ["-c", "sleep 3"]);
        string reviewer = await Scenario.AgentAsync(this.Board, company, "true", []);
        string issue = (await Scenario.IssueAsync(this.Board, company, builder))["id"]!.GetValue<string>();
        string building = await Scenario.WakeAsync(this.Board, company, builder, new { issueId = issue });
        await this.Board.PollAsync($"api/companies/{company}/runs/{building}", r => r["status"]!.GetValue<string>() == "running", TimeSpan.FromMinutes(1));

        // The reviewer's wake waits for the builder's run (no run yet); a second one merges into it.
        JsonNode deferred = await this.Board.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post, $"api/companies/{company}/agents/{reviewer}/wakeup", new { issueId = issue, reason = "review" });
        Assert.True(deferred["deferred"]!.GetValue<bool>());
        Assert.Null(deferred["runId"]);
        JsonNode again = await this.Board.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post, $"api/companies/{company}/agents/{reviewer}/wakeup", new { issueId = issue, reason = "review" });
        Assert.Equal(deferred["wakeupRequestId"]!.GetValue<string>(), again["wakeupRequestId"]!.GetValue<string>());
        JsonNode wake = (await this.Board.GetAsync($"api/companies/{company}/agents/{reviewer}/wakeups")).AsArray().Single()!;
        Assert.Equal(("deferred_issue_execution", 1), (wake["status"]!.GetValue<string>(), wake["coalescedCount"]!.GetValue<int>()));
        Assert.Single((await this.Board.GetAsync($"api/companies/{company}/runs?issueId={issue}")).AsArray());

        // The builder's run ends: the deferred wake becomes the reviewer's run, with its own reason.
        JsonNode built = await Scenario.FinishedRunAsync(this.Board, company, building);
        JsonNode promoted = await this.Board.PollAsync($"api/companies/{company}/agents/{reviewer}/wakeups", w => w.AsArray().Single()!["status"]!.GetValue<string>() == "queued", TimeSpan.FromMinutes(1));
        JsonNode record = promoted.AsArray().Single()!;
        Assert.Equal("issue_execution_promoted", record["reason"]!.GetValue<string>());
        JsonNode review = await Scenario.FinishedRunAsync(this.Board, company, record["runId"]!.GetValue<string>());
        Assert.Equal(("succeeded", reviewer, "review"), (review["status"]!.GetValue<string>(), review["agentId"]!.GetValue<string>(), review["wakeReason"]!.GetValue<string>()));
        Assert.True(review["createdAt"]!.GetValue<DateTimeOffset>() >= built["finishedAt"]!.GetValue<DateTimeOffset>(), "promoted before the run ended");

        // Every wake of the builder has its record too.
        JsonNode builderWake = (await this.Board.GetAsync($"api/companies/{company}/agents/{builder}/wakeups")).AsArray().Single()!;
        Assert.Equal(("queued", building), (builderWake["status"]!.GetValue<string>(), builderWake["runId"]!.GetValue<string>()));
    }
}
