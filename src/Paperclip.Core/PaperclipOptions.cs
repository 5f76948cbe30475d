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

    /// <summary>The API's base URL as agents should call it (passed to runs as PAPERCLIP_API_URL).</summary>
    public Uri? PublicUrl { get; set; }
}
