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

    static IEnumerable<Command> Descendants(Command command) => command.Subcommands.SelectMany(c => Descendants(c).Prepend(c));
}
