namespace Paperclip.Core.Domain;

/// <summary>Issue-thread interaction statuses (serialized snake_case, as upstream).</summary>
public enum InteractionStatus
{
    Pending,
    Accepted,
    Rejected,
    Answered,
    Cancelled,
    Expired,
}
