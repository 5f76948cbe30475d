namespace Paperclip.Host.Hosting;

/// <summary>Self-host-only settings (section <c>Paperclip:SelfHost</c>).</summary>
public sealed class SelfHostOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Paperclip:SelfHost";

    /// <summary>How often the heartbeat ticks (the Functions app uses the HeartbeatSchedule CRON setting instead).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);
}
