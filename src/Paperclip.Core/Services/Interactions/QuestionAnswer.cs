using Paperclip.Core.Validation;

namespace Paperclip.Core.Services.Interactions;

/// <summary>One answer of <c>POST …/interactions/{id}/respond</c>: the question, the options chosen, free text.</summary>
public sealed record QuestionAnswer(string QuestionId, IReadOnlyList<string> OptionIds, string? OtherText)
{
    /// <summary>Most answers in one response.</summary>
    public const int MaxAnswers = InteractionPayloads.MaxItems;

    /// <summary>Parses <c>{answers: [{questionId, optionIds?, otherText?}]}</c>.</summary>
    public static IReadOnlyList<QuestionAnswer> ParseAll(RequestBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        List<QuestionAnswer> answers = [];
        foreach (RequestBody item in body.Objects("answers", required: true, MaxAnswers) ?? [])
        {
            string? question = item.Text("questionId", required: true, maxLength: 100);
            IReadOnlyList<string> options = item.StringArray("optionIds", required: false, maxItems: InteractionPayloads.MaxItems, maxLength: 100) ?? [];
            string? other = item.Text("otherText", required: false, maxLength: 4000, minLength: 0);
            if (question is not null)
            {
                answers.Add(new QuestionAnswer(question, options, string.IsNullOrWhiteSpace(other) ? null : other.Trim()));
            }
        }

        body.ThrowIfInvalid();
        return answers;
    }
}
