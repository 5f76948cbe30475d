using System.Text.Json.Nodes;
using Paperclip.Core.Domain;
using Paperclip.Core.Validation;

namespace Paperclip.Core.Services.Interactions;

/// <summary>The payload shapes interactions need, checked at creation so accept never meets a malformed card.</summary>
public static class InteractionPayloads
{
    /// <summary>Most suggested tasks or checkbox options on one card.</summary>
    public const int MaxItems = 100;

    /// <summary>Reports payload problems on <paramref name="body"/> with <c>payload.…</c> paths.</summary>
    public static void Validate(InteractionKind kind, JsonObject payload, RequestBody body)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(body);
        switch (kind)
        {
            case InteractionKind.SuggestTasks:
                ValidateItems(payload, "tasks", body, (task, path) =>
                {
                    RequireString(task, "clientKey", path, 100, body);
                    RequireString(task, "title", path, 500, body);
                    OptionalString(task, "description", path, 16_000, body);
                    OptionalString(task, "parentClientKey", path, 100, body);
                    OptionalString(task, "workMode", path, 64, body);
                    if (task["assigneeAgentId"] is { } a && (a.GetValueKind() != System.Text.Json.JsonValueKind.String || !Guid.TryParse(a.GetValue<string>(), out _)))
                    {
                        body.Fail($"{path}.assigneeAgentId", "must be an id (a UUID string).");
                    }

                    return task["clientKey"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? task["clientKey"]!.GetValue<string>() : null;
                });
                break;
            case InteractionKind.AskUserQuestions:
                ValidateItems(payload, "questions", body, (question, path) =>
                {
                    RequireString(question, "id", path, 100, body);
                    RequireString(question, "prompt", path, 2000, body);
                    if (question["selectionMode"] is { } mode && (mode.GetValueKind() != System.Text.Json.JsonValueKind.String || mode.GetValue<string>() is not ("single" or "multi")))
                    {
                        body.Fail($"{path}.selectionMode", "must be 'single' or 'multi'.");
                    }

                    if (question["options"] is not null)
                    {
                        ValidateItems(question, "options", body, (option, optionPath) =>
                        {
                            RequireString(option, "id", optionPath, 100, body);
                            RequireString(option, "label", optionPath, 500, body);
                            return option["id"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? option["id"]!.GetValue<string>() : null;
                        }, path);
                    }

                    return question["id"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? question["id"]!.GetValue<string>() : null;
                });
                break;
            case InteractionKind.RequestCheckboxConfirmation:
                ValidateItems(payload, "options", body, (option, path) =>
                {
                    RequireString(option, "id", path, 100, body);
                    RequireString(option, "label", path, 500, body);
                    return option["id"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? option["id"]!.GetValue<string>() : null;
                });
                foreach (string bound in new[] { "minSelected", "maxSelected" })
                {
                    if (payload[bound] is { } n && (n.GetValueKind() != System.Text.Json.JsonValueKind.Number || !n.AsValue().TryGetValue(out int v) || v < 0))
                    {
                        body.Fail($"payload.{bound}", "must be a non-negative integer.");
                    }
                }

                break;
            default:
                break;
        }
    }

    /// <summary>Upstream's defaults: confirmations and questions are superseded by a user comment; checkbox cards allow a decline reason.</summary>
    public static void ApplyDefaults(InteractionKind kind, JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (kind is InteractionKind.AskUserQuestions or InteractionKind.RequestConfirmation or InteractionKind.RequestCheckboxConfirmation)
        {
            payload.TryAdd("supersedeOnUserComment", true);
        }

        if (kind == InteractionKind.RequestCheckboxConfirmation)
        {
            payload.TryAdd("allowDeclineReason", true);
        }
    }

    static void ValidateItems(JsonObject payload, string field, RequestBody body, Func<JsonObject, string, string?> validateItem, string parent = "payload")
    {
        if (payload[field] is not JsonArray items || items.Count == 0 || items.Count > MaxItems)
        {
            body.Fail($"{parent}.{field}", $"must be an array of 1 to {MaxItems} objects.");
            return;
        }

        HashSet<string> keys = new(StringComparer.Ordinal);
        for (int i = 0; i < items.Count; i++)
        {
            string path = $"{parent}.{field}[{i}]";
            if (items[i] is not JsonObject item)
            {
                body.Fail(path, "must be an object.");
                continue;
            }

            if (validateItem(item, path) is { } key && !keys.Add(key))
            {
                body.Fail(path, $"repeats the key '{key}'.");
            }
        }
    }

    static void RequireString(JsonObject item, string name, string path, int maxLength, RequestBody body)
    {
        if (item[name] is not { } value || value.GetValueKind() != System.Text.Json.JsonValueKind.String || value.GetValue<string>().Trim().Length == 0)
        {
            body.Fail($"{path}.{name}", "is required (a non-empty string).");
        }
        else if (value.GetValue<string>().Length > maxLength)
        {
            body.Fail($"{path}.{name}", $"must be at most {maxLength} characters.");
        }
    }

    static void OptionalString(JsonObject item, string name, string path, int maxLength, RequestBody body)
    {
        if (item[name] is { } value && (value.GetValueKind() != System.Text.Json.JsonValueKind.String || value.GetValue<string>().Length > maxLength))
        {
            body.Fail($"{path}.{name}", $"must be a string of at most {maxLength} characters.");
        }
    }
}
