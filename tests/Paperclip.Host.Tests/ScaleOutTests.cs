using System.Text.Json.Nodes;
using Paperclip.Testing;

namespace Paperclip.Host.Tests;

/// <summary>
/// Two workers on one task hub and one set of tables (what Functions' scale-out does): the work spreads over both,
/// and every run's agent executes exactly once.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ScaleOutTests(HostFixture fixture)
{
    const int Runs = 40;

    [Fact]
    public async Task TwoWorkersOnOneTaskHub_BothExecuteRuns_AndEveryRunExecutesItsAgentExactlyOnce()
    {
        Dictionary<string, string?> first = SelfHostInstance.NewSettings(fixture.Azurite.ConnectionString);
        first["Paperclip:Durable:PartitionCount"] = "4";

        // Same hub and tables, its own data directory (a worker's disk is its own) and board key.
        Dictionary<string, string?> second = new(first)
        {
            ["Paperclip:DataDirectory"] = TestPaths.NewTempDirectory("data"),
        };
        string log = Path.Combine(TestPaths.NewTempDirectory("scaleout"), "executions.log");
        await using SelfHostInstance a = await SelfHostInstance.StartAsync(first);
        await using SelfHostInstance b = await SelfHostInstance.StartAsync(second);
        try
        {
            ApiClient board = a.Board;
            string company = await Scenario.CompanyAsync(board);

            // Enough concurrent runs per agent that the agents never hold work back; a short sleep so runs overlap.
            List<string> agents = [];
            for (int i = 0; i < 4; i++)
            {
                agents.Add((await board.CreateAsync($"api/companies/{company}/agents", new
                {
                    name = $"worker-{i}",
                    adapterType = "process",
                    adapterConfig = new { command = "sh", args = new[] { "-c", $"sleep 0.2; echo \"$PAPERCLIP_RUN_ID\" >> '{log}'" } },
                    runtimeConfig = new { heartbeat = new { maxConcurrentRuns = 20 } },
                }))["id"]!.GetValue<string>());
            }

            List<(string Agent, string Issue)> work = [];
            for (int i = 0; i < Runs; i++)
            {
                string agent = agents[i % agents.Count];
                work.Add((agent, (await Scenario.IssueAsync(board, company, agent, $"task {i}"))["id"]!.GetValue<string>()));
            }

            // Woken through both hosts' APIs, alternately.
            string[] runIds = await Task.WhenAll(work.Select((w, i) => Scenario.WakeAsync(i % 2 == 0 ? a.Board : b.Board, company, w.Agent, new { issueId = w.Issue })));
            JsonNode[] finished = await Task.WhenAll(runIds.Select(id => Scenario.FinishedRunAsync(board, company, id, TimeSpan.FromMinutes(4))));

            Assert.All(finished, run => Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.ToJsonString()));
            Assert.Equal(runIds.Order(StringComparer.Ordinal), (await File.ReadAllLinesAsync(log)).Order(StringComparer.Ordinal));
            string[] hosts = finished.Select(run => run["hostId"]!.GetValue<string>()).Distinct(StringComparer.Ordinal).ToArray();
            Assert.True(hosts.Length == 2, $"the agents ran on {hosts.Length} worker(s): {string.Join(", ", hosts)}");
        }
        finally
        {
            TestPaths.TryDelete(Path.GetDirectoryName(log)!);
        }
    }
}
