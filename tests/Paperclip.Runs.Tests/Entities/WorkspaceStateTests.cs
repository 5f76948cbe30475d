using Paperclip.Runs.Entities;

namespace Paperclip.Runs.Tests.Entities;

public sealed class WorkspaceStateTests
{
    [Fact]
    public void Admit_FollowsWakeOrder_EvenWhenOrchestrationsAskOutOfOrder()
    {
        WorkspaceState state = new();
        state.Enqueue("r1");
        state.Enqueue("r2");
        state.Enqueue("r3");

        Assert.False(state.Admit("r3"));
        Assert.False(state.Admit("r2"));
        Assert.True(state.Admit("r1"));
        Assert.Equal(["r2", "r3"], state.Queue);

        Assert.Equal("r2", state.Release("r1"));
        Assert.Equal("r3", state.Release("r2"));
        Assert.Null(state.Release("r3"));
        Assert.Null(state.ActiveRunId);
        Assert.Empty(state.Waiting);
        Assert.Equal("r3", state.LastReleasedRunId);
        Assert.Equal(3, state.AdmittedCount);
    }

    [Fact]
    public void Admit_OfARunNeverEnqueued_JoinsTheEndOfTheLine()
    {
        WorkspaceState state = new();
        Assert.True(state.Admit("r1"));
        state.Enqueue("r2");
        Assert.False(state.Admit("r3"));
        Assert.Equal(["r2", "r3"], state.Queue);

        // r2 has not asked yet, so releasing r1 admits nobody; r2 is admitted when it asks.
        Assert.Null(state.Release("r1"));
        Assert.True(state.Admit("r2"));
        Assert.Equal("r3", state.Release("r2"));
    }

    [Fact]
    public void Operations_AreIdempotentPerRun()
    {
        WorkspaceState state = new();
        state.Enqueue("r1");
        state.Enqueue("r1");
        Assert.True(state.Admit("r1"));
        Assert.True(state.Admit("r1"));
        state.Enqueue("r1");
        Assert.False(state.Admit("r2"));
        Assert.False(state.Admit("r2"));
        Assert.Equal(["r2"], state.Queue);
        Assert.Equal(["r2"], state.Waiting);
        Assert.Equal(1, state.AdmittedCount);

        Assert.Equal("r2", state.Release("r1"));
        Assert.Null(state.Release("r1"));
        Assert.Equal("r2", state.ActiveRunId);
        Assert.Equal(2, state.AdmittedCount);
    }

    [Fact]
    public void Release_OfARunThatNeverStarted_LetsTheNextWaitingRunIn()
    {
        WorkspaceState state = new();
        state.Enqueue("lost");
        state.Enqueue("r2");
        Assert.False(state.Admit("r2"));

        // The first run's orchestration never asked (its start failed, or it vanished): dropping it admits r2.
        Assert.Equal("r2", state.Release("lost"));
        Assert.Equal("r2", state.ActiveRunId);
        Assert.Empty(state.Queue);
    }

    [Fact]
    public void Lease_IsGrantedOnAdmissionAndPromotion_RenewedOnlyForTheHolder_AndClearedOnRelease()
    {
        DateTimeOffset t0 = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
        WorkspaceState state = new();
        Assert.True(state.Admit("r1", t0));
        Assert.Equal(t0 + WorkspaceState.LeaseTtl, state.LeaseExpiresAt);
        Assert.False(state.Admit("r2", t0));

        Assert.False(state.Renew("r2", t0.AddMinutes(5)));
        Assert.True(state.Renew("r1", t0.AddMinutes(5)));
        Assert.Equal(t0.AddMinutes(5) + WorkspaceState.LeaseTtl, state.LeaseExpiresAt);

        Assert.Equal("r2", state.Release("r1", t0.AddMinutes(6)));
        Assert.Equal(t0.AddMinutes(6) + WorkspaceState.LeaseTtl, state.LeaseExpiresAt);
        Assert.Null(state.Release("r2", t0.AddMinutes(7)));
        Assert.Null(state.LeaseExpiresAt);
    }

