using System.Text.RegularExpressions;

namespace Paperclip.Core.Policies.Bridge;

/// <summary>
/// The routes an agent may call through the callback bridge: upstream's default allowlist (method and an anchored
/// path pattern, one segment per id), so a leaked bridge token reaches neither secrets nor hiring, keys, imports,
/// approvals' decisions or deletes. The API still applies the agent's own permissions behind it.
/// </summary>
public static class BridgeRoutes
{
    const string Id = "[^/]+";

    static readonly (string Method, Regex Path)[] Allowed =
    [
        .. Get("/api/agents/me", "/api/agents/me/inbox-lite", "/api/agents/me/inbox/mine", $"/api/agents/{Id}", $"/api/agents/{Id}/skills"),
        ("POST", Anchored($"/api/agents/{Id}/skills/sync")),
        ("PATCH", Anchored($"/api/agents/{Id}/instructions-path")),
        .. Get($"/api/companies/{Id}", $"/api/companies/{Id}/(dashboard|agents|issues|projects|goals|org|approvals|routines|skills)", $"/api/projects/{Id}", $"/api/goals/{Id}"),
        .. Get($"/api/issues/{Id}", $"/api/issues/{Id}/heartbeat-context", $"/api/issues/{Id}/comments", $"/api/issues/{Id}/comments/{Id}", $"/api/issues/{Id}/documents", $"/api/issues/{Id}/documents/{Id}", $"/api/issues/{Id}/documents/{Id}/revisions", $"/api/issues/{Id}/approvals"),
        ("POST", Anchored($"/api/issues/{Id}/comments")),
        ("PUT", Anchored($"/api/issues/{Id}/documents/{Id}")),
        ("POST", Anchored($"/api/issues/{Id}/(checkout|release)")),
        ("PATCH", Anchored($"/api/issues/{Id}")),
        .. Get($"/api/issues/{Id}/interactions", $"/api/issues/{Id}/interactions/{Id}"),
        ("POST", Anchored($"/api/issues/{Id}/interactions")),
        ("POST", Anchored($"/api/issues/{Id}/interactions/{Id}/(accept|reject|respond)")),
        ("POST", Anchored($"/api/companies/{Id}/issues")),
        .. Get($"/api/approvals/{Id}", $"/api/approvals/{Id}/issues", $"/api/approvals/{Id}/comments"),
        ("POST", Anchored($"/api/approvals/{Id}/comments")),
        ("POST", Anchored($"/api/companies/{Id}/approvals")),
        .. Get($"/api/execution-workspaces/{Id}"),
        ("POST", Anchored($"/api/execution-workspaces/{Id}/runtime-services/(start|stop|restart)")),
        .. Get($"/api/routines/{Id}", $"/api/routines/{Id}/runs"),
        ("POST", Anchored($"/api/companies/{Id}/routines")),
        ("PATCH", Anchored($"/api/routines/{Id}")),
        ("POST", Anchored($"/api/routines/{Id}/(run|triggers)")),
        ("PATCH", Anchored($"/api/routine-triggers/{Id}")),
        ("DELETE", Anchored($"/api/routine-triggers/{Id}")),
    ];

    /// <summary>True when <paramref name="method"/> (empty means GET) on <paramref name="path"/> (no query) is allowed.</summary>
    public static bool Allows(string method, string path)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        string verb = method.Length == 0 ? "GET" : method.ToUpperInvariant();
        return Allowed.Any(rule => rule.Method == verb && rule.Path.IsMatch(path));
    }

    static IEnumerable<(string, Regex)> Get(params string[] paths) => paths.Select(p => ("GET", Anchored(p)));

    static Regex Anchored(string pattern) => new($"^{pattern}$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, TimeSpan.FromMilliseconds(100));
}
