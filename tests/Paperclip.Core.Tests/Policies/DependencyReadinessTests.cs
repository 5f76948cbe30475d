using Paperclip.Core.Domain;
using Paperclip.Core.Policies;

namespace Paperclip.Core.Tests.Policies;

public sealed class DependencyReadinessTests
{
    static readonly Guid Dependent = Guid.CreateVersion7();
    static readonly Guid PendingWorkspace = Guid.CreateVersion7();
    static readonly Guid FinalizedWorkspace = Guid.CreateVersion7();

    static DependencyReadiness Compute(params (Guid Id, IssueStatus Status, Guid? Workspace)[] blockers) =>
        DependencyReadiness.Compute(Dependent, blockers, w => w == PendingWorkspace);

    [Fact]
    public void NoBlockers_IsReady()
    {
        DependencyReadiness r = Compute();
        Assert.Empty(r.BlockerIssueIds);
        Assert.Equal(0, r.UnresolvedBlockerCount);
        Assert.True(r.AllBlockersDone);
        Assert.True(r.IsDependencyReady);
    }

    [Theory]
    [InlineData(IssueStatus.Todo)]
    [InlineData(IssueStatus.InProgress)]
    [InlineData(IssueStatus.Blocked)]
    [InlineData(IssueStatus.Cancelled)]
    public void NotDoneBlockers_AreUnresolved(IssueStatus status)
    {
        Guid blocker = Guid.CreateVersion7();
        DependencyReadiness r = Compute((blocker, status, null));
        Assert.Equal([blocker], r.UnresolvedBlockerIssueIds);
        Assert.Empty(r.PendingFinalizeBlockerIssueIds);
        Assert.False(r.IsDependencyReady);
    }

    [Fact]
    public void DoneBlockerPendingFinalize_IsUnresolvedAndPending()
    {
        Guid pending = Guid.CreateVersion7();
        Guid finalized = Guid.CreateVersion7();
        Guid noWorkspace = Guid.CreateVersion7();
        DependencyReadiness r = Compute((pending, IssueStatus.Done, PendingWorkspace), (finalized, IssueStatus.Done, FinalizedWorkspace), (noWorkspace, IssueStatus.Done, null));
        Assert.Equal([pending, finalized, noWorkspace], r.BlockerIssueIds);
        Assert.Equal([pending], r.UnresolvedBlockerIssueIds);
        Assert.Equal([pending], r.PendingFinalizeBlockerIssueIds);
        Assert.False(r.AllBlockersDone);
        Assert.False(r.IsDependencyReady);
    }

    public static TheoryData<string, IssueStatus, bool, bool, bool> WakeableCases => new()
    {
        { "assigned todo, ready", IssueStatus.Todo, true, true, true },
        { "assigned blocked, ready", IssueStatus.Blocked, true, true, true },
        { "unassigned", IssueStatus.Todo, false, true, false },
        { "backlog", IssueStatus.Backlog, true, true, false },
        { "already done", IssueStatus.Done, true, true, false },
        { "cancelled", IssueStatus.Cancelled, true, true, false },
        { "not ready", IssueStatus.Todo, true, false, false },
    };

    [Theory]
    [MemberData(nameof(WakeableCases))]
    public void IsWakeable_FiltersAsUpstream(string scenario, IssueStatus status, bool assigned, bool blockerDone, bool expected)
    {
        Guid blocker = Guid.CreateVersion7();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        Issue dependent = new(Dependent, Guid.CreateVersion7(), null, "T-2", 2, "dependent", null, status, assigned ? Guid.CreateVersion7() : null, [blocker], now, now);
        DependencyReadiness readiness = Compute((blocker, blockerDone ? IssueStatus.Done : IssueStatus.InProgress, FinalizedWorkspace));
        Assert.True(expected == DependencyReadiness.IsWakeable(dependent, readiness), scenario);
    }

    [Fact]
    public void IsWakeable_NeedsAtLeastOneBlocker()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        Issue dependent = new(Dependent, Guid.CreateVersion7(), null, "T-2", 2, "dependent", null, IssueStatus.Todo, Guid.CreateVersion7(), [], now, now);
        Assert.False(DependencyReadiness.IsWakeable(dependent, Compute()));
    }
}
