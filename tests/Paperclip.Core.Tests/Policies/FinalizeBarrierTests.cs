using Paperclip.Core.Domain;
using Paperclip.Core.Policies;

namespace Paperclip.Core.Tests.Policies;

public sealed class FinalizeBarrierTests
{
    static readonly Guid Company = Guid.CreateVersion7();
    static readonly Guid Workspace = Guid.CreateVersion7();
    static readonly DateTimeOffset T0 = new(2026, 8, 2, 18, 0, 0, TimeSpan.Zero);

    static WorkspaceOperation Op(Guid run, string phase, OperationStatus status, int second, Guid? workspace = null) =>
        new(Company, run, workspace ?? Workspace, phase, status, null, null, T0.AddSeconds(second), null);

    [Fact]
    public void NoOperations_CountsAsFinalized() => Assert.True(FinalizeBarrier.IsFinalized([]));

    public static TheoryData<string, WorkspaceOperation[], bool> Cases
    {
        get
        {
            // Run ids are UUIDv7: time-ordered to the millisecond, so r2 is the later run.
            Guid r1 = Guid.CreateVersion7(T0);
            Guid r2 = Guid.CreateVersion7(T0.AddMilliseconds(1));
            return new()
            {
                { "succeeded finalize last", [Op(r1, WorkspacePhases.WorktreePrepare, OperationStatus.Succeeded, 0), Op(r1, WorkspacePhases.WorkspaceFinalize, OperationStatus.Succeeded, 5)], true },
                { "failed finalize", [Op(r1, WorkspacePhases.WorkspaceFinalize, OperationStatus.Failed, 5)], false },
                { "finalize still running", [Op(r1, WorkspacePhases.WorkspaceFinalize, OperationStatus.Running, 5)], false },
                { "a later run's prepare re-opens the workspace", [Op(r1, WorkspacePhases.WorkspaceFinalize, OperationStatus.Succeeded, 5), Op(r2, WorkspacePhases.WorktreePrepare, OperationStatus.Succeeded, 6)], false },
                { "checkout succeeded, then finalize failed (upstream fixture)", [Op(r1, "checkout", OperationStatus.Succeeded, 0), Op(r1, WorkspacePhases.WorkspaceFinalize, OperationStatus.Failed, 3265)], false },
                { "tie on startedAt: the later run wins", [Op(r1, WorkspacePhases.WorkspaceFinalize, OperationStatus.Succeeded, 5), Op(r2, WorkspacePhases.WorktreePrepare, OperationStatus.Running, 5)], false },
                { "tie within a run: phase order", [Op(r2, WorkspacePhases.Execute, OperationStatus.Succeeded, 5), Op(r2, WorkspacePhases.WorkspaceFinalize, OperationStatus.Succeeded, 5)], true },
                { "read order does not matter", [Op(r2, WorkspacePhases.WorkspaceFinalize, OperationStatus.Succeeded, 9), Op(r1, WorkspacePhases.WorktreePrepare, OperationStatus.Running, 1)], true },
            };
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsFinalized_UsesTheLatestOperation(string scenario, WorkspaceOperation[] operations, bool expected)
    {
        Assert.True(expected == FinalizeBarrier.IsFinalized(operations), scenario);
        Assert.True(expected == FinalizeBarrier.IsFinalized(operations.Reverse()), scenario + " (reversed)");
    }

    [Fact]
    public void UnfinalizedWorkspaces_ListsOnlyThosePendingFinalize()
    {
        Guid other = Guid.CreateVersion7();
        Guid run = Guid.CreateVersion7();
        IReadOnlySet<Guid> pending = FinalizeBarrier.UnfinalizedWorkspaces(
        [
            Op(run, WorkspacePhases.WorkspaceFinalize, OperationStatus.Succeeded, 1),
            Op(run, WorkspacePhases.Execute, OperationStatus.Running, 1, other),
        ]);
        Assert.Equal([other], pending);
    }
}
