using Paperclip.Core.Domain;

namespace Paperclip.Core.Policies;

/// <summary>What a wake asks for, as far as the decision goes.</summary>
/// <param name="FromTimer">The heartbeat timer asks (source <c>timer</c>); any other source is on demand.</param>
/// <param name="Keyed">It carries an idempotency key: it names exactly one run, so it never merges into another.</param>
/// <param name="Promoted">It is a deferred wake being promoted: its turn has come, so it is never deferred again.</param>
public sealed record WakeAsk(bool FromTimer, bool Keyed, bool Promoted);

/// <summary>What becomes of a wake.</summary>
public abstract record WakeDecision
{
    WakeDecision()
    {
    }

    /// <summary>The agent cannot be woken at all (paused, terminated, pending approval): 409, nothing recorded.</summary>
    public sealed record Refused(AgentStatus Status) : WakeDecision;

    /// <summary>The agent's heartbeat policy skips this kind of wake; recorded as a <c>skipped</c> wake with the reason.</summary>
    public sealed record Skipped(string Reason) : WakeDecision;

    /// <summary>Merged into the agent's queued run on the issue.</summary>
    public sealed record Coalesced(Guid RunId) : WakeDecision;

    /// <summary>Another agent's run holds the issue: the wake waits for it to end (upstream's issue execution lock).</summary>
    public sealed record Deferred(Guid BehindRunId) : WakeDecision;

    /// <summary>A new queued run (it waits for the workspace and an agent slot at admission).</summary>
    public sealed record Queued : WakeDecision;
}

/// <summary>
/// Upstream's wake decisions (finalize-gates research §4.2–4.3), as a pure function of the agent, what the wake asks
/// and the issue's runs. In order:
/// <list type="number">
/// <item>an agent that is not invokable is refused;</item>
/// <item>a timer wake of an agent whose heartbeat is disabled, or any other wake of one with <c>wakeOnDemand</c> off,
/// is skipped (<c>heartbeat.disabled</c>, <c>heartbeat.wakeOnDemand.disabled</c>);</item>
/// <item>a wake without a key merges into the agent's oldest queued run on the issue;</item>
/// <item>while another agent's run is live on the issue, the wake is deferred behind it (unless it is that deferred
/// wake's promotion);</item>
/// <item>otherwise a run is queued.</item>
/// </list>
/// One deliberate difference: upstream also merges a wake into the same agent's <em>running</em> run; here it queues a
/// follow-up run, which then absorbs further wakes, so work asked for after the running run read its context is done.
/// Agent slots (<c>maxConcurrentRuns</c>) are not a wake decision: a queued run waits for one at admission.
/// </summary>
public static class WakePolicy
{
    /// <summary>The skip reason when the timer wakes an agent whose heartbeat is disabled.</summary>
    public const string HeartbeatDisabled = "heartbeat.disabled";

    /// <summary>The skip reason when something else wakes an agent with <c>wakeOnDemand</c> off.</summary>
    public const string WakeOnDemandDisabled = "heartbeat.wakeOnDemand.disabled";

    /// <summary>The whole decision.</summary>
    public static WakeDecision Decide(Agent agent, WakeAsk ask, IReadOnlyList<Run> issueRuns) =>
        Gate(agent, ask) ?? Place(agent.Id, ask, issueRuns);

    /// <summary>What can be decided before the issue is known: refused or skipped, else null.</summary>
    public static WakeDecision? Gate(Agent agent, WakeAsk ask)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(ask);
        if (!agent.IsInvokable)
        {
            return new WakeDecision.Refused(agent.Status);
        }

        return ask.FromTimer
            ? (agent.Heartbeat.Enabled ? null : new WakeDecision.Skipped(HeartbeatDisabled))
            : (agent.Heartbeat.WakeOnDemand ? null : new WakeDecision.Skipped(WakeOnDemandDisabled));
    }

    /// <summary>Where an admitted wake goes, given the runs of its issue.</summary>
    public static WakeDecision Place(Guid agentId, WakeAsk ask, IReadOnlyList<Run> issueRuns)
    {
        ArgumentNullException.ThrowIfNull(ask);
        ArgumentNullException.ThrowIfNull(issueRuns);
        if (!ask.Keyed && issueRuns.Where(r => r.AgentId == agentId && r.Status == RunStatus.Queued).MinBy(r => r.CreatedAt) is { } queued)
        {
            return new WakeDecision.Coalesced(queued.Id);
        }

        // Behind the run that holds the issue: a running one before the oldest queued one.
        if (!ask.Promoted && issueRuns.Where(r => !r.IsTerminal && r.AgentId != agentId)
                .OrderBy(r => r.Status == RunStatus.Running ? 0 : 1).ThenBy(r => r.CreatedAt).FirstOrDefault() is { } holder)
        {
            return new WakeDecision.Deferred(holder.Id);
        }

        return new WakeDecision.Queued();
    }
}
