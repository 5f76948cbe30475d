using System.CommandLine;
using Paperclip.Api;
using Paperclip.Cli.Commands;

namespace Paperclip.Cli.Tests;

/// <summary>The command tree against the server's route table: everything the API offers has a command.</summary>
public sealed class CommandTreeTests
{
    [Fact]
    public void EveryRoute_IsCalledBySomeCommand()
    {
        // Building the tree registers each command's route (and checks each view against its route's answer type).
        RootCommand root = CliApp.Build();
        Assert.NotEmpty(root.Subcommands);

        // The unscoped aliases (upstream's /api/issues/{id}…) answer as their company-scoped routes do.
        string[] missing = [.. ApiRoutes.All.Where(r => !r.Name.EndsWith("Unscoped", StringComparison.Ordinal) && !RouteCommand.Covered.Contains(r)).Select(r => $"{r.Method} {r.Path} ({r.Name})")];
        Assert.Empty(missing);
    }

    [Fact]
    public void CommandNames_AreNounsAndVerbs_AndOptionsKebabCase()
    {
        RootCommand root = CliApp.Build();
        foreach (Command command in Descendants(root))
        {
            Assert.Matches("^[a-z][a-z-]*$", command.Name);
            foreach (Option option in command.Options)
            {
                Assert.Matches("^--[a-z][a-z-]*$", option.Name);
            }
        }

        Assert.Equal("assignee-agent-id", RouteCommand.Kebab("assigneeAgentId"));
    }

    [Fact]
    public void DocsCliMd_ShowsEveryCommand_WithAnExample()
    {
        string docs = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "cli.md"));
        string[] undocumented = [.. Leaves(CliApp.Build(), "paperclip").Where(path => !docs.Contains(path + " ", StringComparison.Ordinal) && !docs.Contains(path + "\n", StringComparison.Ordinal))];
        Assert.Empty(undocumented);
    }

    [Fact]
    public async Task Completion_AsksTheCliWhatComesNext()
    {
        StringWriter output = new();
        CliEnvironment environment = new(output, new StringWriter(), new StringReader(string.Empty), false, _ => null, new Connection.ProfileStore(Path.Combine(Path.GetTempPath(), "paperclip-none", "config.json")));
        Assert.Equal(0, await CliApp.RunAsync(["[suggest:13]", "paperclip iss"], environment));
        Assert.Equal(["issues"], output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        output.GetStringBuilder().Clear();
        Assert.Equal(0, await CliApp.RunAsync(["completion", "bash"], environment));
        Assert.Contains("complete -o default -F _paperclip_complete paperclip", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await CliApp.RunAsync(["completion", "fish"], environment));
    }

    static IEnumerable<string> Leaves(Command command, string path) =>
        command.Subcommands.Count == 0 ? [path] : command.Subcommands.SelectMany(c => Leaves(c, path + " " + c.Name));

    static string RepoRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Paperclip.Functions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Paperclip.Functions.sln) was not found above " + AppContext.BaseDirectory);
    }

    static IEnumerable<Command> Descendants(Command command) => command.Subcommands.SelectMany(c => Descendants(c).Prepend(c));
}
