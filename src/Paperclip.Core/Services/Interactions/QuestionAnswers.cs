using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Paperclip.Core.Errors;

namespace Paperclip.Core.Services.Interactions;

/// <summary>
/// Checks answers against an <c>ask_user_questions</c> card as upstream (unknown question, duplicate answer, unknown
/// option, several options for a single-selection question, a required question left unanswered are 422) and builds
/// the result <c>{version:1, answers, summaryMarkdown}</c>. Option ids are de-duplicated in the card's order.
/// </summary>
public static class QuestionAnswers
{
    /// <summary>The result of answering; throws 422 with upstream's kind of message on a bad answer.</summary>
    public static JsonObject Resolve(JsonElement payload, IReadOnlyList<QuestionAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        Dictionary<string, JsonElement> questions = payload.GetProperty("questions").EnumerateArray().ToDictionary(q => q.GetProperty("id").GetString()!, StringComparer.Ordinal);
        Dictionary<string, QuestionAnswer> byQuestion = new(StringComparer.Ordinal);
        foreach (QuestionAnswer answer in answers)
        {
            if (!questions.ContainsKey(answer.QuestionId))
            {
                throw Invalid($"Unknown questionId: {answer.QuestionId}");
            }

            if (!byQuestion.TryAdd(answer.QuestionId, answer))
            {
                throw Invalid($"Duplicate answer for questionId: {answer.QuestionId}");
            }
        }

        JsonArray stored = [];
        StringBuilder summary = new();
        foreach ((string id, JsonElement question) in questions)
        {
            JsonElement[] options = question.TryGetProperty("options", out JsonElement o) ? [.. o.EnumerateArray()] : [];
            bool answered = byQuestion.TryGetValue(id, out QuestionAnswer? answer) && (answer.OptionIds.Count > 0 || answer.OtherText is not null);
            if (!answered)
            {
                if (question.TryGetProperty("required", out JsonElement required) && required.ValueKind == JsonValueKind.True)
                {
                    throw Invalid($"Question {id} requires an answer");
                }

                continue;
            }

            string[] known = options.Select(x => x.GetProperty("id").GetString()!).ToArray();
            if (answer!.OptionIds.FirstOrDefault(chosen => !known.Contains(chosen, StringComparer.Ordinal)) is { } unknown)
            {
                throw Invalid($"Unknown optionId for question {id}: {unknown}");
            }

            string[] chosenInOrder = known.Where(k => answer.OptionIds.Contains(k, StringComparer.Ordinal)).ToArray();
            bool multi = question.TryGetProperty("selectionMode", out JsonElement mode) && mode.GetString() == "multi";
            if (!multi && chosenInOrder.Length > 1)
            {
                throw Invalid($"Question {id} allows a single option");
            }

            JsonObject entry = new() { ["questionId"] = id, ["optionIds"] = new JsonArray(chosenInOrder.Select(c => (JsonNode)c).ToArray()) };
            if (answer.OtherText is not null)
            {
                entry["otherText"] = answer.OtherText;
            }

            stored.Add(entry);
            IEnumerable<string> labels = options.Where(x => chosenInOrder.Contains(x.GetProperty("id").GetString())).Select(x => x.GetProperty("label").GetString()!);
            string said = string.Join(", ", answer.OtherText is null ? labels : labels.Append(answer.OtherText));
            summary.Append("- **").Append(question.GetProperty("prompt").GetString()).Append("** ").Append(said).Append('\n');
        }

        return new JsonObject { ["version"] = 1, ["answers"] = stored, ["summaryMarkdown"] = summary.Length == 0 ? null : summary.ToString().TrimEnd('\n') };
    }

    static PaperclipException Invalid(string detail) => PaperclipException.Unprocessable(ErrorCodes.Unprocessable, detail);
}
