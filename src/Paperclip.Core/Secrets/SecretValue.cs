namespace Paperclip.Core.Secrets;

/// <summary>
/// A secret's plaintext, held only as long as needed. It never prints itself (<see cref="ToString"/> is redacted), so a
/// value passed to a log call, an interpolated message or a serializer by mistake shows as <c>[secret]</c>.
/// </summary>
public sealed class SecretValue
{
    readonly string value;

    /// <summary>Wraps a plaintext.</summary>
    public SecretValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        this.value = value;
    }

    /// <summary>The plaintext, for the one place that hands it on (a provider write, a process environment).</summary>
    public string Reveal() => this.value;

    /// <summary>Redacted.</summary>
    public override string ToString() => "[secret]";
}
