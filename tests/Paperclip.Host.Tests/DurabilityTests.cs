using System.Diagnostics;
using System.Text.Json.Nodes;
using Paperclip.Storage.Azurite;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>Crash recovery: a worker killed mid-run is replaced by a new one on the same task hub.</summary>
[Collection(HostCollection.Name)]
public sealed class DurabilityTests(HostFixture fixture)
{
    /// <summary>
    /// An operator's crash: the host started by <c>scripts/run.sh</c> with its own Azurite is killed with SIGKILL
    /// mid-run, and <c>scripts/run.sh</c> is run again on the same data directory.
    /// </summary>
    [Fact]
    public async Task KilledHostMidRun_LeavesNoAzurite_AndTheRestartedHostFailsTheRunProcessLost_StopsItsOrphan_AndRetriesItOnce()
    {
        Dictionary<string, string?> settings = SelfHostInstance.NewSettings(fixture.Azurite.ConnectionString);
        settings.Remove("Paperclip:Storage:ConnectionString"); // the host's own Azurite, on the data directory

        // Short recovery windows so the test does not wait minutes for the dead host's lease and messages.
        settings["Paperclip:Durable:WorkItemQueueVisibilityTimeout"] = "00:00:10";
        settings["Paperclip:Durable:LeaseInterval"] = "00:00:15";
        settings["Paperclip:HostLeaseTtl"] = "00:00:05";
        settings["Paperclip:SelfHost:HeartbeatInterval"] = "00:00:02";
        string data = settings["Paperclip:DataDirectory"]!;
        string executions = Path.Combine(data, "executions.log");
        string orphanPid = Path.Combine(data, "orphan.pid");
        string azurite = Path.Combine(data, "azurite");

        // The first execution records its shell's pid and hangs; any later one (the retry) finishes at once.
        string script = $"echo \"$PAPERCLIP_RUN_ID\" >> '{executions}'; if mkdir '{data}/first' 2>/dev/null; then echo $$ > '{orphanPid}'; sleep 600; fi";
        try
        {
            string company;
            string agent;
            string runId;
            await using (SelfHostProcess first = await SelfHostProcess.StartAsync(settings, TimeSpan.FromMinutes(3), viaRunScript: true))
            {
                Assert.Single(AzuriteProcess.Serving(azurite), p => !p.Supervisor);
                using ApiClient board = new(first.BaseAddress, settings["PAPERCLIP_BOARD_KEY"]);
                company = await Scenario.CompanyAsync(board);
                agent = await Scenario.AgentAsync(board, company, "sh", ["-c", script]);
                await Scenario.IssueAsync(board, company, agent);
                runId = await Scenario.WakeAsync(board, company, agent);

                // Crash the host (only the host: its agent lives on as an orphan) while the agent runs, once the run
                // records the agent's process (a crash before that leaves nothing to find the orphan by).
                await board.PollAsync($"api/companies/{company}/runs/{runId}", r => IsExecuting(r) && r["processId"] is not null && File.Exists(orphanPid), TimeSpan.FromMinutes(1));
                await first.KillHostOnlyAsync();
            }

            int pid = int.Parse((await File.ReadAllTextAsync(orphanPid)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(IsAlive(pid), "the agent outlives its crashed host");

            // Its Azurite does not: the supervisor saw the host's pipe close (bounded wait, no fixed sleep).
            DateTime deadline = DateTime.UtcNow.AddSeconds(30);
            while (AzuriteProcess.Serving(azurite).Count > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.Empty(AzuriteProcess.Serving(azurite));

            await using SelfHostProcess second = await SelfHostProcess.StartAsync(settings, TimeSpan.FromMinutes(3), viaRunScript: true);
            using ApiClient board2 = new(second.BaseAddress, settings["PAPERCLIP_BOARD_KEY"]);
            Assert.Single(AzuriteProcess.Serving(azurite), p => !p.Supervisor);
            Assert.Equal(company, (await board2.GetAsync($"api/companies/{company}"))["id"]!.GetValue<string>());
            JsonNode lost;
            try
            {
                lost = await Scenario.FinishedRunAsync(board2, company, runId, TimeSpan.FromMinutes(4));
            }
            catch (Xunit.Sdk.XunitException ex)
            {
                throw new Xunit.Sdk.XunitException($"{ex.Message}\nThe restarted host's output:\n{second.Output}");
            }


            // The new host found the agent's host gone: the run failed process_lost, through finalize, and never ran twice.
            Assert.Equal("failed", lost["status"]!.GetValue<string>());
            Assert.Equal("process_lost", lost["errorCode"]!.GetValue<string>());
            Assert.Equal(["worktree_prepare", "execute", "workspace_finalize"], Scenario.Phases(lost));
            Assert.Equal("failed", lost["operations"]![1]!["status"]!.GetValue<string>());
            Assert.Equal("succeeded", lost["operations"]![2]!["status"]!.GetValue<string>());
            Assert.False(IsAlive(pid), "the orphaned agent was stopped");

            // One automatic retry, which succeeds on the new host.
            JsonNode retryRef = await board2.PollAsync($"api/companies/{company}/runs", l => l.AsArray().Any(r => r!["retryOfRunId"]?.GetValue<string>() == runId), TimeSpan.FromMinutes(1));
            string retryId = retryRef.AsArray().First(r => r!["retryOfRunId"]?.GetValue<string>() == runId)!["id"]!.GetValue<string>();
            JsonNode retry = await Scenario.FinishedRunAsync(board2, company, retryId, TimeSpan.FromMinutes(2));
            Assert.Equal("succeeded", retry["status"]!.GetValue<string>());
            Assert.Equal([runId, retryId], await File.ReadAllLinesAsync(executions));

            string workspaceId = lost["executionWorkspaceId"]!.GetValue<string>();
            JsonNode workspace = await board2.PollAsync($"api/companies/{company}/workspaces/{workspaceId}", w => w["activeRunId"] is null, TimeSpan.FromMinutes(1));
            Assert.Equal(2, workspace["admittedCount"]!.GetValue<long>());
            Assert.Equal(retryId, workspace["lastReleasedRunId"]!.GetValue<string>());
        }
        finally
        {
            if (File.Exists(orphanPid) && int.TryParse(File.ReadAllText(orphanPid).Trim(), out int leftover) && IsAlive(leftover))
            {
                using Process orphan = Process.GetProcessById(leftover);
                orphan.Kill(entireProcessTree: true);
            }

            TestPaths.TryDelete(data);
        }
    }

    /// <summary>Running, and not a zombie (an orphan killed under an init that does not reap stays one).</summary>
    static bool IsAlive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    static bool IsExecuting(JsonNode run) =>
        run["operations"]!.AsArray().Any(o => o!["phase"]!.GetValue<string>() == "execute" && o["status"]!.GetValue<string>() == "running");

    [Fact]
    public async Task GracefulStop_LetsARunningAgentFinish_SoTheNextHostDoesNotRunItAgain()
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
            // Once the agent's process runs (a stop before that finds no agent to wait for: the run is lost and retried).
            await first.Board.PollAsync($"api/companies/{company}/runs/{runId}", r => IsExecuting(r) && r["processId"] is not null, TimeSpan.FromMinutes(1));

            // A graceful stop lets the running agent finish (and reports its exit) before the worker goes away.
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

    [Fact]
    public async Task GracefulStop_StopsAnAgentThatOutlivesTheDrain_AndTheNextHostRetriesItOnce()
    {
        Dictionary<string, string?> settings = SelfHostInstance.NewSettings(fixture.Azurite.ConnectionString);
        settings["Paperclip:Durable:ControlQueueVisibilityTimeout"] = "00:00:10";
        settings["Paperclip:Durable:WorkItemQueueVisibilityTimeout"] = "00:00:10";
        settings["Paperclip:AgentStopDrain"] = "00:00:01";
        string data = settings["Paperclip:DataDirectory"]!;
        string executions = Path.Combine(data, "executions.log");
        string script = $"echo \"$PAPERCLIP_RUN_ID\" >> '{executions}'; if mkdir '{data}/first' 2>/dev/null; then sleep 600; fi";
        SelfHostInstance first = await SelfHostInstance.StartAsync(settings);
        try
        {
            string company = await Scenario.CompanyAsync(first.Board);
            string agent = await Scenario.AgentAsync(first.Board, company, "sh", ["-c", script]);
            await Scenario.IssueAsync(first.Board, company, agent);
            string runId = await Scenario.WakeAsync(first.Board, company, agent);
            await first.Board.PollAsync($"api/companies/{company}/runs/{runId}", r => IsExecuting(r) && File.Exists(executions), TimeSpan.FromMinutes(1));

            // The agent outlives the drain window: it is stopped and its run reported lost before the worker goes.
            await first.App.StopAsync();

            await using SelfHostInstance second = await SelfHostInstance.StartAsync(settings);
            JsonNode lost = await Scenario.FinishedRunAsync(second.Board, company, runId, TimeSpan.FromMinutes(3));
            Assert.Equal("failed", lost["status"]!.GetValue<string>());
            Assert.Equal("process_lost", lost["errorCode"]!.GetValue<string>());
            Assert.Contains("host stopped", lost["error"]!.GetValue<string>(), StringComparison.Ordinal);

            JsonNode runs = await second.Board.PollAsync($"api/companies/{company}/runs", l => l.AsArray().Any(r => r!["retryOfRunId"]?.GetValue<string>() == runId), TimeSpan.FromMinutes(1));
            string retryId = runs.AsArray().First(r => r!["retryOfRunId"]?.GetValue<string>() == runId)!["id"]!.GetValue<string>();
            Assert.Equal("succeeded", (await Scenario.FinishedRunAsync(second.Board, company, retryId, TimeSpan.FromMinutes(2)))["status"]!.GetValue<string>());
            Assert.Equal([runId, retryId], await File.ReadAllLinesAsync(executions));
        }
        finally
        {
            await first.DisposeAsync();
        }
    }
}
