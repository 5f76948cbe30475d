using Paperclip.Core.Policies;

namespace Paperclip.Core.Tests.Policies;

public sealed class BlockerPolicyTests
{
    static readonly Guid A = new("00000000-0000-0000-0000-00000000000a");
    static readonly Guid B = new("00000000-0000-0000-0000-00000000000b");
    static readonly Guid C = new("00000000-0000-0000-0000-00000000000c");
    static readonly Guid Foreign = new("00000000-0000-0000-0000-0000000000ff");

    public static TheoryData<string, Guid, Guid[], string?> Cases => new()
    {
        { "no blockers", A, [], null },
        { "a plain blocker", C, [A], null },
        { "self block", A, [A], BlockerPolicy.SelfBlockMessage },
        { "self block among others", A, [B, A], BlockerPolicy.SelfBlockMessage },
        { "blocker of another company (unknown here)", A, [Foreign], BlockerPolicy.OtherCompanyMessage },
        { "B blocked by C, which is blocked by B", B, [C], BlockerPolicy.CycleMessage },
        { "A blocked by C closes A <- B <- C", A, [C], BlockerPolicy.CycleMessage },
        { "C also blocked by A: a diamond, no cycle", C, [A, B], null },
    };

    // Existing edges: B is blocked by A; C is blocked by B.
    static readonly Dictionary<Guid, IReadOnlyList<Guid>> Graph = new()
    {
        [A] = [],
        [B] = [A],
        [C] = [B],
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Check_FollowsUpstreamRules(string scenario, Guid issue, Guid[] proposed, string? expected)
    {
        _ = scenario;
        Assert.Equal(expected, BlockerPolicy.Check(issue, proposed, Graph));
    }

    [Fact]
    public void Check_ATwoIssueLoopIsACycle() =>
        Assert.Equal(BlockerPolicy.CycleMessage, BlockerPolicy.Check(A, [B], Graph));
}
