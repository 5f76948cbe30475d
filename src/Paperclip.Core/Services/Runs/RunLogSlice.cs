using System.Text.Json.Serialization;
using Paperclip.Core.Domain;

namespace Paperclip.Core.Services.Runs;

/// <summary>
/// A slice of a run's log: bytes <c>[Offset, NextOffset)</c> of <c>Length</c>. <c>Complete</c> is true once the run is
/// terminal and nothing remains past <c>NextOffset</c> (a terminal run's log is fully written).
/// </summary>
public sealed record RunLogSlice(Guid RunId, RunStatus Status, long Offset, long NextOffset, long Length, bool Complete, [property: JsonIgnore] byte[] Data)
{
    /// <summary>Default slice size of a read.</summary>
    public const int DefaultBytes = 64 * 1024;

    /// <summary>Largest slice a read may ask for.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The slice as text (UTF-8; a character split at the slice edge shows as U+FFFD).</summary>
    public string Content => System.Text.Encoding.UTF8.GetString(this.Data);
}
