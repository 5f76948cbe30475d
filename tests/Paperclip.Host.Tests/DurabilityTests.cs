using System.Text.Json.Nodes;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>Crash recovery: a worker killed mid-run is replaced by a new one on the same task hub.</summary>
[Collection(HostCollection.Name)]
public sealed class DurabilityTests(HostFixture fixture)
{
    [Fact]
    public async Task KilledWorkerMidRun_NewWorkerOnTheSameHubCompletesTheRunExactlyOnce()
    {
        Dictionary<string, string?> settings = SelfHostInstance.NewSettings(fixture.Azurite.ConnectionString);

        // Short recovery windows so the test does not wait minutes for the dead worker's leases and messages.
        settings["Paperclip:Durable:WorkItemQueueVisibilityTimeout"] = "00:00:10";
        settings["Paperclip:Durable:LeaseInterval"] = "00:00:15";
        string executions = Path.Combine(settings["Paperclip:DataDirectory"]!, "executions.log");
        try
        {
            string company;
            string agent;
            string runId;
            await using (SelfHostProcess first = await SelfHostProcess.StartAsync(settings, TimeSpan.FromMinutes(2)))
            {
                using ApiClient board = new(first.BaseAddress, settings["PAPERCLIP_BOARD_KEY"]);
                company = await Scenario.CompanyAsync(board);
                agent = await Scenario.AgentAsync(board, company, "sh", ["-c", $"echo \"$PAPERCLIP_RUN_ID\" >> '{executions}'; sleep 3"]);
                await Scenario.IssueAsync(board, company, agent);
                runId = await Scenario.WakeAsync(board, company, agent);

                // Kill the worker (and the agent process) while the run is inside execute.
                await board.PollAsync($"api/companies/{company}/runs/{runId}", IsExecuting, TimeSpan.FromMinutes(1));
                await first.KillAsync();
            }

            await using SelfHostProcess second = await SelfHostProcess.StartAsync(settings, TimeSpan.FromMinutes(2));
            using ApiClient board2 = new(second.BaseAddress, settings["PAPERCLIP_BOARD_KEY"]);
            JsonNode run = await Scenario.FinishedRunAsync(board2, company, runId, TimeSpan.FromMinutes(4));

            Assert.Equal("succeeded", run["status"]!.GetValue<string>());
            Assert.Equal(["worktree_prepare", "execute", "workspace_finalize"], Scenario.Phases(run));
            Assert.All(run["operations"]!.AsArray(), o => Assert.Equal("succeeded", o!["status"]!.GetValue<string>()));

            // Activities are at-least-once (execute ran again after the crash), but the run was admitted,
            // finalized and released exactly once.
            string[] lines = await File.ReadAllLinesAsync(executions);
            Assert.All(lines, l => Assert.Equal(runId, l));
            Assert.InRange(lines.Length, 1, 2);
            string workspaceId = run["executionWorkspaceId"]!.GetValue<string>();
            JsonNode workspace = await board2.PollAsync($"api/companies/{company}/workspaces/{workspaceId}", w => w["activeRunId"] is null, TimeSpan.FromMinutes(1));
            Assert.Equal(1, workspace["admittedCount"]!.GetValue<long>());
            Assert.Equal(runId, workspace["lastReleasedRunId"]!.GetValue<string>());

            // The workspace is not stuck: the next run on the new worker goes through.
            JsonNode next = await Scenario.FinishedRunAsync(board2, company, await Scenario.WakeAsync(board2, company, agent), TimeSpan.FromMinutes(2));
            Assert.Equal("succeeded", next["status"]!.GetValue<string>());
        }
        finally
        {
            TestPaths.TryDelete(settings["Paperclip:DataDirectory"]!);
        }
    }

    static bool IsExecuting(JsonNode run) =>
        run["operations"]!.AsArray().Any(o => o!["phase"]!.GetValue<string>() == "execute" && o["status"]!.GetValue<string>() == "running");

    [Fact]
    public async Task GracefulStop_DrainsTheActivityInFlight_SoTheNextWorkerDoesNotRunItAgain()
    {
        Dictionary<string, string?> settings = SelfHostInstance.NewSettings(fixture.Azurite.ConnectionString);

        // Messages the stopped worker had prefetched come back after the visibility timeout; keep it short here.
        settings["Paperclip:Durable:ControlQueueVisibilityTimeout"] = "00:00:10";
        settings["Paperclip:Durable:WorkItemQueueVisibilityTimeout"] = "00:00:10";
        string executions = Path.Combine(settings["Paperclip:DataDirectory"]!, "executions.log");
        SelfHostInstance first = await SelfHostInstance.StartAsync(settings);
        try
        {
            string company = await Scenario.CompanyAsync(first.Board);
            string agent = await Scenario.AgentAsync(first.Board, company, "sh", ["-c", $"sleep 2; echo \"$PAPERCLIP_RUN_ID\" >> '{executions}'"]);
            await Scenario.IssueAsync(first.Board, company, agent);
            string runId = await Scenario.WakeAsync(first.Board, company, agent);
            await first.Board.PollAsync($"api/companies/{company}/runs/{runId}", IsExecuting, TimeSpan.FromMinutes(1));

            // A graceful stop waits for the execute activity to finish before the worker goes away.
            await first.App.StopAsync();
            Assert.Equal([runId], await File.ReadAllLinesAsync(executions));

            await using SelfHostInstance second = await SelfHostInstance.StartAsync(settings);
            JsonNode run = await Scenario.FinishedRunAsync(second.Board, company, runId, TimeSpan.FromMinutes(3));
            Assert.Equal("succeeded", run["status"]!.GetValue<string>());
            Assert.Equal([runId], await File.ReadAllLinesAsync(executions));
        }
        finally
        {
            await first.DisposeAsync();
        }
    }
}
