namespace Paperclip.Core.Domain;

/// <summary>A stored value with its concurrency token (the storage ETag); updates must present it.</summary>
public sealed record Versioned<T>(T Value, string ETag);
