using System.Diagnostics;
using DurableTask.AzureStorage;
using DurableTask.AzureStorage.Tracking;
using DurableTask.Core;
using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Ports;
using Paperclip.Core.Services.Projects;
using Paperclip.Host.Durable;

namespace Paperclip.Bench;

/// <summary>
/// throughput: 100 no-op runs on 100 issues (so 100 workspaces) woken at once, beside 100 bare DTFx three-activity
/// orchestrations started at once, in the same process on the same Azurite; then 20 runs on one shared workspace, which
/// its entity admits one at a time. Completion is watched the same way on both sides, with one query per round every
/// 50 ms (ours: the company's unfinished runs; bare: the task hub's unfinished instances), so the watching costs the
/// shared Azurite the same small load on both sides however long a side takes; each item's outcome is checked once
/// after the clock stopped.
/// </summary>
public static class ThroughputSuite
{
    const int Distinct = 100;
    const int OnOneWorkspace = 20;
    const int Agents = 4;
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static async Task<object> RunAsync(TimeSpan polling)
    {
        await using BenchHost host = await BenchHost.StartAsync("throughput", polling);
        IRunRepository runs = host.Get<IRunRepository>();
        List<Guid> agents = [];
        for (int a = 0; a < Agents; a++)
        {
            // Enough slots that the agents never hold a run back: only the engine is measured.
            agents.Add(await host.AgentAsync($"noop-{a}", "true", maxConcurrentRuns: 50));
        }

        // Warm both paths once.
        Guid warmRun = await host.WakeAsync(agents[0], await host.IssueAsync($$"""{"title":"warm-up","assigneeAgentId":"{{agents[0]}}"}"""));
        await WaitUntilNoneUnfinishedAsync(() => UnfinishedRunsAsync(runs, host));
        await CheckAllAsync([warmRun], id => RunDoneAsync(runs, host, id));
        string warmBare = await StartBareAsync(host.Bare);
        await WaitUntilNoneUnfinishedAsync(() => UnfinishedBareAsync(host, DateTime.UtcNow.AddMinutes(-5)));
        await CheckAllAsync([warmBare], id => BareDoneAsync(host.Bare, id));
        Console.Error.WriteLine($"[bench] host up; {Distinct} runs on {Distinct} issues, then {Distinct} bare orchestrations, then {OnOneWorkspace} runs on one workspace");

        List<(Guid Agent, Guid Issue)> work = [];
        for (int i = 0; i < Distinct; i++)
        {
            Guid agent = agents[i % Agents];
            work.Add((agent, await host.IssueAsync($$"""{"title":"distinct {{i}}","assigneeAgentId":"{{agent}}"}""")));
        }

        Stopwatch ours = Stopwatch.StartNew();
        Guid[] distinctRuns = await Task.WhenAll(work.Select(w => host.WakeAsync(w.Agent, w.Issue)));
        Console.Error.WriteLine($"[bench] ours: {Distinct} wakes accepted in {ours.Elapsed.TotalSeconds:0.00} s");
        await WaitUntilNoneUnfinishedAsync(() => UnfinishedRunsAsync(runs, host));
        double oursSeconds = ours.Elapsed.TotalSeconds;
        await CheckAllAsync(distinctRuns, id => RunDoneAsync(runs, host, id));

        // Our orchestrations may still be handing their workspaces off: let them finish before the baseline starts, so
        // its measurement carries none of our leftover work (which would flatter the ratio).
        await WaitUntilNoneUnfinishedAsync(() => UnfinishedOrchestrationsAsync(host.Get<DtfxRuntime>().Service, DateTime.UtcNow.AddHours(-1)));
        Console.Error.WriteLine($"[bench] ours: {Distinct} runs in {oursSeconds:0.00} s");

        DateTime bareFrom = DateTime.UtcNow.AddMinutes(-1);
        Stopwatch bare = Stopwatch.StartNew();
        string[] instances = await Task.WhenAll(Enumerable.Range(0, Distinct).Select(_ => StartBareAsync(host.Bare)));
        await WaitUntilNoneUnfinishedAsync(() => UnfinishedBareAsync(host, bareFrom));
        double bareSeconds = bare.Elapsed.TotalSeconds;
        await CheckAllAsync(instances, id => BareDoneAsync(host.Bare, id));
        await WaitUntilNoneUnfinishedAsync(() => UnfinishedOrchestrationsAsync(host.BareService, bareFrom));
        Console.Error.WriteLine($"[bench] bare: {Distinct} orchestrations in {bareSeconds:0.00} s");

        string shared = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "paperclip-bench-shared-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        try
        {
            string body = System.Text.Json.JsonSerializer.Serialize(new { name = "Mono", workspaceCwd = shared, executionWorkspacePolicy = new { enabled = true, defaultMode = "shared_workspace" } });
            Project project = await host.Get<ProjectService>().CreateAsync(Caller.Board, host.CompanyId, CreateProjectCommand.Parse(BenchHost.Body(body)), CancellationToken.None);
            List<(Guid Agent, Guid Issue)> queued = [];
            for (int i = 0; i < OnOneWorkspace; i++)
            {
                Guid agent = agents[i % Agents];
                queued.Add((agent, await host.IssueAsync($$"""{"title":"shared {{i}}","projectId":"{{project.Id}}","assigneeAgentId":"{{agent}}"}""")));
            }

            Stopwatch one = Stopwatch.StartNew();
            Guid[] sharedRuns = await Task.WhenAll(queued.Select(w => host.WakeAsync(w.Agent, w.Issue)));
            await WaitUntilNoneUnfinishedAsync(() => UnfinishedRunsAsync(runs, host));
            double oneSeconds = one.Elapsed.TotalSeconds;
            await CheckAllAsync(sharedRuns, id => RunDoneAsync(runs, host, id));
            Console.Error.WriteLine($"[bench] one workspace: {OnOneWorkspace} runs in {oneSeconds:0.00} s");

            double distinctRate = Distinct / oursSeconds;
            double bareRate = Distinct / bareSeconds;
            return new
            {
                Suite = "throughput",
                Runs = Distinct,
                RunsPerSDistinct = Math.Round(distinctRate, 2),
                BareRunsPerS = Math.Round(bareRate, 2),
                RatioDistinct = Math.Round(distinctRate / bareRate, 2),
                RunsOneWorkspace = OnOneWorkspace,
                RunsPerSOneWorkspace = Math.Round(OnOneWorkspace / oneSeconds, 2),
                MaxQueuePollingMs = polling.TotalMilliseconds,
            };
        }
        finally
        {
            Directory.Delete(shared, recursive: true);
        }
    }

