using System.Diagnostics;
using DurableTask.Core;
using Paperclip.Core.Domain;
using Paperclip.Core.Ports;

namespace Paperclip.Bench;

/// <summary>
/// run-latency: start → finalize latency of a no-op run (agent command <c>sh -c true</c>) through our orchestrator and
/// workspace entity, beside a bare DTFx orchestration of three no-op activities, in the same process on the same
/// Azurite with the same backend settings. Runs alternate ours/bare so drift hits both alike; both are observed by
/// polling one storage read every 5 ms (the backend's own wait API is quantized to ~2 s).
/// </summary>
public static class RunLatencySuite
{
    const int Warmup = 3;
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    public static async Task<object> RunAsync(int runs, TimeSpan polling)
    {
        await using BenchHost host = await BenchHost.StartAsync("run-latency", polling);
        TaskHubClient bareClient = host.Bare;
        OurRunner runner = await OurRunner.CreateAsync(host);
        Console.Error.WriteLine($"[bench] both workers up (max queue polling {polling.TotalMilliseconds} ms); {runs} runs each after {Warmup} warm-up runs");
        List<double> oursMs = [];
        List<double> bareMs = [];
        for (int i = 0; i < Warmup + runs; i++)
        {
            double o = await runner.RunOnceAsync();
            double b = await BareOnceAsync(bareClient);
            if (i >= Warmup)
            {
                oursMs.Add(o);
                bareMs.Add(b);
            }

            Console.Error.WriteLine($"[bench] {i + 1}/{Warmup + runs}: ours {o:0.0} ms, bare {b:0.0} ms{(i < Warmup ? " (warm-up)" : string.Empty)}");
        }

        double oursP50 = Percentiles.Of(oursMs, 50);
        double bareP50 = Percentiles.Of(bareMs, 50);
        return new
        {
            Suite = "run-latency",
            Runs = runs,
            OursP50Ms = oursP50,
            OursP95Ms = Percentiles.Of(oursMs, 95),
            BareP50Ms = bareP50,
            BareP95Ms = Percentiles.Of(bareMs, 95),
            RatioP50 = Math.Round(oursP50 / bareP50, 2),
            MaxQueuePollingMs = polling.TotalMilliseconds,
        };
    }

    static async Task<double> BareOnceAsync(TaskHubClient client)
    {
        string id = Guid.NewGuid().ToString("N");
        Stopwatch watch = Stopwatch.StartNew();
        await client.CreateOrchestrationInstanceAsync(typeof(BareOrchestration), id, "x");
        while (true)
        {
            OrchestrationState? state = await client.GetOrchestrationStateAsync(id);
            if (state?.OrchestrationStatus == OrchestrationStatus.Completed)
            {
                return watch.Elapsed.TotalMilliseconds;
            }

            if (state?.OrchestrationStatus is OrchestrationStatus.Failed or OrchestrationStatus.Terminated)
            {
                throw new InvalidOperationException("The bare orchestration failed.");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Drives no-op runs through the application services, one fresh issue (and workspace) per run.</summary>
    sealed class OurRunner(BenchHost host, IRunRepository runs, Guid agentId)
    {
        public static async Task<OurRunner> CreateAsync(BenchHost host) =>
            new(host, host.Get<IRunRepository>(), await host.AgentAsync("noop", "true"));

        public async Task<double> RunOnceAsync()
        {
            Guid issue = await host.IssueAsync($$"""{"title":"bench","assigneeAgentId":"{{agentId}}"}""");
            Stopwatch watch = Stopwatch.StartNew();
            Guid runId = await host.WakeAsync(agentId, issue);
            while (true)
            {
                Run run = (await runs.GetAsync(host.CompanyId, runId, CancellationToken.None))!.Value;
                if (run.IsTerminal)
                {
                    return run.Status == RunStatus.Succeeded ? watch.Elapsed.TotalMilliseconds : throw new InvalidOperationException($"bench run ended {run.Status}: {run.Error}");
                }

                await Task.Delay(PollInterval);
            }
        }
    }
}
