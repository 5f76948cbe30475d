using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Paperclip.Core.Domain;
using Paperclip.Core.Ports;
using Paperclip.Storage.Tables;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>A workspace operation row that cannot be written fails the phase and the run, loudly, with the reason.</summary>
[Collection(HostCollection.Name)]
public sealed class LedgerFailureTests(HostFixture fixture)
{
    async Task<JsonNode> RunWithFailingLedgerAsync(Func<WorkspaceOperation, bool> fail)
    {
        await using SelfHostInstance host = await SelfHostInstance.StartAsync(
            SelfHostInstance.NewSettings(fixture.Azurite.ConnectionString),
            services =>
            {
                services.AddSingleton<WorkspaceOperationRepository>();
                services.AddSingleton<IWorkspaceOperationRepository>(sp => new FailingOperations(sp.GetRequiredService<WorkspaceOperationRepository>(), fail));
            });
        string company = await Scenario.CompanyAsync(host.Board);
        string agent = await Scenario.AgentAsync(host.Board, company, "true", []);
        await Scenario.IssueAsync(host.Board, company, agent);
        return await Scenario.FinishedRunAsync(host.Board, company, await Scenario.WakeAsync(host.Board, company, agent));
    }

    [Fact]
    public async Task SucceededRowThatCannotBeWritten_IsRecordedFailed_AndFailsTheRun()
    {
        JsonNode run = await this.RunWithFailingLedgerAsync(o => o.Phase == WorkspacePhases.Execute && o.Status == OperationStatus.Succeeded);

        Assert.Equal("failed", run["status"]!.GetValue<string>());
        Assert.Contains("execute outcome could not be written", run["error"]!.GetValue<string>(), StringComparison.Ordinal);
        JsonNode execute = run["operations"]!.AsArray().Single(o => o!["phase"]!.GetValue<string>() == "execute")!;
        Assert.Equal("failed", execute["status"]!.GetValue<string>());
        Assert.Contains("could not be written", execute["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["worktree_prepare", "execute", "workspace_finalize"], Scenario.Phases(run));
    }

    [Fact]
    public async Task WhenRecordingTheFailureFailsToo_TheRunStillFailsWithTheReason()
    {
        JsonNode run = await this.RunWithFailingLedgerAsync(o => o.Phase == WorkspacePhases.Execute && o.Status != OperationStatus.Running);

        Assert.Equal("failed", run["status"]!.GetValue<string>());
        Assert.Contains("Recording the failure failed too", run["error"]!.GetValue<string>(), StringComparison.Ordinal);

        // The ledger shows what it could store: the execute row never left "running".
        JsonNode execute = run["operations"]!.AsArray().Single(o => o!["phase"]!.GetValue<string>() == "execute")!;
        Assert.Equal("running", execute["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task PrepareRowThatCannotBeWritten_FailsBeforeTheAgentRuns()
    {
        JsonNode run = await this.RunWithFailingLedgerAsync(o => o.Phase == WorkspacePhases.WorktreePrepare);

        Assert.Equal("failed", run["status"]!.GetValue<string>());
        Assert.Contains("worktree_prepare failed", run["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["workspace_finalize"], Scenario.Phases(run));
    }

    [Fact]
    public async Task FailedFinalize_FailsTheRunAndKeepsDependentsBlocked()
    {
        await using SelfHostInstance host = await SelfHostInstance.StartAsync(
            SelfHostInstance.NewSettings(fixture.Azurite.ConnectionString),
            services =>
            {
                services.AddSingleton<WorkspaceOperationRepository>();
                services.AddSingleton<IWorkspaceOperationRepository>(sp => new FailingOperations(
                    sp.GetRequiredService<WorkspaceOperationRepository>(),
                    o => o.Phase == WorkspacePhases.WorkspaceFinalize && o.Status == OperationStatus.Succeeded));
            });
        string company = await Scenario.CompanyAsync(host.Board);
        string builder = await Scenario.AgentAsync(host.Board, company, "true", []);
        string follower = await Scenario.AgentAsync(host.Board, company, "true", []);
        string blocker = (await Scenario.IssueAsync(host.Board, company, builder))["id"]!.GetValue<string>();
        string dependent = (await host.Board.CreateAsync($"api/companies/{company}/issues", new { title = "next", assigneeAgentId = follower, blockedByIssueIds = new[] { blocker } }))["id"]!.GetValue<string>();

        JsonNode run = await Scenario.FinishedRunAsync(host.Board, company, await Scenario.WakeAsync(host.Board, company, builder, new { issueId = blocker }));
        Assert.Equal("failed", run["status"]!.GetValue<string>());
        Assert.Contains("workspace_finalize outcome could not be written", run["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("failed", run["operations"]!.AsArray()[^1]!["status"]!.GetValue<string>());

        await host.Board.ExpectAsync(System.Net.HttpStatusCode.OK, HttpMethod.Patch, $"api/companies/{company}/issues/{blocker}", new { status = "done" });
        JsonNode readiness = await host.Board.GetAsync($"api/companies/{company}/issues/{dependent}/readiness");
        Assert.False(readiness["isDependencyReady"]!.GetValue<bool>());
        Assert.Equal([blocker], readiness["pendingFinalizeBlockerIssueIds"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Empty((await host.Board.GetAsync($"api/companies/{company}/runs?issueId={dependent}")).AsArray());
    }
}
