using System.ComponentModel.DataAnnotations;

namespace Paperclip.Core;

/// <summary>Settings of the control plane shared by both hosts (section <c>Paperclip</c>).</summary>
public sealed class PaperclipOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Paperclip";

    /// <summary>Where workspaces and the self-host's files live.</summary>
    [Required]
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>
    /// The server's URL as agents should reach it: the origin (and any path prefix) without <c>/api</c>, which is
    /// what upstream gives agents as <c>PAPERCLIP_API_URL</c> (they call <c>$PAPERCLIP_API_URL/api/…</c>).
    /// </summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>
    /// <see cref="PublicUrl"/> as runs get it: without a trailing slash, and without a trailing <c>/api</c> that
    /// configurations written for an API base (as this setting once was) still carry.
    /// </summary>
    public string? AgentApiUrl => this.PublicUrl is null ? null : TrimApi(this.PublicUrl.ToString().TrimEnd('/'));

    static string TrimApi(string url) => url.EndsWith("/api", StringComparison.OrdinalIgnoreCase) ? url[..^"/api".Length] : url;

    /// <summary>
    /// How long a host's lease lives without renewal (renewed every third of it). A run whose agent's host let its
    /// lease expire is reported <c>process_lost</c> by the next heartbeat.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:03", "01:00:00")]
    public TimeSpan HostLeaseTtl { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long an agent key found good is taken as good without reading it again (its secret and expiry are still
    /// checked on every call). A key revoked on this instance stops at once; revoked on another, within this time.
    /// Zero reads the key on every call.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan AgentKeyCacheTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>When the host stops, how long running agents may take to finish before they are stopped (and retried).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan AgentStopDrain { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>
    /// How long a project strategy's provision or teardown command may run before it is killed (and fails). Under the
    /// workspace lease's ten minutes, so an archive holding the workspace never outlives its lease.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:09:00")]
    public TimeSpan WorkspaceCommandTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
