using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Paperclip.Analyzers.Tests;

/// <summary>
/// Runs <see cref="NoGitPushAnalyzer"/> over a small compilation. Markup marks where diagnostics are expected:
/// <c>{|PAPER001:code|}</c>. The compilation references this machine's runtime assemblies, so nothing is downloaded.
/// </summary>
static class AnalyzerVerifier
{
    static readonly ImmutableArray<MetadataReference> RuntimeReferences = LoadRuntimeReferences();

    /// <summary>A minimal SSH.NET surface (names and signatures as SSH.NET's) for the command-string cases.</summary>
    const string SshNetSurface = """
        namespace Renci.SshNet
        {
            public sealed class SshCommand { public string Execute() => string.Empty; }
            public sealed class SshClient
            {
                public SshCommand RunCommand(string commandText) => new();
                public SshCommand CreateCommand(string commandText) => new();
            }
        }
        """;

    public static async Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        CSharpAnalyzerTest<NoGitPushAnalyzer, DefaultVerifier> test = new()
        {
            TestCode = source,
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
        };
        test.TestState.Sources.Add(("SshNet.cs", SshNetSurface));
        test.TestState.AdditionalReferences.AddRange(RuntimeReferences);
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            Project project = solution.GetProject(projectId)!;
            CSharpParseOptions parse = ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(LanguageVersion.Latest);
            CSharpCompilationOptions compilation = ((CSharpCompilationOptions)project.CompilationOptions!).WithNullableContextOptions(NullableContextOptions.Enable);
            return solution.WithProjectParseOptions(projectId, parse).WithProjectCompilationOptions(projectId, compilation);
        });
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    /// <summary>The expected PAPER001 at markup location <paramref name="location"/>, naming <paramref name="call"/>.</summary>
    public static DiagnosticResult GitPushAt(int location, string call) =>
        new DiagnosticResult(Descriptors.GitPush).WithLocation(location).WithArguments(call);

    static ImmutableArray<MetadataReference> LoadRuntimeReferences()
    {
        string runtime = RuntimeEnvironment.GetRuntimeDirectory();
        return Directory.EnumerateFiles(runtime, "*.dll")
            .Where(path => Path.GetFileName(path) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "mscorlib.dll" or "netstandard.dll"))
            .Where(IsManagedAssembly)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }

    static bool IsManagedAssembly(string path)
    {
        try
        {
            _ = System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
