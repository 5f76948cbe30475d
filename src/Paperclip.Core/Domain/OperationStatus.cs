namespace Paperclip.Core.Domain;

/// <summary>Workspace operation statuses: rows are inserted running, then updated once.</summary>
public enum OperationStatus
{
    Running,
    Succeeded,
    Failed,
}
