using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Paperclip.Core.Domain;
using Paperclip.Core.Ports;
using Paperclip.Core.Services.Runs;

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
}
