using Microsoft.CodeAnalysis;

namespace Paperclip.Analyzers;

/// <summary>The diagnostics of the no-remote-git contract.</summary>
public static class Descriptors
{
    const string Category = "Paperclip.NoRemoteGit";

    /// <summary>A <c>git push</c> in product code.</summary>
    public static readonly DiagnosticDescriptor GitPush = new(
        id: "PAPER001",
        title: "Agent runtime code must not run git push",
        messageFormat: "'{0}' runs git push: the local workspace is the only persistence boundary between runs, so agent runtime code must not sync through a git remote (opt out with '// " + GitPushText.AllowMarker + ": <reason>')",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Runs hand their work to the next run through the execution workspace on disk. A push to a git remote would make a remote the persistence boundary, skip the finalize gates and leak work outside the company. See docs/AUTHORING.md.");

    /// <summary>An allow marker that gives no reason.</summary>
    public static readonly DiagnosticDescriptor AllowWithoutReason = new(
        id: "PAPER002",
        title: "The git-push allow marker needs a reason",
        messageFormat: "'" + GitPushText.AllowMarker + "' needs a reason after a colon ('// " + GitPushText.AllowMarker + ": <why this push is safe>'); without one it allows nothing",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Reviewers must see why a push is allowed, so the marker counts only with a reason.");
}
