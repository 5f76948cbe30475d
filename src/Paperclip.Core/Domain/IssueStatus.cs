namespace Paperclip.Core.Domain;

/// <summary>Issue statuses as upstream (serialized snake_case).</summary>
public enum IssueStatus
{
    Backlog,
    Todo,
    InProgress,
    InReview,
    Blocked,
    Done,
    Cancelled,
}
