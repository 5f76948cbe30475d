using System.Text.RegularExpressions;
using Paperclip.Testing;

namespace Paperclip.Policy.Tests;

/// <summary>
/// Log messages by convention, checked: each assembly declares its <c>[LoggerMessage]</c> methods in one <c>Log</c>
/// class (its <c>Log.cs</c>), inside an EventId band of its own, and no EventId is used twice.
/// </summary>
public sealed partial class LogConventionTests
{
    /// <summary>Each assembly's EventId band; a new assembly that logs gets the next free one here.</summary>
    static readonly Dictionary<string, (int Low, int High)> Bands = new(StringComparer.Ordinal)
    {
        ["Paperclip.Api"] = (1000, 1099),
        ["Paperclip.Core"] = (1100, 1999),
        ["Paperclip.Runs"] = (2000, 2999),
        ["Paperclip.Host"] = (3000, 3999),
        ["Paperclip.Storage"] = (4000, 4999),
        ["Paperclip.Functions"] = (5000, 5999),
        ["Paperclip.Secrets"] = (6100, 6199),
        ["Paperclip.Secrets.Aws"] = (6200, 6299),
        ["Paperclip.Secrets.AzureKeyVault"] = (6300, 6399),
        ["Paperclip.Ssh"] = (6400, 6499),
        ["Paperclip.Bridge"] = (6500, 6599),
    };

    [Fact]
    public void EveryLogMessage_IsInItsAssemblysLogClass_InItsBand_WithAnEventIdOfItsOwn()
    {
        List<(string Project, string File, int EventId)> messages = [];
        string src = Path.Combine(TestPaths.RepoRoot, "src");
        foreach (string file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)))
        {
            string project = Path.GetRelativePath(src, file).Split(Path.DirectorySeparatorChar)[0];
            foreach (Match match in LoggerMessage().Matches(File.ReadAllText(file)))
            {
                messages.Add((project, Path.GetRelativePath(Path.Combine(src, project), file), int.Parse(match.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        Assert.True(messages.Count >= 20, $"only {messages.Count} log messages found under {src}: is the pattern stale?");
        Assert.All(messages, m => Assert.True(m.File == "Log.cs", $"{m.Project}/{m.File} declares EventId {m.EventId}: log messages belong in {m.Project}/Log.cs"));
        Assert.All(messages, m => Assert.True(Bands.TryGetValue(m.Project, out (int Low, int High) band) && m.EventId >= band.Low && m.EventId <= band.High,
            $"EventId {m.EventId} of {m.Project} is outside its band"));
        Assert.All(messages.GroupBy(m => m.EventId), g => Assert.True(g.Count() == 1, $"EventId {g.Key} is used {g.Count()} times: {string.Join(", ", g.Select(m => $"{m.Project}/{m.File}"))}"));
    }

    [Fact]
    public void TheBands_DoNotOverlap() =>
        Assert.All(Bands, a => Assert.DoesNotContain(Bands, b => b.Key != a.Key && b.Value.Low <= a.Value.High && a.Value.Low <= b.Value.High));

    [GeneratedRegex(@"\[LoggerMessage\(\s*EventId\s*=\s*(?<id>\d+)")]
    private static partial Regex LoggerMessage();
}
