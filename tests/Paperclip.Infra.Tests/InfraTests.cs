using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Paperclip.Testing;

namespace Paperclip.Infra.Tests;

public sealed partial class InfraTests
{
    static string Bicep => Path.Combine(
        typeof(InfraTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPackageRoot").Value!, "tools", "bicep");

    static async Task<JsonNode> CompileAsync()
    {
        string output = Path.Combine(Path.GetTempPath(), $"paperclip-arm-{Guid.NewGuid():N}.json");
        ProcessStartInfo start = new(Bicep) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in new[] { "build", Path.Combine(TestPaths.RepoRoot, "infra", "main.bicep"), "--outfile", output })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        string errors = await stderr;
        Assert.True(process.ExitCode == 0, $"bicep build failed: {errors}");
        Assert.True(errors.Trim().Length == 0, $"bicep reported: {errors}");
        try
        {
            return JsonNode.Parse(await File.ReadAllTextAsync(output))!;
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>Every %Setting% the Functions app binds to (host.json and trigger attributes).</summary>
    static IEnumerable<string> BoundSettings()
    {
        string root = TestPaths.RepoRoot;
        IEnumerable<string> sources = Directory.EnumerateFiles(Path.Combine(root, "src", "Paperclip.Functions"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Append(Path.Combine(root, "host.json"));
        return sources.SelectMany(p => Percent().Matches(File.ReadAllText(p)).Select(m => m.Groups[1].Value)).Distinct();
    }

    [Fact]
    public async Task MainBicep_CompilesWithoutWarnings_AndSetsEverySettingTheAppBinds()
    {
        JsonNode arm = await CompileAsync();
        // Bicep emits resources as an array, or as an object keyed by symbolic name (language version 2.0).
        IEnumerable<JsonNode> resources = arm["resources"] is JsonObject byName ? byName.Select(r => r.Value!) : arm["resources"]!.AsArray().Select(r => r!);
        JsonNode site = resources.Single(r => r["type"]!.GetValue<string>() == "Microsoft.Web/sites");
        string appSettings = site["properties"]!["siteConfig"]!["appSettings"]!.ToJsonString();

        foreach (string setting in BoundSettings().Concat(["PAPERCLIP_BOARD_KEY", "PAPERCLIP_SECRETS_MASTER_KEY", "AzureWebJobsStorage__accountName", "Paperclip__DataDirectory"]))
        {
            Assert.Contains($"\"{setting}\"", appSettings, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void LocalSettingsSample_ListsEverySettingTheAppBinds()
    {
        JsonObject values = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "local.settings.sample.json")))!["Values"]!.AsObject();
        foreach (string setting in BoundSettings().Concat(["AzureWebJobsStorage", "FUNCTIONS_WORKER_RUNTIME", "PAPERCLIP_BOARD_KEY", "PAPERCLIP_SECRETS_MASTER_KEY", "Paperclip__DataDirectory"]))
        {
            Assert.True(values.ContainsKey(setting), $"local.settings.sample.json lacks {setting}");
            Assert.False(string.IsNullOrWhiteSpace(values[setting]!.GetValue<string>()), $"{setting} needs a sample value");
        }
    }

    [GeneratedRegex("%([A-Za-z][A-Za-z0-9_]*)%")]
    private static partial Regex Percent();
}
