using System.Diagnostics;
using System.Text.Json;
using Paperclip.Testing;

namespace Paperclip.Analyzers.Tests;

/// <summary>The analyzer as the build uses it: wired into every product project, failing <c>dotnet build</c>.</summary>
public sealed class BuildIntegrationTests
{
    static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task EveryProductProject_ReferencesTheAnalyzer()
    {
        string src = Path.Combine(TestPaths.RepoRoot, "src");
        string[] projects = Directory.GetFiles(src, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(p => Path.GetFileNameWithoutExtension(p) != "Paperclip.Analyzers")
            .ToArray();
        Assert.NotEmpty(projects);

        // Each project as MSBuild evaluates it: its references include the analyzer, as an analyzer only.
        (int ExitCode, string Output)[] evaluations = await Task.WhenAll(projects.Select(project =>
            RunAsync("dotnet", ["msbuild", project, "-getItem:ProjectReference", "-nologo"], TestPaths.RepoRoot)));
        for (int i = 0; i < projects.Length; i++)
        {
            Assert.True(evaluations[i].ExitCode == 0, evaluations[i].Output);
            using JsonDocument document = JsonDocument.Parse(evaluations[i].Output);
            bool referenced = document.RootElement.GetProperty("Items").GetProperty("ProjectReference").EnumerateArray().Any(reference =>
                reference.GetProperty("Identity").GetString()!.EndsWith("Paperclip.Analyzers.csproj", StringComparison.Ordinal)
                && reference.GetProperty("OutputItemType").GetString() == "Analyzer"
                && reference.GetProperty("ReferenceOutputAssembly").GetString() == "false");
            Assert.True(referenced, $"{Path.GetFileName(projects[i])} does not reference the no-git-push analyzer");
        }
    }

    [Fact]
    public async Task ANewProjectUnderSrc_FailsItsBuild_WithPaper001NamingTheCall()
    {
        // A copy of the repository's build setup with one new project under src/, built as a user would.
        string root = TestPaths.NewTempDirectory("analyzer-build");
        try
        {
            foreach (string file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json" })
            {
                File.Copy(Path.Combine(TestPaths.RepoRoot, file), Path.Combine(root, file));
            }

            string analyzerSource = Path.Combine(TestPaths.RepoRoot, "src", "Paperclip.Analyzers");
            string analyzerCopy = Directory.CreateDirectory(Path.Combine(root, "src", "Paperclip.Analyzers")).FullName;
            foreach (string file in Directory.EnumerateFiles(analyzerSource).Where(f => Path.GetExtension(f) is ".cs" or ".csproj" or ".md"))
            {
                File.Copy(file, Path.Combine(analyzerCopy, Path.GetFileName(file)));
            }

            string probe = Directory.CreateDirectory(Path.Combine(root, "src", "Acme.Sync")).FullName;
            File.WriteAllText(Path.Combine(probe, "Acme.Sync.csproj"), """<Project Sdk="Microsoft.NET.Sdk" />""");
            File.WriteAllText(Path.Combine(probe, "Sync.cs"), """
                using System.Diagnostics;

                namespace Acme.Sync;

                public static class Sync
                {
                    public static void Publish(string dir)
                    {
                        var start = new ProcessStartInfo { FileName = "git" };
                        start.ArgumentList.Add("-C");
                        start.ArgumentList.Add(dir);
                        start.ArgumentList.Add("push");
                        using Process? pushing = Process.Start(start);

                        // paperclip:allow-git-push: the test's own local bare remote
                        using Process? allowed = Process.Start("git", "push");
                    }
                }
                """);

            (int exitCode, string output) = await RunAsync("dotnet", ["build", Path.Combine(probe, "Acme.Sync.csproj"), "-nologo", "-clp:NoSummary"], root);

            Assert.True(exitCode != 0, "the build passed:\n" + output);
            string[] findings = output.Split('\n').Where(line => line.Contains("error PAPER001", StringComparison.Ordinal)).Distinct().ToArray();
            string finding = Assert.Single(findings);
            Assert.Contains("Sync.cs(12,", finding, StringComparison.Ordinal);
            Assert.Contains("'start.ArgumentList.Add(\"push\")' runs git push", finding, StringComparison.Ordinal);
        }
        finally
        {
            TestPaths.TryDelete(root);
        }
    }

    static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] arguments, string workingDirectory)
    {
        ProcessStartInfo start = new(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A separate build server would outlive the test; this build runs in its own processes and ends with them.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["UseSharedCompilation"] = "false";

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using CancellationTokenSource timeout = new(BuildTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