    static async Task<string> StartBareAsync(TaskHubClient client)
    {
        string id = Guid.NewGuid().ToString("N");
        await client.CreateOrchestrationInstanceAsync(typeof(BareOrchestration), id, "x");
        return id;
    }

    static async Task<bool> BareDoneAsync(TaskHubClient client, string id) =>
        (await client.GetOrchestrationStateAsync(id))?.OrchestrationStatus switch
        {
            OrchestrationStatus.Completed => true,
            OrchestrationStatus.Failed or OrchestrationStatus.Terminated => throw new InvalidOperationException("A bare orchestration failed."),
            _ => false,
        };

    static async Task<bool> RunDoneAsync(IRunRepository runs, BenchHost host, Guid id)
    {
        Run run = (await runs.GetAsync(host.CompanyId, id, CancellationToken.None))!.Value;
        return run.IsTerminal && (run.Status == RunStatus.Succeeded ? true : throw new InvalidOperationException($"bench run ended {run.Status}: {run.Error}"));
    }

    static async Task<int> UnfinishedRunsAsync(IRunRepository runs, BenchHost host) =>
        (await runs.ListActiveAsync(host.CompanyId, CancellationToken.None)).Count;

    static Task<int> UnfinishedBareAsync(BenchHost host, DateTime createdFrom) => UnfinishedOrchestrationsAsync(host.BareService, createdFrom);

    /// <summary>Orchestrations (not entities) of a task hub created since <paramref name="createdFrom"/> that have not ended.</summary>
    static async Task<int> UnfinishedOrchestrationsAsync(AzureStorageOrchestrationService service, DateTime createdFrom)
    {
        OrchestrationInstanceStatusQueryCondition condition = new()
        {
            CreatedTimeFrom = createdFrom,
            RuntimeStatus = [OrchestrationStatus.Pending, OrchestrationStatus.Running],
            ExcludeEntities = true,
        };
        int count = 0;
        string? token = null;
        do
        {
            DurableStatusQueryResult page = await service.GetOrchestrationStateAsync(condition, 1000, token, CancellationToken.None);
            count += page.OrchestrationState.Count();
            token = page.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(token));

        return count;
    }

    /// <summary>Until nothing is unfinished: one query per round.</summary>
    static async Task WaitUntilNoneUnfinishedAsync(Func<Task<int>> unfinished)
    {
        Stopwatch waited = Stopwatch.StartNew();
        int left;
        while ((left = await unfinished()) > 0)
        {
            if (waited.Elapsed > Timeout)
            {
                throw new TimeoutException($"{left} did not finish within {Timeout.TotalMinutes:0} min");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Every item ended as it should (throws otherwise), read once each.</summary>
    static async Task CheckAllAsync<T>(IReadOnlyCollection<T> items, Func<T, Task<bool>> done)
    {
        bool[] finished = await Task.WhenAll(items.Select(done));
        if (finished.Any(f => !f))
        {
            throw new InvalidOperationException($"{finished.Count(f => !f)} of {items.Count} had not finished when the watch saw none left.");
        }
    }
}
