namespace Paperclip.Core.Domain.Secrets;

/// <summary>The consumer kinds a secret can be bound to (upstream's <c>SecretBindingTargetType</c>).</summary>
public static class SecretBindingTargets
{
    /// <summary>An agent: its adapter environment (<c>env.&lt;KEY&gt;</c>).</summary>
    public const string Agent = "agent";

    /// <summary>A project.</summary>
    public const string Project = "project";

    /// <summary>An execution environment (SSH keys).</summary>
    public const string Environment = "environment";

    /// <summary>Every target type upstream knows.</summary>
    public static IReadOnlyList<string> All { get; } = [Agent, Project, Environment, "routine", "plugin", "issue", "run", "system"];
}
