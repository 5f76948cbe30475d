using System.Text.RegularExpressions;
using Paperclip.Testing;

namespace Paperclip.Policy.Tests;

/// <summary>
/// Core holds domain records, pure policies, application services and ports: no process, no <c>/proc</c> and no
/// file-system call of its own (the adapters behind its ports do that work), and no cloud SDK.
/// </summary>
public sealed partial class CoreBoundaryTests
{
    [Fact]
    public void Core_DoesNoOperatingSystemWork()
    {
        string core = Path.Combine(TestPaths.RepoRoot, "src", "Paperclip.Core");
        List<string> found = [];
        foreach (string file in Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)))
        {
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                string code = lines[i].TrimStart();
                if (!code.StartsWith("//", StringComparison.Ordinal) && OperatingSystemWork().IsMatch(code))
                {
                    found.Add($"{Path.GetRelativePath(core, file)}:{i + 1}: {code}");
                }
            }
        }

        Assert.True(found.Count == 0, "Core does operating-system work (move it behind a port):\n" + string.Join('\n', found));
    }

    [Fact]
    public void Core_ReferencesNoCloudSdk()
    {
        string project = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "src", "Paperclip.Core", "Paperclip.Core.csproj"));
        Assert.DoesNotMatch(@"Include=""(Azure\.|AWSSDK|Renci|SSH\.NET|Microsoft\.DurableTask|Microsoft\.Azure)", project);
    }

    [GeneratedRegex(@"System\.Diagnostics\.Process|\bProcess\.(Start|GetProcessById|GetProcesses)|\b(File|Directory|FileInfo|DirectoryInfo)\.\w+\(|new (FileStream|FileInfo|DirectoryInfo)\(|""/proc")]
    private static partial Regex OperatingSystemWork();
}
