using System.Text.Json;
using Paperclip.Core.Domain;
using Paperclip.Core.Errors;

namespace Paperclip.Core.Services.Interactions;

/// <summary>One task of a suggest_tasks card.</summary>
public sealed record SuggestedTask(string ClientKey, string Title, string? Description, Guid? AssigneeAgentId, string? ParentClientKey)
{
    /// <summary>The created issue's work mode (upstream's default <c>standard</c>).</summary>
    public string WorkMode { get; init; } = Issue.DefaultWorkMode;

    /// <summary>Reads the tasks of a (validated) payload.</summary>
    public static IReadOnlyList<SuggestedTask> Read(JsonElement payload) =>
        payload.GetProperty("tasks").EnumerateArray().Select(t => new SuggestedTask(
            t.GetProperty("clientKey").GetString()!,
            t.GetProperty("title").GetString()!.Trim(),
            t.TryGetProperty("description", out JsonElement d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null,
            t.TryGetProperty("assigneeAgentId", out JsonElement a) && a.ValueKind == JsonValueKind.String ? Guid.Parse(a.GetString()!) : null,
            t.TryGetProperty("parentClientKey", out JsonElement p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null)
        {
            WorkMode = t.TryGetProperty("workMode", out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString()!.Trim() : Issue.DefaultWorkMode,
        }).ToArray();

    /// <summary>
    /// The selected tasks, parents before children, with upstream's rules and messages: unknown keys, an empty
    /// selection, a child whose parent is not selected, an unknown parent and parent cycles are 422.
    /// </summary>
    public static IReadOnlyList<SuggestedTask> SelectParentsFirst(IReadOnlyList<SuggestedTask> tasks, IReadOnlyList<string>? selectedKeys)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        Dictionary<string, SuggestedTask> byKey = tasks.ToDictionary(t => t.ClientKey, StringComparer.Ordinal);
        foreach (SuggestedTask task in tasks)
        {
            if (task.ParentClientKey is { } parent && !byKey.ContainsKey(parent))
            {
                throw Unprocessable($"Unknown suggested task parentClientKey: {parent}");
            }
        }

        foreach (SuggestedTask task in tasks)
        {
            // Walk up from each task; meeting a task twice means a cycle.
            HashSet<string> seen = new(StringComparer.Ordinal);
            for (SuggestedTask? t = task; t?.ParentClientKey is { } p; t = byKey[p])
            {
                if (!seen.Add(t.ClientKey))
                {
                    throw Unprocessable("Suggested tasks contain a parentClientKey cycle");
                }
            }
        }

        HashSet<string> selected = new(selectedKeys ?? tasks.Select(t => t.ClientKey), StringComparer.Ordinal);
        foreach (string key in selected)
        {
            if (!byKey.ContainsKey(key))
            {
                throw Unprocessable($"Unknown suggested task clientKey: {key}");
            }
        }

        if (selected.Count == 0)
        {
            throw Unprocessable("Select at least one suggested task to accept");
        }

        foreach (SuggestedTask task in tasks.Where(t => selected.Contains(t.ClientKey)))
        {
            if (task.ParentClientKey is { } parent && !selected.Contains(parent))
            {
                throw Unprocessable($"Suggested task {task.ClientKey} requires its parent {parent} to also be selected");
            }
        }

        List<SuggestedTask> ordered = [];
        HashSet<string> placed = new(StringComparer.Ordinal);
        void Place(SuggestedTask task)
        {
            if (placed.Contains(task.ClientKey))
            {
                return;
            }

            if (task.ParentClientKey is { } parent)
            {
                Place(byKey[parent]);
            }

            placed.Add(task.ClientKey);
            ordered.Add(task);
        }

        foreach (SuggestedTask task in tasks.Where(t => selected.Contains(t.ClientKey)))
        {
            Place(task);
        }

        return ordered;
    }

    static PaperclipException Unprocessable(string message) => PaperclipException.Unprocessable(ErrorCodes.Unprocessable, message);
}
