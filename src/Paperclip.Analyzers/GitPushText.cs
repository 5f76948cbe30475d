using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Paperclip.Analyzers;

/// <summary>
/// The text rules of the no-remote-git contract, shared by the C# analyzer and the repository check for scripts:
/// upstream's two patterns (<c>git</c> and <c>push</c> joined by whitespace, <c>-</c> or <c>_</c>; a quoted
/// <c>"git", "push"</c> argument list), the allow marker, and a small reader of git command lines so a push hidden
/// behind global options (<c>git -C dir push</c>) or split across arguments is caught too.
/// </summary>
public static class GitPushText
{
    /// <summary>The opt-out marker; it needs a reason after a colon.</summary>
    public const string AllowMarker = "paperclip:allow-git-push";

    /// <summary>Stands for a part of a string the compiler cannot know (an interpolation hole).</summary>
    public const char Hole = '\u0001';

    static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    static readonly Regex Words = new(@"\bgit[\s_-]+push\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);

    static readonly Regex QuotedArguments = new(@"[""'`]git[""'`]\s*,\s*\[?\s*[""'`]push[""'`]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);

    // Git's global options that take their value as the next argument; the subcommand comes after them.
    static readonly HashSet<string> OptionsWithValue = new(StringComparer.Ordinal)
    {
        "-C", "-c", "--git-dir", "--work-tree", "--namespace", "--super-prefix", "--config-env", "--exec-path",
    };

    static readonly char[] CommandSeparators = [';', '&', '|', '\n', '\r', '(', ')', '`'];

    /// <summary>True when <paramref name="text"/> holds <c>git push</c>, <c>git-push</c> or <c>git_push</c> in any case.</summary>
    public static bool ContainsGitPushWords(string text) => Words.IsMatch(text);

    /// <summary>True when source text holds a quoted <c>"git", "push"</c> argument list (upstream's second pattern).</summary>
    public static bool ContainsQuotedGitPushArguments(string text) => QuotedArguments.IsMatch(text);

    /// <summary>True when one argument names the git executable (<c>git</c>, <c>git.exe</c>, or a path to either).</summary>
    public static bool IsGitExecutable(string argument)
    {
        string name = argument.Trim().Trim('"', '\'');
        int slash = name.LastIndexOfAny(['/', '\\']);
        if (slash >= 0)
        {
            name = name.Substring(slash + 1);
        }

        return string.Equals(name, "git", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "git.exe", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True when one argument is exactly <c>push</c> (any case).</summary>
    public static bool IsPush(string argument) => string.Equals(argument.Trim().Trim('"', '\''), "push", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True when the arguments given to git (an argument vector, or one command-line string split on whitespace)
    /// run <c>git push</c>: the subcommand, after global options and their values, is <c>push</c>.
    /// </summary>
    public static bool ArgumentsRunPush(IEnumerable<string> gitArguments)
    {
        bool skipValue = false;
        foreach (string argument in gitArguments)
        {
            foreach (string token in SplitWords(argument))
            {
                if (skipValue)
                {
                    skipValue = false;
                    continue;
                }

                if (token.StartsWith("-", StringComparison.Ordinal))
                {
                    skipValue = OptionsWithValue.Contains(token);
                    continue;
                }

                return IsPush(token);
            }
        }

        return false;
    }

    /// <summary>
    /// True when a shell command line runs <c>git push</c> in one of its simple commands
    /// (<c>cd repo &amp;&amp; git -C x push</c>); holes never match.
    /// </summary>
    public static bool CommandLineRunsPush(string commandLine)
    {
        foreach (string command in commandLine.Split(CommandSeparators))
        {
            List<string> words = SplitWords(command);
            int git = words.FindIndex(IsGitExecutable);
            if (git >= 0 && ArgumentsRunPush(words.GetRange(git + 1, words.Count - git - 1)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The reason given after the allow marker in <paramref name="text"/>: null without a marker, empty when the
    /// marker has no reason (which does not allow anything).
    /// </summary>
    public static string? AllowReason(string text)
    {
        int at = text.IndexOf(AllowMarker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        string rest = text.Substring(at + AllowMarker.Length).TrimEnd();
        if (rest.EndsWith("*/", StringComparison.Ordinal))
        {
            rest = rest.Substring(0, rest.Length - 2).TrimEnd();
        }

        return rest.StartsWith(":", StringComparison.Ordinal) ? rest.Substring(1).Trim() : string.Empty;
    }

    static List<string> SplitWords(string text)
    {
        List<string> words = [];
        foreach (string word in text.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            words.Add(word.Trim('"', '\''));
        }

        return words;
    }
}
