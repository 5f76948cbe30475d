namespace Paperclip.Core.Domain;

/// <summary>Issue-thread interaction kinds (serialized snake_case, as upstream).</summary>
public enum InteractionKind
{
    SuggestTasks,
    AskUserQuestions,
    RequestConfirmation,
    RequestCheckboxConfirmation,
}
