using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Paperclip.Runs.Heartbeat;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>Dependents wake when their blocker is done and its workspace finalized — not before, and exactly once.</summary>
[Collection(HostCollection.Name)]
public sealed class DependentWakeTests(HostFixture fixture)
{
    ApiClient Board => fixture.Host.Board;

    async Task<JsonArray> RunsOfAsync(string company, string issueId) =>
        (await this.Board.GetAsync($"api/companies/{company}/runs?issueId={issueId}")).AsArray();

    Task<JsonNode> PatchAsync(string company, string issueId, object body) =>
        this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, $"api/companies/{company}/issues/{issueId}", body);

    [Fact]
    public async Task BlockerDoneMidRun_WakesTheDependentOnlyAfterFinalize_AndExactlyOnce()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string builder = await Scenario.AgentAsync(this.Board, company, "sh", ["-c", "sleep 3"]);
        string follower = await Scenario.AgentAsync(this.Board, company, "true", []);
        string blocker = (await Scenario.IssueAsync(this.Board, company, builder, "build it"))["id"]!.GetValue<string>();
        string dependent = (await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "ship it", assigneeAgentId = follower, blockedByIssueIds = new[] { blocker } }))["id"]!.GetValue<string>();

        string blockerRun = await Scenario.WakeAsync(this.Board, company, builder, new { issueId = blocker });
        await this.Board.PollAsync($"api/companies/{company}/runs/{blockerRun}", r => r["status"]!.GetValue<string>() == "running", TimeSpan.FromMinutes(1));

        // Marked done while its run is still executing: the workspace is not finalized, so nothing wakes yet.
        await this.PatchAsync(company, blocker, new { status = "done" });
        JsonNode readiness = await this.Board.GetAsync($"api/companies/{company}/issues/{dependent}/readiness");
        Assert.False(readiness["isDependencyReady"]!.GetValue<bool>());
        Assert.Equal([blocker], readiness["pendingFinalizeBlockerIssueIds"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Empty(await this.RunsOfAsync(company, dependent));

        // The blocker's finalize releases the dependent (no heartbeat involved).
        JsonNode finished = await Scenario.FinishedRunAsync(this.Board, company, blockerRun);
        Assert.Equal("succeeded", finished["status"]!.GetValue<string>());
        JsonArray dependentRuns = await this.Board.PollAsync($"api/companies/{company}/runs?issueId={dependent}", r => r.AsArray().Count > 0, TimeSpan.FromMinutes(1)) is JsonArray a ? a : [];
        JsonNode wake = dependentRuns.Single()!;
        Assert.Equal("issue_blockers_resolved", wake["wakeReason"]!.GetValue<string>());
        Assert.Equal(follower, wake["agentId"]!.GetValue<string>());
        Assert.True(wake["createdAt"]!.GetValue<DateTimeOffset>() >= finished["operations"]!.AsArray()[^1]!["finishedAt"]!.GetValue<DateTimeOffset>(), "woken before finalize");
        Assert.Equal("succeeded", (await Scenario.FinishedRunAsync(this.Board, company, wake["id"]!.GetValue<string>()))["status"]!.GetValue<string>());

        // Re-checks (a repeated done transition) do not wake it again.
        await this.PatchAsync(company, blocker, new { status = "in_review" });
        await this.PatchAsync(company, blocker, new { status = "done" });
        Assert.Single(await this.RunsOfAsync(company, dependent));
        Assert.True((await this.Board.GetAsync($"api/companies/{company}/issues/{dependent}/readiness"))["isDependencyReady"]!.GetValue<bool>());
    }

    [Fact]
    public async Task OnASharedWorkspace_TheDependentWaitsInTheEntity_AndAnotherIssuesFinalizeReleasesIt()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string primary = Directory.CreateDirectory(Path.Combine(fixture.Host.DataDirectory, "shared-" + Guid.NewGuid().ToString("N"))).FullName;
        string project = (await this.Board.CreateAsync($"api/companies/{company}/projects", new { name = "Mono", workspaceCwd = primary, executionWorkspacePolicy = new { enabled = true, defaultMode = "shared_workspace" } }))["id"]!.GetValue<string>();
        string quick = await Scenario.AgentAsync(this.Board, company, "true", []);
        string slow = await Scenario.AgentAsync(this.Board, company, "sh", ["-c", "sleep 3"]);
        string follower = await Scenario.AgentAsync(this.Board, company, "true", []);
        string blocker = (await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "A", projectId = project, assigneeAgentId = quick }))["id"]!.GetValue<string>();
        string other = (await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "B", projectId = project, assigneeAgentId = slow }))["id"]!.GetValue<string>();
        string dependent = (await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "C", assigneeAgentId = follower, blockedByIssueIds = new[] { blocker } }))["id"]!.GetValue<string>();

        // A ran on the project's shared workspace; now B's run holds it, so A's "done" is pending finalize.
        JsonNode blockerRun = await Scenario.FinishedRunAsync(this.Board, company, await Scenario.WakeAsync(this.Board, company, quick, new { issueId = blocker }));
        string workspaceId = blockerRun["executionWorkspaceId"]!.GetValue<string>();
        string otherRun = await Scenario.WakeAsync(this.Board, company, slow, new { issueId = other });
        await this.Board.PollAsync($"api/companies/{company}/runs/{otherRun}", r => r["status"]!.GetValue<string>() == "running", TimeSpan.FromMinutes(1));
        await this.PatchAsync(company, blocker, new { status = "done" });

        JsonNode waiting = await this.Board.PollAsync($"api/companies/{company}/workspaces/{workspaceId}", w => w["finalizeWaiterIssueIds"]!.AsArray().Count > 0, TimeSpan.FromMinutes(1));
        Assert.Equal([dependent], waiting["finalizeWaiterIssueIds"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Empty(await this.RunsOfAsync(company, dependent));

        // B's finalize (not A's) lifts the barrier; the entity hands C over and C is woken, once.
        JsonNode finished = await Scenario.FinishedRunAsync(this.Board, company, otherRun);
        JsonNode wake = (await this.Board.PollAsync($"api/companies/{company}/runs?issueId={dependent}", r => r.AsArray().Count > 0, TimeSpan.FromMinutes(1))).AsArray().Single()!;
        Assert.Equal("issue_blockers_resolved", wake["wakeReason"]!.GetValue<string>());
        Assert.True(wake["createdAt"]!.GetValue<DateTimeOffset>() >= finished["operations"]!.AsArray()[^1]!["finishedAt"]!.GetValue<DateTimeOffset>(), "woken before finalize");
        Assert.Empty((await this.Board.GetAsync($"api/companies/{company}/workspaces/{workspaceId}"))["finalizeWaiterIssueIds"]!.AsArray());
        Assert.Single(await this.RunsOfAsync(company, dependent));
    }

    [Fact]
    public async Task ADependentWhoseWakeWasDeclined_IsWokenByTheHeartbeatsReconciliation_Once()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string follower = await Scenario.AgentAsync(this.Board, company, "true", []);
        string blocker = (await Scenario.IssueAsync(this.Board, company, null, "prerequisite"))["id"]!.GetValue<string>();
        string dependent = (await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "next", assigneeAgentId = follower, blockedByIssueIds = new[] { blocker } }))["id"]!.GetValue<string>();

        // The assignee is paused when the blocker is done: the wake is declined, and nothing retries it on its own.
        await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, $"api/companies/{company}/agents/{follower}", new { status = "paused" });
        await this.PatchAsync(company, blocker, new { status = "done" });
        await this.Board.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, $"api/companies/{company}/agents/{follower}", new { status = "idle" });
        Assert.Empty(await this.RunsOfAsync(company, dependent));

        HeartbeatService heartbeat = fixture.Host.App.Services.GetRequiredService<HeartbeatService>();
        Assert.True((await heartbeat.TickAsync(CancellationToken.None)).DependentsReconciled >= 1);
        await heartbeat.TickAsync(CancellationToken.None);
        JsonNode wake = (await this.RunsOfAsync(company, dependent)).Single()!;
        Assert.Equal("issue_blockers_resolved", wake["wakeReason"]!.GetValue<string>());
        Assert.Equal("succeeded", (await Scenario.FinishedRunAsync(this.Board, company, wake["id"]!.GetValue<string>()))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task BlockerWithNothingToFinalize_WakesTheDependentWhenMarkedDone_AndOnlyWhenAllBlockersAreDone()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string follower = await Scenario.AgentAsync(this.Board, company, "true", []);
        string first = (await Scenario.IssueAsync(this.Board, company, null, "first"))["id"]!.GetValue<string>();
        string second = (await Scenario.IssueAsync(this.Board, company, null, "second"))["id"]!.GetValue<string>();
        string dependent = (await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "after both", assigneeAgentId = follower, blockedByIssueIds = new[] { first, second } }))["id"]!.GetValue<string>();
        string unassigned = (await this.Board.CreateAsync($"api/companies/{company}/issues", new { title = "nobody's", blockedByIssueIds = new[] { first } }))["id"]!.GetValue<string>();

        await this.PatchAsync(company, first, new { status = "done" });
        JsonNode readiness = await this.Board.GetAsync($"api/companies/{company}/issues/{dependent}/readiness");
        Assert.Equal([second], readiness["unresolvedBlockerIssueIds"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Empty(await this.RunsOfAsync(company, dependent));

        await this.PatchAsync(company, second, new { status = "cancelled" });
        Assert.Empty(await this.RunsOfAsync(company, dependent));

        await this.PatchAsync(company, second, new { status = "done" });
        JsonNode wake = (await this.RunsOfAsync(company, dependent)).Single()!;
        Assert.Equal("issue_blockers_resolved", wake["wakeReason"]!.GetValue<string>());
        Assert.Empty(await this.RunsOfAsync(company, unassigned));
    }

    [Fact]
    public async Task WakeupIdempotencyKey_ReturnsTheSameRun()
    {
        string company = await Scenario.CompanyAsync(this.Board);
        string agent = await Scenario.AgentAsync(this.Board, company, "true", []);
        await Scenario.IssueAsync(this.Board, company, agent);
        string[] runIds = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Scenario.WakeAsync(this.Board, company, agent, new { idempotencyKey = "deploy/42#retry?" })));
        Assert.Single(runIds.Distinct());
        Assert.Single((await this.Board.GetAsync($"api/companies/{company}/runs")).AsArray());
        Assert.Equal("succeeded", (await Scenario.FinishedRunAsync(this.Board, company, runIds[0]))["status"]!.GetValue<string>());
        Assert.NotEqual(runIds[0], await Scenario.WakeAsync(this.Board, company, agent, new { idempotencyKey = "another" }));
    }
}
