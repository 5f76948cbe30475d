using Paperclip.Analyzers;

namespace Paperclip.Policy.Tests;

/// <summary>
/// The no-remote-git check for files under <c>src/</c> that the C# compiler does not see (shell, PowerShell, Python,
/// JavaScript, embedded scripts and configuration). The analyzer's text rules (<see cref="GitPushText"/>: upstream's
/// patterns, case-insensitive, and a push behind git's global options such as <c>git -C "$dir" push</c>) on each line with its comments removed. A line is allowed by
/// <c>paperclip:allow-git-push: &lt;reason&gt;</c> on it or on the line directly above; the reason must not be empty.
/// </summary>
public static class NoGitPushScan
{
    static readonly string[] HashCommentExtensions = [".sh", ".bash", ".zsh", ".ps1", ".psm1", ".py", ".rb", ".yml", ".yaml", ".toml", ".conf", ".env"];
    static readonly string[] SlashCommentExtensions = [".js", ".mjs", ".cjs", ".ts", ".json", ".jsonc"];
    static readonly string[] PlainExtensions = [".cmd", ".bat", ".txt", ".md", ".xml", ".props", ".targets", ".csproj", ".tmpl", ".template"];
    static readonly string[] SkippedDirectories = ["bin", "obj", "node_modules", ".git"];

    /// <summary>One finding: a file (relative, with '/'), a 1-based line and what is wrong.</summary>
    public sealed record Finding(string Path, int Line, string Text, bool MissingReason);

    /// <summary>Scans every non-C# text file under <paramref name="root"/>.</summary>
    public static IReadOnlyList<Finding> ScanTree(string root)
    {
        List<Finding> findings = [];
        Stack<string> directories = new([root]);
        while (directories.Count > 0)
        {
            string directory = directories.Pop();
            foreach (string sub in Directory.EnumerateDirectories(directory))
            {
                if (!SkippedDirectories.Contains(Path.GetFileName(sub), StringComparer.OrdinalIgnoreCase))
                {
                    directories.Push(sub);
                }
            }

            foreach (string file in Directory.EnumerateFiles(directory))
            {
                if (CommentStyleOf(file) is { } style)
                {
                    string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                    findings.AddRange(ScanText(relative, File.ReadAllText(file), style));
                }
            }
        }

        return findings;
    }

    /// <summary>The comment marker of a file this check reads ("" for none), or null for a file it skips (C# is the analyzer's).</summary>
    public static string? CommentStyleOf(string path)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension == ".cs")
        {
            return null;
        }

        return HashCommentExtensions.Contains(extension) ? "#"
            : SlashCommentExtensions.Contains(extension) ? "//"
            : PlainExtensions.Contains(extension) ? string.Empty
            : extension.Length == 0 && File.Exists(path) && File.ReadLines(path).FirstOrDefault()?.StartsWith("#!", StringComparison.Ordinal) == true ? "#"
            : null;
    }

    /// <summary>Scans one file's text; <paramref name="comment"/> starts a line comment ("" when the format has none).</summary>
    public static IEnumerable<Finding> ScanText(string path, string text, string comment)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string code = comment.Length == 0 ? lines[i] : StripComment(lines[i], comment);
            if (!GitPushText.ContainsGitPushWords(code) && !GitPushText.ContainsQuotedGitPushArguments(code) && !GitPushText.CommandLineRunsPush(code))
            {
                continue;
            }

            // The marker on the line or the line directly above allows it, with a reason.
            string? marker = new[] { lines[i], i > 0 ? lines[i - 1] : string.Empty }.Select(GitPushText.AllowReason).FirstOrDefault(r => r is not null);
            if (marker is null || marker.Length == 0)
            {
                yield return new Finding(path, i + 1, lines[i].TrimEnd(), MissingReason: marker is not null);
            }
        }
    }

    /// <summary>Removes a line comment outside quotes (a quote preceded by an odd number of backslashes is escaped).</summary>
    static string StripComment(string line, string comment)
    {
        char quote = '\0';
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quote != '\0')
            {
                if (c == quote && !Escaped(line, i))
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'' or '`')
            {
                quote = c;
            }
            else if (string.CompareOrdinal(line, i, comment, 0, comment.Length) == 0)
            {
                return line[..i];
            }
        }

        return line;
    }

    static bool Escaped(string line, int index)
    {
        int backslashes = 0;
        for (int i = index - 1; i >= 0 && line[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 1;
    }
}
