using Paperclip.Core.Domain;
using Paperclip.Core.Policies;

namespace Paperclip.Core.Tests.Policies;

/// <summary>
/// Every wake decision upstream has (finalize-gates research §4.2–4.3), and every one the end-to-end tests drive
/// (WakePolicyTests, InteractionTests, HeartbeatTests, DurabilityTests in Paperclip.Host.Tests), as one table.
/// </summary>
public sealed class WakePolicyTests
{
    static readonly Guid Company = Guid.CreateVersion7();
    static readonly Guid Issue = Guid.CreateVersion7();
    static readonly Guid Me = Guid.Parse("00000000-0000-7000-8000-00000000000a");
    static readonly Guid Other = Guid.Parse("00000000-0000-7000-8000-00000000000b");
    static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    static readonly WakeAsk OnDemand = new(FromTimer: false, Keyed: false, Promoted: false);
    static readonly WakeAsk Timer = OnDemand with { FromTimer = true };
    static readonly WakeAsk Keyed = OnDemand with { Keyed = true };
    static readonly WakeAsk Promoted = OnDemand with { Promoted = true };

    static Agent AgentWith(AgentStatus status = AgentStatus.Idle, bool enabled = true, bool onDemand = true) =>
        new(Me, Company, "me", status, "process", new ProcessAdapterConfig("true", [], null), null, T0, T0)
        {
            Heartbeat = HeartbeatPolicy.Default with { Enabled = enabled, WakeOnDemand = onDemand },
        };

    static Run RunOf(Guid agent, RunStatus status, int second, int id) =>
        new(Guid.Parse($"00000000-0000-7000-8000-0000000000{id:D2}"), Company, agent, Issue, Issue, status, "on_demand", null, null, T0.AddSeconds(second), null, null, T0);

    static string Describe(WakeDecision decision) => decision switch
    {
        WakeDecision.Refused r => $"refused:{r.Status}",
        WakeDecision.Skipped s => $"skipped:{s.Reason}",
        WakeDecision.Coalesced c => $"coalesced:{c.RunId.ToString()[^2..]}",
        WakeDecision.Deferred d => $"deferred:{d.BehindRunId.ToString()[^2..]}",
        WakeDecision.Queued => "queued",
        _ => throw new ArgumentOutOfRangeException(nameof(decision)),
    };

    public static TheoryData<string, Agent, WakeAsk, Run[], string> Cases => new()
    {
        // §4.2 gating: not invokable is refused (409); the policy skips.
        { "paused agent", AgentWith(AgentStatus.Paused), OnDemand, [], "refused:Paused" },
        { "terminated agent", AgentWith(AgentStatus.Terminated), OnDemand, [], "refused:Terminated" },
        { "agent pending approval", AgentWith(AgentStatus.PendingApproval), Timer, [], "refused:PendingApproval" },
        { "refusal comes before the policy", AgentWith(AgentStatus.Paused, enabled: false, onDemand: false), Timer, [], "refused:Paused" },
        { "timer wake, heartbeat disabled", AgentWith(enabled: false), Timer, [], "skipped:heartbeat.disabled" },
        { "on-demand wake, wakeOnDemand off", AgentWith(onDemand: false), OnDemand, [], "skipped:heartbeat.wakeOnDemand.disabled" },
        { "timer wake ignores wakeOnDemand", AgentWith(onDemand: false), Timer, [], "queued" },
        { "on-demand wake ignores the disabled heartbeat", AgentWith(enabled: false), OnDemand, [], "queued" },
        { "running and error agents can be woken", AgentWith(AgentStatus.Error), OnDemand, [RunOf(Me, RunStatus.Failed, 0, 1)], "queued" },

        // §4.3 same executor: merges into its queued run (the oldest); a keyed wake never merges.
        { "repeat wake while queued", AgentWith(), OnDemand, [RunOf(Me, RunStatus.Queued, 0, 1)], "coalesced:01" },
        { "merges into the oldest queued run", AgentWith(), Timer, [RunOf(Me, RunStatus.Queued, 5, 2), RunOf(Me, RunStatus.Queued, 1, 1)], "coalesced:01" },
        { "running plus a queued follow-up", AgentWith(), OnDemand, [RunOf(Me, RunStatus.Running, 0, 1), RunOf(Me, RunStatus.Queued, 3, 2)], "coalesced:02" },
        { "keyed wake never merges", AgentWith(), Keyed, [RunOf(Me, RunStatus.Queued, 0, 1)], "queued" },

        // The one difference from upstream: the same agent's running run gets a follow-up, not the wake merged in.
        { "same agent running: follow-up run", AgentWith(), OnDemand, [RunOf(Me, RunStatus.Running, 0, 1)], "queued" },

        // §4.3 another executor holds the issue: deferred behind it (running before queued); a promotion is not.
        { "another agent's run is running", AgentWith(), OnDemand, [RunOf(Other, RunStatus.Running, 0, 1)], "deferred:01" },
        { "another agent's run is queued", AgentWith(), OnDemand, [RunOf(Other, RunStatus.Queued, 0, 1)], "deferred:01" },
        { "behind the running one first", AgentWith(), OnDemand, [RunOf(Other, RunStatus.Queued, 0, 1), RunOf(Other, RunStatus.Running, 4, 2)], "deferred:02" },
        { "timer wakes are deferred too", AgentWith(), Timer, [RunOf(Other, RunStatus.Running, 0, 1)], "deferred:01" },
        { "keyed wakes are deferred too", AgentWith(), Keyed, [RunOf(Other, RunStatus.Running, 0, 1)], "deferred:01" },
        { "a promoted wake is not deferred again", AgentWith(), Promoted, [RunOf(Other, RunStatus.Queued, 0, 1)], "queued" },
        { "own queued run wins over deferral", AgentWith(), OnDemand, [RunOf(Me, RunStatus.Queued, 0, 1), RunOf(Other, RunStatus.Running, 1, 2)], "coalesced:01" },

        // §4.3 no active run: queued (ended runs of anyone do not count).
        { "no runs", AgentWith(), OnDemand, [], "queued" },
        { "only ended runs", AgentWith(), OnDemand, [RunOf(Other, RunStatus.Succeeded, 0, 1), RunOf(Me, RunStatus.Cancelled, 1, 2), RunOf(Other, RunStatus.TimedOut, 2, 3)], "queued" },
        { "a lost run's retry", AgentWith(), OnDemand, [RunOf(Me, RunStatus.Failed, 0, 1)], "queued" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decides_AsUpstream(string situation, Agent agent, WakeAsk ask, Run[] issueRuns, string expected) =>
        Assert.True(Describe(WakePolicy.Decide(agent, ask, issueRuns)) == expected, $"{situation}: {Describe(WakePolicy.Decide(agent, ask, issueRuns))}, expected {expected}");

    [Fact]
    public void TheGate_DecidesNothingForAnAdmittedWake() => Assert.Null(WakePolicy.Gate(AgentWith(), OnDemand));
}
