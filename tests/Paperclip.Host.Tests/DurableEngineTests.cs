using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Paperclip.Core.Ports;
using Paperclip.Core.Runs;
using Paperclip.Runs.Activities;

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
        RunRequest request = new(runId, company, agent, run["issueId"]!.GetValue<string>(), run["executionWorkspaceId"]!.GetValue<string>());
        await this.WaitForInstanceAsync(runId, "Completed");

        RunInstanceStatus again = await this.Engine.StartRunAsync(request, CancellationToken.None);
        RunInstanceStatus[] concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => this.Engine.StartRunAsync(request, CancellationToken.None)));

        Assert.Equal(runId, again.InstanceId);
        Assert.Equal("Completed", again.RuntimeStatus);
        Assert.All(concurrent, s => Assert.Equal((runId, again.CreatedAt), (s.InstanceId, s.CreatedAt)));
        WorkspaceState? workspace = await this.Engine.GetWorkspaceAsync(request.WorkspaceKey, CancellationToken.None);
        Assert.Equal(1, workspace!.AdmittedCount);
    }

    async Task WaitForInstanceAsync(string runId, string status)
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
        Assert.Null(await this.Engine.GetRunAsync(Guid.NewGuid().ToString(), CancellationToken.None));
        Assert.Null(await this.Engine.GetWorkspaceAsync(RunRequest.KeyOf(Guid.NewGuid().ToString(), Guid.NewGuid().ToString()), CancellationToken.None));
    }

    [Fact]
    public async Task SignalWorkspace_RunsTheEntityOperation()
    {
        string key = RunRequest.KeyOf(Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        await this.Engine.SignalWorkspaceAsync(key, "Admit", "run-a", CancellationToken.None);
        await this.Engine.SignalWorkspaceAsync(key, "Admit", "run-b", CancellationToken.None);
        WorkspaceState? state = null;
        DateTime deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline && state?.Queue.Count != 1)
        {
            state = await this.Engine.GetWorkspaceAsync(key, CancellationToken.None);
            await Task.Delay(50);
        }

        Assert.Equal("run-a", state!.ActiveRunId);
        Assert.Equal(["run-b"], state.Queue);
    }

    [Fact]
    public void Inputs_SurviveTheClientToShimSerializationRoundTrip()
    {
        // The DTFx client writes inputs with Newtonsoft.Json; the worker shims read them with System.Text.Json.
        RunRequest request = new(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        FinalizeRunInput finalize = new(request, new PhaseOutcome(3, false, "exit code 3"), null);
        Assert.Equal(request, RoundTrip(request));
        FinalizeRunInput back = RoundTrip(finalize);
        Assert.Equal((finalize.Run, finalize.Executed, finalize.Failure), (back.Run, back.Executed, back.Failure));
    }

    static T RoundTrip<T>(T value) =>
        Microsoft.DurableTask.Converters.JsonDataConverter.Default.Deserialize<T>(Newtonsoft.Json.JsonConvert.SerializeObject(value))!;
}
