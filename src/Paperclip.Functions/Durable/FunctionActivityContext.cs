using Microsoft.DurableTask;

namespace Paperclip.Functions.Durable;

/// <summary>The activity context handed to the shared activity classes when the Functions host invokes them.</summary>
internal sealed class FunctionActivityContext(string name, string instanceId) : TaskActivityContext
{
    /// <inheritdoc/>
    public override TaskName Name { get; } = name;

    /// <inheritdoc/>
    public override string InstanceId { get; } = instanceId;
}
