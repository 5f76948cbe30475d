using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Paperclip.Core.Domain;
using Paperclip.Core.Ports;
using Paperclip.Runs.Engine;
using Paperclip.Runs.Entities;
using Paperclip.Runs.Heartbeat;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

[Collection(HostCollection.Name)]
public sealed class HeartbeatTests(HostFixture fixture)
{
    [Fact]
    public async Task Tick_FailsRunsWhoseOrchestrationIsGone_AndLeavesLiveOnesAlone()
    {
        IServiceProvider services = fixture.Host.App.Services;
        IRunRepository runs = services.GetRequiredService<IRunRepository>();
        string company = await Scenario.CompanyAsync(fixture.Host.Board);
        string agent = await Scenario.AgentAsync(fixture.Host.Board, company, "true", []);
        JsonNode issue = await Scenario.IssueAsync(fixture.Host.Board, company, agent);
        string finished = await Scenario.WakeAsync(fixture.Host.Board, company, agent);
        await Scenario.FinishedRunAsync(fixture.Host.Board, company, finished);

        // A run row whose orchestration never started (say, the process died between the two writes), gone quiet long ago.
        DateTimeOffset longAgo = DateTimeOffset.UtcNow - HeartbeatService.OrphanGrace - TimeSpan.FromMinutes(1);
        Guid issueId = Guid.Parse(issue["id"]!.GetValue<string>());
        Run orphan = new(Guid.CreateVersion7(), Guid.Parse(company), Guid.Parse(agent), issueId, issueId, RunStatus.Running, "test", null, null, longAgo, longAgo, null, longAgo);
        Run fresh = orphan with { Id = Guid.CreateVersion7(), UpdatedAt = DateTimeOffset.UtcNow };
        await runs.CreateAsync(orphan, CancellationToken.None);
        await runs.CreateAsync(fresh, CancellationToken.None);

        HeartbeatTickResult tick = await services.GetRequiredService<HeartbeatService>().TickAsync(CancellationToken.None);

        Assert.True(tick.OrphansFailed >= 1);
        JsonNode orphanAfter = await fixture.Host.Board.GetAsync($"api/companies/{company}/runs/{orphan.Id}");
        Assert.Equal("failed", orphanAfter["status"]!.GetValue<string>());
        Assert.Equal("process_lost", orphanAfter["errorCode"]!.GetValue<string>());
        Assert.StartsWith("Process lost -- server may have restarted", orphanAfter["error"]!.GetValue<string>(), StringComparison.Ordinal);

        // One automatic retry, and only one however often the sweep runs.
        await services.GetRequiredService<HeartbeatService>().TickAsync(CancellationToken.None);
        JsonNode retry = (await fixture.Host.Board.GetAsync($"api/companies/{company}/runs?issueId={issueId}")).AsArray()
            .Single(r => r!["retryOfRunId"]?.GetValue<string>() == orphan.Id.ToString())!;
        Assert.Equal("process_lost_retry", retry["wakeReason"]!.GetValue<string>());
        JsonNode retried = await Scenario.FinishedRunAsync(fixture.Host.Board, company, retry["id"]!.GetValue<string>());
        Assert.Equal("succeeded", retried["status"]!.GetValue<string>());
        Assert.Equal("running", (await fixture.Host.Board.GetAsync($"api/companies/{company}/runs/{fresh.Id}"))["status"]!.GetValue<string>());
        Assert.Equal("succeeded", (await fixture.Host.Board.GetAsync($"api/companies/{company}/runs/{finished}"))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tick_ReleasesAWorkspaceFromAVanishedHolderOnceItsLeaseLapsed_AndTheLineMovesOn()
    {
        IServiceProvider services = fixture.Host.App.Services;
        IDurableEngine engine = services.GetRequiredService<IDurableEngine>();
        ApiClient board = fixture.Host.Board;
        string company = await Scenario.CompanyAsync(board);
        string agent = await Scenario.AgentAsync(board, company, "true", []);
        await Scenario.IssueAsync(board, company, agent);
        JsonNode first = await Scenario.FinishedRunAsync(board, company, await Scenario.WakeAsync(board, company, agent));
        string workspaceId = first["executionWorkspaceId"]!.GetValue<string>();

        // A holder that vanished without releasing (no run, no orchestration), and a real run waiting behind it.
        string ghost = Guid.CreateVersion7().ToString();
        await ((DurableEngineBase)engine).SignalEntityOperationAsync(WorkspaceEntity.IdFor($"{company}_{workspaceId}"), "Admit", ghost, CancellationToken.None);
        await board.PollAsync($"api/companies/{company}/workspaces/{workspaceId}", w => w["activeRunId"]?.GetValue<string>() == ghost, TimeSpan.FromMinutes(1));
        string waiting = await Scenario.WakeAsync(board, company, agent);
        await board.PollAsync($"api/companies/{company}/workspaces/{workspaceId}", w => w["queuedRunIds"]!.AsArray().Any(r => r!.GetValue<string>() == waiting), TimeSpan.FromMinutes(1));

        // Before the lease lapses the heartbeat leaves it alone.
        Assert.Equal(0, (await Heartbeat(services, TimeSpan.Zero).TickAsync(CancellationToken.None)).LeasesReleased);
        Assert.Equal(ghost, (await board.GetAsync($"api/companies/{company}/workspaces/{workspaceId}"))["activeRunId"]!.GetValue<string>());

        // After it lapsed: released, the waiting run is admitted, and the next tick tells it so.
        HeartbeatService later = Heartbeat(services, WorkspaceState.LeaseTtl + TimeSpan.FromMinutes(1));
        Assert.True((await later.TickAsync(CancellationToken.None)).LeasesReleased >= 1);
        await board.PollAsync($"api/companies/{company}/workspaces/{workspaceId}", w => w["activeRunId"]?.GetValue<string>() == waiting, TimeSpan.FromMinutes(1));
        await later.TickAsync(CancellationToken.None);
        Assert.Equal("succeeded", (await Scenario.FinishedRunAsync(board, company, waiting))["status"]!.GetValue<string>());
        JsonNode workspace = await board.PollAsync($"api/companies/{company}/workspaces/{workspaceId}", w => w["activeRunId"] is null, TimeSpan.FromMinutes(1));
        Assert.Equal(waiting, workspace["lastReleasedRunId"]!.GetValue<string>());
        Assert.Null(workspace["leaseExpiresAt"]);
    }

    [Fact]
    public async Task Tick_PromotesADeferredWakeThatNoFinalizePromoted()
    {
        IServiceProvider services = fixture.Host.App.Services;
        ApiClient board = fixture.Host.Board;
        string company = await Scenario.CompanyAsync(board);
        string agent = await Scenario.AgentAsync(board, company, "true", []);
        Guid issue = Guid.Parse((await Scenario.IssueAsync(board, company, agent))["id"]!.GetValue<string>());

        // A wake left deferred with nothing running on its issue (its promotion was lost with the finalize that owed it).
        WakeupRequest stranded = new(Guid.CreateVersion7(), Guid.Parse(company), Guid.Parse(agent), issue, "on_demand", "stranded",
            WakeupRequestStatus.DeferredIssueExecution, "board", DateTimeOffset.UtcNow);
        await services.GetRequiredService<IWakeupRequestRepository>().CreateAsync(stranded, CancellationToken.None);

        await services.GetRequiredService<HeartbeatService>().TickAsync(CancellationToken.None);
        JsonNode record = (await board.GetAsync($"api/companies/{company}/agents/{agent}/wakeups")).AsArray().Single()!;
        Assert.Equal(("queued", "issue_execution_promoted"), (record["status"]!.GetValue<string>(), record["reason"]!.GetValue<string>()));
        JsonNode run = await Scenario.FinishedRunAsync(board, company, record["runId"]!.GetValue<string>());
        Assert.Equal(("succeeded", "stranded"), (run["status"]!.GetValue<string>(), run["wakeReason"]!.GetValue<string>()));
    }

    /// <summary>The product's heartbeat, seeing the clock <paramref name="ahead"/> of now.</summary>
    internal static HeartbeatService Heartbeat(IServiceProvider services, TimeSpan ahead) =>
        ActivatorUtilities.CreateInstance<HeartbeatService>(services, new ShiftedTime(ahead));

    sealed class ShiftedTime(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
    }
}
