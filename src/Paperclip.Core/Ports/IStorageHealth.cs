namespace Paperclip.Core.Ports;

/// <summary>Answers whether the state store is reachable.</summary>
public interface IStorageHealth
{
    /// <summary>Throws when storage cannot be reached.</summary>
    Task CheckAsync(CancellationToken cancellationToken);
}
