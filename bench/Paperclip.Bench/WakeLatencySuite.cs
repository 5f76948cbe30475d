using System.Diagnostics;
using Paperclip.Core.Auth;
using Paperclip.Core.Domain;
using Paperclip.Core.Ports;
using Paperclip.Core.Services.Issues;
using Paperclip.Core.Services.Runs;

namespace Paperclip.Bench;

/// <summary>
/// wake-latency: how soon a dependent's run follows its blocker's finalize. Each round a blocker issue's run executes
/// while the issue is marked done (so only the finalize barrier holds the dependent back); from the moment the
/// blocker's <c>workspace_finalize</c> succeeded to the dependent's run being created, and to that run's prepare
/// starting. All three instants are the control plane's own records (one clock, this process), so how often the suite
/// polls does not enter the numbers. Upstream wakes dependents at the next heartbeat tick: minutes.
/// </summary>
public static class WakeLatencySuite
{
    const int Warmup = 3;
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    static readonly TimeSpan RoundTimeout = TimeSpan.FromMinutes(2);

    public static async Task<object> RunAsync(int runs, TimeSpan polling)
    {
        await using BenchHost host = await BenchHost.StartAsync("wake-latency", polling);
        Guid builder = await host.AgentAsync("builder", "sleep 0.5");
        Guid follower = await host.AgentAsync("follower", "true");
        Console.Error.WriteLine($"[bench] host up; {runs} dependents after {Warmup} warm-up rounds");

        List<double> created = [];
        List<double> prepared = [];
        for (int i = 0; i < Warmup + runs; i++)
        {
            Guid blocker = await host.IssueAsync($$"""{"title":"blocker {{i}}","assigneeAgentId":"{{builder}}"}""");
            Guid dependent = await host.IssueAsync($$"""{"title":"dependent {{i}}","assigneeAgentId":"{{follower}}","blockedByIssueIds":["{{blocker}}"]}""");
            Guid blockerRun = await host.WakeAsync(builder, blocker);
            await UntilAsync(host, blockerRun, r => r.Operations.Any(o => o.Phase == "execute"));
            await host.Get<IssueService>().PatchAsync(Caller.Board, host.CompanyId, blocker, PatchIssueCommand.Parse(BenchHost.Body("""{"status":"done"}""")), CancellationToken.None);

            RunView finished = await UntilAsync(host, blockerRun, r => r.Status is RunStatus.Succeeded or RunStatus.Failed);
            DateTimeOffset finalized = finished.Operations.Single(o => o.Phase == "workspace_finalize").FinishedAt
                ?? throw new InvalidOperationException("the blocker's finalize has no end");
            RunView woken = await DependentRunAsync(host, dependent);
            DateTimeOffset prepareStarted = woken.Operations.First(o => o.Phase == "worktree_prepare").StartedAt;
            double c = (woken.CreatedAt - finalized).TotalMilliseconds;
            double p = (prepareStarted - finalized).TotalMilliseconds;
            if (i >= Warmup)
            {
                created.Add(c);
                prepared.Add(p);
            }

            Console.Error.WriteLine($"[bench] {i + 1}/{Warmup + runs}: created +{c:0.0} ms, prepare +{p:0.0} ms{(i < Warmup ? " (warm-up)" : string.Empty)}");
        }

        return new
        {
            Suite = "wake-latency",
            Runs = runs,
            CreatedP50Ms = Percentiles.Of(created, 50),
            CreatedP95Ms = Percentiles.Of(created, 95),
            PrepareP50Ms = Percentiles.Of(prepared, 50),
            PrepareP95Ms = Percentiles.Of(prepared, 95),
            MaxQueuePollingMs = polling.TotalMilliseconds,
        };
    }

    static async Task<RunView> DependentRunAsync(BenchHost host, Guid issueId)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (waited.Elapsed < RoundTimeout)
        {
            if ((await host.Get<RunService>().ListAsync(Caller.Board, host.CompanyId, new RunQuery(issueId), CancellationToken.None)) is [{ } run, ..]
                && await host.RunAsync(run.Id) is { } view && view.Operations.Any(o => o.Phase == "worktree_prepare"))
            {
                return view;
            }

            await Task.Delay(PollInterval);
        }

        throw new TimeoutException($"issue {issueId}'s dependent run did not start within {RoundTimeout.TotalSeconds:0} s");
    }

    static async Task<RunView> UntilAsync(BenchHost host, Guid runId, Func<RunView, bool> done)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (waited.Elapsed < RoundTimeout)
        {
            RunView run = await host.RunAsync(runId);
            if (done(run))
            {
                return run;
            }

            await Task.Delay(PollInterval);
        }

        throw new TimeoutException($"run {runId} did not get there within {RoundTimeout.TotalSeconds:0} s");
    }
}
