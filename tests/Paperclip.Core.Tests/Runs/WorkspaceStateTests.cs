using Paperclip.Core.Runs;

namespace Paperclip.Core.Tests.Runs;

public sealed class WorkspaceStateTests
{
    [Fact]
    public void Admit_AdmitsOneRunAndQueuesTheRestInOrder()
    {
        WorkspaceState state = new();
        Assert.True(state.Admit("r1"));
        Assert.False(state.Admit("r2"));
        Assert.False(state.Admit("r3"));
        Assert.Equal("r1", state.ActiveRunId);
        Assert.Equal(["r2", "r3"], state.Queue);

        Assert.Equal("r2", state.Release("r1"));
        Assert.Equal("r3", state.Release("r2"));
        Assert.Null(state.Release("r3"));
        Assert.Null(state.ActiveRunId);
        Assert.Equal("r3", state.LastReleasedRunId);
        Assert.Equal(3, state.AdmittedCount);
    }

    [Fact]
    public void Operations_AreIdempotentPerRun()
    {
        WorkspaceState state = new();
        Assert.True(state.Admit("r1"));
        Assert.True(state.Admit("r1"));
        Assert.False(state.Admit("r2"));
        Assert.False(state.Admit("r2"));
        Assert.Equal(["r2"], state.Queue);
        Assert.Equal(1, state.AdmittedCount);

        Assert.Equal("r2", state.Release("r1"));
        Assert.Null(state.Release("r1"));
        Assert.Equal("r2", state.ActiveRunId);
        Assert.Equal(2, state.AdmittedCount);
    }

    [Fact]
    public void Release_OfAQueuedRunOnlyDropsItFromTheQueue()
    {
        WorkspaceState state = new();
        state.Admit("r1");
        state.Admit("r2");
        state.Admit("r3");
        Assert.Null(state.Release("r2"));
        Assert.Equal("r1", state.ActiveRunId);
        Assert.Equal(["r3"], state.Queue);
    }
}
