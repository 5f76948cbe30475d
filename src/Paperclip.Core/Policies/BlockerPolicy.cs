namespace Paperclip.Core.Policies;

/// <summary>
/// Validates a replacement blocker set for an issue, with upstream's rules and messages:
/// no self-block, only issues of the same company, no cycles (breadth-first over existing edges).
/// </summary>
public static class BlockerPolicy
{
    /// <summary>Upstream's message for a self-block.</summary>
    public const string SelfBlockMessage = "Issue cannot be blocked by itself";

    /// <summary>Upstream's message for a blocker outside the company (or unknown).</summary>
    public const string OtherCompanyMessage = "Blocked-by issues must belong to the same company";

    /// <summary>Upstream's message for a cycle.</summary>
    public const string CycleMessage = "Blocking relations cannot contain cycles";

    /// <summary>
    /// Returns null when <paramref name="proposed"/> is acceptable as <paramref name="issueId"/>'s blockers, else the
    /// violation message. <paramref name="blockersOf"/> maps each existing issue of the company to its blockers.
    /// </summary>
    public static string? Check(Guid issueId, IReadOnlyCollection<Guid> proposed, IReadOnlyDictionary<Guid, IReadOnlyList<Guid>> blockersOf)
    {
        if (proposed.Contains(issueId))
        {
            return SelfBlockMessage;
        }

        if (proposed.Any(b => !blockersOf.ContainsKey(b)))
        {
            return OtherCompanyMessage;
        }

        // A cycle exists if the issue is reachable from one of its new blockers through blocked-by edges.
        HashSet<Guid> seen = [];
        Queue<Guid> frontier = new(proposed);
        while (frontier.Count > 0)
        {
            Guid current = frontier.Dequeue();
            if (current == issueId)
            {
                return CycleMessage;
            }

            if (!seen.Add(current))
            {
                continue;
            }

            if (blockersOf.TryGetValue(current, out IReadOnlyList<Guid>? next))
            {
                foreach (Guid blocker in next)
                {
                    frontier.Enqueue(blocker);
                }
            }
        }

        return null;
    }
}
