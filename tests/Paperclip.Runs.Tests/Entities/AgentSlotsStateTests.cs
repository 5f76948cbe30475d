using Paperclip.Runs.Entities;

namespace Paperclip.Runs.Tests.Entities;

public sealed class AgentSlotsStateTests
{
    [Fact]
    public void AtMostTheLimitHoldASlot_TheRestWaitInOrder_AndAreGrantedAsSlotsFree()
    {
        AgentSlotsState state = new();
        Assert.True(state.Acquire(new SlotRequest("r1", 2)));
        Assert.True(state.Acquire(new SlotRequest("r2", 2)));
        Assert.False(state.Acquire(new SlotRequest("r3", 2)));
        Assert.False(state.Acquire(new SlotRequest("r4", 2)));

        // Idempotent: asking again changes nothing.
        Assert.True(state.Acquire(new SlotRequest("r1", 2)));
        Assert.False(state.Acquire(new SlotRequest("r3", 2)));
        Assert.Equal(["r3", "r4"], state.Waiting);

        Assert.Equal(new SlotRelease(["r3"], true), state.Release("r1"), SlotReleaseComparer);
        Assert.Equal(new SlotRelease([], false), state.Release("r1"), SlotReleaseComparer);
        Assert.Equal(["r2", "r3"], state.Active);

        // A waiting run that leaves the line is simply forgotten.
        Assert.Equal(new SlotRelease([], false), state.Release("r4"), SlotReleaseComparer);
        Assert.Empty(state.Waiting);
    }

    [Fact]
    public void ARaisedLimit_GrantsAsManyWaitersAsFit_AndTheLimitIsClamped()
    {
        AgentSlotsState state = new();
        Assert.True(state.Acquire(new SlotRequest("r1", 0)));
        Assert.Equal(1, state.Limit);
        Assert.False(state.Acquire(new SlotRequest("r2", 1)));
        Assert.False(state.Acquire(new SlotRequest("r3", 3)));
        Assert.Equal(3, state.Limit);

        // A newcomer never jumps the line, even when a slot is free.
        Assert.False(state.Acquire(new SlotRequest("r4", 500)));
        Assert.Equal(50, state.Limit);
        Assert.Equal(["r2", "r3", "r4"], state.Release("r1").Granted);
    }

    static readonly IEqualityComparer<SlotRelease> SlotReleaseComparer = EqualityComparer<SlotRelease>.Create(
        (a, b) => a!.WasHolding == b!.WasHolding && a.Granted.SequenceEqual(b.Granted), r => r.WasHolding.GetHashCode());
}