    [Fact]
    public void ReleaseExpired_FreesOnlyAVanishedHolderWhoseLeaseLapsed_AndPromotesTheNextInLine()
    {
        DateTimeOffset t0 = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
        WorkspaceState state = new();
        state.Admit("ghost", t0);
        state.Admit("next", t0);

        Assert.Null(state.ReleaseExpired(new LeaseRelease("ghost", t0.AddMinutes(1))));
        Assert.Equal("ghost", state.ActiveRunId);
        Assert.Null(state.ReleaseExpired(new LeaseRelease("someone-else", t0.AddHours(1))));

        Assert.Equal("next", state.ReleaseExpired(new LeaseRelease("ghost", t0 + WorkspaceState.LeaseTtl)));
        Assert.Equal("next", state.ActiveRunId);
        Assert.Equal("ghost", state.LastReleasedRunId);

        // Delivered twice: the second is a no-op (the ghost no longer holds the workspace).
        Assert.Null(state.ReleaseExpired(new LeaseRelease("ghost", t0.AddHours(1))));
        Assert.Equal("next", state.ActiveRunId);
    }

    [Fact]
    public void FinalizeWaiters_AreRegisteredOnce_AndHandedOverOnce_WhileTheRunHoldsTheWorkspace()
    {
        DateTimeOffset t0 = DateTimeOffset.UnixEpoch;
        WorkspaceState state = new();
        Assert.True(state.Admit("a", t0));
        Assert.False(state.Admit("b", t0));
        state.AddFinalizeWaiter("i1");
        state.AddFinalizeWaiter("i2");
        state.AddFinalizeWaiter("i1");

        // The waiters come with the hand-off, and "a" keeps the workspace (lease renewed) until it woke them.
        WorkspaceHandoffResult first = state.HandOff(new WorkspaceHandoff("a", Finalized: true, HoldForFollowUps: false), t0.AddMinutes(5));
        Assert.Equal((null, true), (first.Admitted, first.Held));
        Assert.Equal(["i1", "i2"], first.FinalizeWaiterIssueIds);
        Assert.Equal("a", state.ActiveRunId);
        Assert.Equal(t0.AddMinutes(5) + WorkspaceState.LeaseTtl, state.LeaseExpiresAt);

        // Delivered again: nothing left to hand over, so it releases; then "b", already waiting, is admitted.
        WorkspaceHandoffResult again = state.HandOff(new WorkspaceHandoff("a", Finalized: true, HoldForFollowUps: false), t0.AddMinutes(6));
        Assert.Equal(("b", false), (again.Admitted, again.Held));
        Assert.Empty(again.FinalizeWaiterIssueIds);
        Assert.Empty(state.FinalizeWaiters);
    }

    [Fact]
    public void HandOff_HoldsForOwedFollowUps_KeepsWaitersOfAFailedFinalize_AndOnlyLeavesTheLineForANonHolder()
    {
        DateTimeOffset t0 = DateTimeOffset.UnixEpoch;
        WorkspaceState state = new();
        Assert.True(state.Admit("a", t0));
        Assert.False(state.Admit("b", t0));
        state.AddFinalizeWaiter("i1");

        // A failed finalize hands no waiter over (the barrier stayed down), but owed follow-ups still hold.
        WorkspaceHandoffResult held = state.HandOff(new WorkspaceHandoff("a", Finalized: false, HoldForFollowUps: true), t0);
        Assert.Equal((null, true), (held.Admitted, held.Held));
        Assert.Empty(held.FinalizeWaiterIssueIds);
        Assert.Equal(["i1"], state.FinalizeWaiters);

        // A run that does not hold the workspace leaves the line, whatever it says.
        WorkspaceHandoffResult left = state.HandOff(new WorkspaceHandoff("b", Finalized: true, HoldForFollowUps: true), t0);
        Assert.Equal((null, false), (left.Admitted, left.Held));
        Assert.Empty(left.FinalizeWaiterIssueIds);
        Assert.Empty(state.Queue);
        Assert.Equal(["i1"], state.FinalizeWaiters);

        // Nothing owed: a plain release.
        Assert.Null(state.Release("a", t0));
        Assert.Equal(("a", null), (state.LastReleasedRunId, state.ActiveRunId));
    }
}
