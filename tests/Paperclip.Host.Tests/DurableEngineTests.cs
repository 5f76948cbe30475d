using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Paperclip.Core.Ports;
using Paperclip.Core.Runs;
using Paperclip.Runs.Activities;
using Paperclip.Runs.Engine;
using Paperclip.Runs.Entities;

namespace Paperclip.Host.Tests;

[Collection(HostCollection.Name)]
public sealed class DurableEngineTests(HostFixture fixture)
{
    IDurableEngine Engine => fixture.Host.App.Services.GetRequiredService<IDurableEngine>();

    [Fact]
    public async Task StartRun_Twice_IsANoOpThatReturnsTheExistingRun()
    {
        string company = await Scenario.CompanyAsync(fixture.Host.Board);
        string agent = await Scenario.AgentAsync(fixture.Host.Board, company, "true", []);
        await Scenario.IssueAsync(fixture.Host.Board, company, agent);
        string runId = await Scenario.WakeAsync(fixture.Host.Board, company, agent);
        JsonNode run = await Scenario.FinishedRunAsync(fixture.Host.Board, company, runId);
        RunRequest request = new(Guid.Parse(runId), Guid.Parse(company), Guid.Parse(agent), run["issueId"]!.GetValue<Guid>(), run["executionWorkspaceId"]!.GetValue<Guid>());
        await this.WaitForInstanceAsync(request.RunId, RunRuntimeStatus.Completed);

        RunInstanceStatus again = await this.Engine.StartRunAsync(request, CancellationToken.None);
        RunInstanceStatus[] concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => this.Engine.StartRunAsync(request, CancellationToken.None)));

        Assert.Equal(runId, again.InstanceId);
        Assert.Equal(RunRuntimeStatus.Completed, again.RuntimeStatus);
        Assert.All(concurrent, s => Assert.Equal((runId, again.CreatedAt), (s.InstanceId, s.CreatedAt)));
        WorkspaceLine? workspace = await this.Engine.GetWorkspaceAsync(request.CompanyId, request.ExecutionWorkspaceId, CancellationToken.None);
        Assert.Equal(1, workspace!.AdmittedCount);
    }

    async Task WaitForInstanceAsync(Guid runId, RunRuntimeStatus status)
    {
        DateTime deadline = DateTime.UtcNow.AddMinutes(1);
        while ((await this.Engine.GetRunAsync(runId, CancellationToken.None))?.RuntimeStatus != status)
        {
            Assert.True(DateTime.UtcNow < deadline, $"run {runId} did not reach {status}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task GetRun_AndGetWorkspace_ReturnNullForUnknownIds()
    {
        Assert.Null(await this.Engine.GetRunAsync(Guid.NewGuid(), CancellationToken.None));
        Assert.Null(await this.Engine.GetWorkspaceAsync(Guid.NewGuid(), Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task SignalWorkspace_RunsTheEntityOperation()
    {
        (Guid company, Guid workspace) = (Guid.NewGuid(), Guid.NewGuid());
        DurableEngineBase engine = (DurableEngineBase)this.Engine;
        await engine.SignalEntityOperationAsync(WorkspaceEntity.IdFor(RunRequest.KeyOf(company, workspace)), "Admit", "run-a", CancellationToken.None);
        await engine.SignalEntityOperationAsync(WorkspaceEntity.IdFor(RunRequest.KeyOf(company, workspace)), "Admit", "run-b", CancellationToken.None);
        WorkspaceLine? state = null;
        DateTime deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline && state?.QueuedRunIds.Count != 1)
        {
            state = await this.Engine.GetWorkspaceAsync(company, workspace, CancellationToken.None);
            await Task.Delay(50);
        }

        Assert.Equal("run-a", state!.ActiveRunId);
        Assert.Equal(["run-b"], state.QueuedRunIds);
    }

    [Fact]
    public void Inputs_SurviveTheClientToShimSerializationRoundTrip()
    {
        // The DTFx client writes inputs with Newtonsoft.Json; the worker shims read them with System.Text.Json.
        RunRequest request = new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()) { MaxConcurrentRuns = 3 };
        FinalizeRunInput finalize = new(request, new PhaseOutcome(3, false, "exit code 3"), null);
        Assert.Equal(request, RoundTrip(request));
        FinalizeRunInput back = RoundTrip(finalize);
        Assert.Equal((finalize.Run, finalize.Executed, finalize.Failure), (back.Run, back.Executed, back.Failure));
    }

    static T RoundTrip<T>(T value) =>
        Microsoft.DurableTask.Converters.JsonDataConverter.Default.Deserialize<T>(Newtonsoft.Json.JsonConvert.SerializeObject(value))!;
}
