using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Paperclip.Runs.Heartbeat;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>
/// Parent wakes, as upstream: when every direct child of an issue is terminal, its assignee is woken with
/// issue_children_completed — through the same finalize-gated path as dependents: not while a child's workspace is
/// still pending finalize, and once per set of children.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ParentWakeTests(HostFixture fixture)
{
    ApiClient Board => fixture.Host.Board;

    Task<JsonNode> PatchAsync(string issueId, object body) => this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, $"api/issues/{issueId}", body);

    async Task<JsonArray> RunsOfAsync(string company, string issueId) =>
        (await this.Board.GetAsync($"api/companies/{company}/runs?issueId={issueId}")).AsArray();

    [Fact]
    public async Task WhenTheLastChildIsTerminalAndFinalized_TheParentsAssigneeIsWokenOnce()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string lead = await Scenario.AgentAsync(this.Board, company, "true", []);
        string gateDir = Directory.CreateDirectory(Path.Combine(fixture.Host.DataDirectory, "parent-" + Guid.NewGuid().ToString("N"))).FullName;
        string gate = Path.Combine(gateDir, "go");
        string worker = await Scenario.AgentAsync(this.Board, company, "sh", ["-c", $"i=0; while [ ! -e '{gate}' ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done"]);
        string parent = (await Scenario.IssueAsync(this.Board, company, lead, "the epic"))["id"]!.GetValue<string>();
        string first = (await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "part one", parentId = parent, assigneeAgentId = worker }))["id"]!.GetValue<string>();
        string second = (await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "part two", parentId = parent }))["id"]!.GetValue<string>();

        // One child cancelled, the other still open: nothing yet.
        await this.PatchAsync(second, new { status = "cancelled" });
        Assert.Empty(await this.RunsOfAsync(company, parent));

        // The other is marked done while its run still executes: its workspace is not finalized, so still nothing.
        string run = await Scenario.WakeAsync(this.Board, company, worker, new { issueId = first });
        await this.Board.PollAsync($"api/companies/{company}/runs/{run}", r => r["status"]!.GetValue<string>() == "running", TimeSpan.FromMinutes(1));
        await this.PatchAsync(first, new { status = "done" });
        Assert.Empty(await this.RunsOfAsync(company, parent));

        // Its finalize releases the parent's wake: once, after the finalize.
        await File.WriteAllTextAsync(gate, string.Empty);
        JsonNode finished = await Scenario.FinishedRunAsync(this.Board, company, run);
        Assert.Equal("succeeded", finished["status"]!.GetValue<string>());
        JsonNode wake = (await this.Board.PollAsync($"api/companies/{company}/runs?issueId={parent}", r => r.AsArray().Count > 0, TimeSpan.FromMinutes(1))).AsArray().Single()!;
        Assert.Equal(("issue_children_completed", lead), (wake["wakeReason"]!.GetValue<string>(), wake["agentId"]!.GetValue<string>()));
        Assert.True(wake["createdAt"]!.GetValue<DateTimeOffset>() >= finished["operations"]!.AsArray()[^1]!["finishedAt"]!.GetValue<DateTimeOffset>(), "woken before finalize");
        await Scenario.FinishedRunAsync(this.Board, company, wake["id"]!.GetValue<string>());

        // The same children again (a re-closed child, the heartbeat's reconciliation) do not wake it twice.
        await this.PatchAsync(first, new { status = "in_review" });
        await this.PatchAsync(first, new { status = "done" });
        await fixture.Host.App.Services.GetRequiredService<HeartbeatService>().TickAsync(CancellationToken.None);
        Assert.Single(await this.RunsOfAsync(company, parent));
    }
}
