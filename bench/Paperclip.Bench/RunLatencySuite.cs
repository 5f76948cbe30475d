using System.Diagnostics;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Ports;
using Paperclip.Core.Services.Agents;
using Paperclip.Core.Services.Companies;
using Paperclip.Core.Services.Issues;
using Paperclip.Core.Services.Runs;
using Paperclip.Host.Hosting;
using Paperclip.Storage.Azurite;

namespace Paperclip.Bench;

/// <summary>
/// run-latency: start → finalize latency of a no-op run (agent command <c>true</c>) through our orchestrator and
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
        string root = Path.Combine(Path.GetTempPath(), "paperclip-bench-" + Guid.NewGuid().ToString("N")[..8]);
        string executable = AzuriteProcess.FindExecutable(AppContext.BaseDirectory) ?? throw new InvalidOperationException("node_modules/.bin/azurite not found; run scripts/bench.sh.");
        await using AzuriteProcess azurite = await AzuriteProcess.StartAsync(executable, Path.Combine(root, "azurite"), TimeSpan.FromSeconds(60), CancellationToken.None);
        Console.Error.WriteLine($"[bench] azurite up; {runs} runs each after {Warmup} warm-up runs");

        await using WebApplication ours = await SelfHost.BuildAsync([], b =>
        {
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["Paperclip:Storage:ConnectionString"] = azurite.ConnectionString,
                ["Paperclip:Storage:TablePrefix"] = "bench",
                ["Paperclip:Durable:TaskHubName"] = "BenchOurs",
                ["Paperclip:Durable:PartitionCount"] = "1",
                ["Paperclip:Durable:MaxQueuePollingInterval"] = polling.ToString(),
                ["Paperclip:DataDirectory"] = Path.Combine(root, "data"),
                ["PAPERCLIP_BOARD_KEY"] = "bench-board-key-not-secret-0123456789",
            });
        });
        await ours.StartAsync();

        AzureStorageOrchestrationService bareService = new(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(azurite.ConnectionString),
            TaskHubName = "BenchBare",
            PartitionCount = 1,
            UseSeparateQueueForEntityWorkItems = true,
            MaxQueuePollingInterval = polling,
            LoggerFactory = NullLoggerFactory.Instance,
        });
        await bareService.CreateIfNotExistsAsync();
        TaskHubWorker bareWorker = new(bareService, NullLoggerFactory.Instance);
        bareWorker.AddTaskOrchestrations(typeof(BareOrchestration)).AddTaskActivities(typeof(NoOpActivity));
        await bareWorker.StartAsync();
        TaskHubClient bareClient = new(bareService, loggerFactory: NullLoggerFactory.Instance);

        OurRunner runner = await OurRunner.CreateAsync(ours.Services);
        Console.Error.WriteLine($"[bench] both workers up (max queue polling {polling.TotalMilliseconds} ms)");
        List<double> oursMs = [];
        List<double> bareMs = [];
        try
        {
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
        }
        finally
        {
            await bareWorker.StopAsync(isForced: true);
            await ours.StopAsync();
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
    sealed class OurRunner(IssueService issues, RunService runService, IRunRepository runs, Guid companyId, Guid agentId)
    {
        public static async Task<OurRunner> CreateAsync(IServiceProvider services)
        {
            Company company = await services.GetRequiredService<CompanyService>().CreateAsync(Caller.Board, new CreateCompanyCommand("Bench Co", null), CancellationToken.None);
            Agent agent = await services.GetRequiredService<AgentService>().CreateAsync(Caller.Board, company.Id, new CreateAgentCommand("noop", "process", new ProcessAdapterConfig("true", [], null)), CancellationToken.None);
            return new OurRunner(services.GetRequiredService<IssueService>(), services.GetRequiredService<RunService>(), services.GetRequiredService<IRunRepository>(), company.Id, agent.Id);
        }

        public async Task<double> RunOnceAsync()
        {
            Issue issue = await issues.CreateAsync(Caller.Board, companyId, new CreateIssueCommand("bench", null, null, agentId, IssueStatus.Todo, []), CancellationToken.None);
            Stopwatch watch = Stopwatch.StartNew();
            WakeupAccepted accepted = await runService.WakeupAsync(Caller.Board, companyId, agentId, new WakeupCommand(issue.Id, "bench"), CancellationToken.None);
            while (true)
            {
                Run run = (await runs.GetAsync(companyId, accepted.RunId!.Value, CancellationToken.None))!.Value;
                if (run.IsTerminal)
                {
                    return run.Status == RunStatus.Succeeded ? watch.Elapsed.TotalMilliseconds : throw new InvalidOperationException($"bench run ended {run.Status}: {run.Error}");
                }

                await Task.Delay(PollInterval);
            }
        }
    }
}
