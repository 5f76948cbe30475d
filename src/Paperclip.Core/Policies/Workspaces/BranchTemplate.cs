using System.Text;
using System.Text.RegularExpressions;
using Paperclip.Core.Validation;

namespace Paperclip.Core.Policies.Workspaces;

/// <summary>
/// A <c>branchTemplate</c>: literal text with <c>{{placeholder}}</c>s filled from the issue, its agent and its project.
/// Every value but the identifier and ids is a slug (lower-case letters, digits and single dashes), so a template whose
/// literal text makes a valid branch name renders a valid one for every issue — which is what validation checks.
/// </summary>
public static partial class BranchTemplate
{
    /// <summary>The placeholders a template may use.</summary>
    public static IReadOnlyList<string> Placeholders { get; } =
        ["issue.identifier", "issue.id", "issue.title", "slug", "agent.id", "agent.name", "project.id", "project.name"];

    /// <summary>Why <paramref name="template"/> cannot name branches, or null when it can.</summary>
    public static string? Problem(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        foreach (Match match in PlaceholderPattern().Matches(template))
        {
            if (!Placeholders.Contains(match.Groups[1].Value))
            {
                return $"uses the unknown placeholder {match.Value}; known: {string.Join(", ", Placeholders.Select(p => "{{" + p + "}}"))}.";
            }
        }

        if (PlaceholderPattern().Replace(template, string.Empty).IndexOfAny(['{', '}']) >= 0)
        {
            return "has a '{' or '}' outside a {{placeholder}}.";
        }

        // A sample issue stands for all: placeholders render to slugs, so only the literal text can break the name.
        string sample = Render(template, new BranchValues("PAP-1", Guid.Empty, "sample", Guid.Empty, "agent", Guid.Empty, "project"));
        return GitRefName.Problem(sample) is { } problem ? $"renders branch names that {problem}" : null;
    }

    /// <summary>Fills the template in.</summary>
    public static string Render(string template, BranchValues values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        return PlaceholderPattern().Replace(template, match => match.Groups[1].Value switch
        {
            "issue.identifier" => values.IssueIdentifier,
            "issue.id" => values.IssueId.ToString("D"),
            "issue.title" or "slug" => Slug(values.IssueTitle, 40),
            "agent.id" => values.AgentId.ToString("D"),
            "agent.name" => Slug(values.AgentName, 40),
            "project.id" => values.ProjectId.ToString("D"),
            "project.name" => Slug(values.ProjectName, 40),
            _ => match.Value,
        });
    }

    /// <summary>Lower-case ASCII letters and digits, other runs turned into single dashes, trimmed, at most <paramref name="max"/> long.</summary>
    public static string Slug(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        StringBuilder slug = new();
        foreach (char c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }

            if (slug.Length >= max)
            {
                break;
            }
        }

        return slug.ToString().Trim('-');
    }

    [GeneratedRegex(@"\{\{\s*([a-z.]+)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();
}

/// <summary>What a <see cref="BranchTemplate"/> is filled from.</summary>
public sealed record BranchValues(string IssueIdentifier, Guid IssueId, string IssueTitle, Guid AgentId, string AgentName, Guid ProjectId, string ProjectName);
