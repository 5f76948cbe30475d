using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Paperclip.Analyzers;

/// <summary>
/// Enforces the no-remote-git contract in C#: reports <c>PAPER001</c> for any <c>git push</c> the compiler can see —
/// in a string (literal, verbatim, raw, UTF-8, interpolated or concatenated), in an argument list or collection
/// (<c>"git"</c> followed by <c>"push"</c>), or through a <c>ProcessStartInfo</c> whose <c>FileName</c> is git — and
/// <c>PAPER002</c> for an allow marker without a reason. Comments never count.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoGitPushAnalyzer : DiagnosticAnalyzer
{
    const int SnippetLength = 100;

    static readonly Regex Whitespace = new(@"\s+", RegexOptions.CultureInvariant, System.TimeSpan.FromSeconds(1));

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Descriptors.GitPush, Descriptors.AllowWithoutReason];

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();

        // Generated code is product code too: a generator must not emit a push either.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterSyntaxNodeAction(AnalyzeString, SyntaxKind.StringLiteralExpression, SyntaxKind.Utf8StringLiteralExpression, SyntaxKind.InterpolatedStringExpression);
        context.RegisterSyntaxNodeAction(AnalyzeConcatenation, SyntaxKind.AddExpression);
        context.RegisterSyntaxNodeAction(AnalyzeElements, SyntaxKind.ArgumentList, SyntaxKind.ArrayInitializerExpression, SyntaxKind.CollectionInitializerExpression, SyntaxKind.CollectionExpression);
        context.RegisterCodeBlockAction(AnalyzeProcessStartInfos);
        context.RegisterSyntaxTreeAction(AnalyzeAllowMarkers);
    }

    /// <summary>True when one string's text runs or names a push.</summary>
    static bool TextRunsPush(string text) => GitPushText.ContainsGitPushWords(text) || GitPushText.CommandLineRunsPush(text);

    static void AnalyzeString(SyntaxNodeAnalysisContext context)
    {
        string text = context.Node is InterpolatedStringExpressionSyntax interpolated
            ? StringShapes.OfInterpolation(interpolated, context.SemanticModel)
            : ((LiteralExpressionSyntax)context.Node).Token.ValueText;
        if (TextRunsPush(text))
        {
            Report(context.ReportDiagnostic, context.Node);
        }
    }

    static void AnalyzeConcatenation(SyntaxNodeAnalysisContext context)
    {
        // Only the whole concatenation, and only when no piece of it is a finding by itself.
        SyntaxNode? parent = context.Node.Parent;
        while (parent is ParenthesizedExpressionSyntax)
        {
            parent = parent.Parent;
        }

        if (parent.IsKind(SyntaxKind.AddExpression)
            || StringShapes.Of((ExpressionSyntax)context.Node, context.SemanticModel) is not { } text
            || !TextRunsPush(text))
        {
            return;
        }

        bool pieceIsFinding = context.Node.DescendantNodes().Any(node => node switch
        {
            LiteralExpressionSyntax literal => TextRunsPush(literal.Token.ValueText),
            InterpolatedStringExpressionSyntax interpolated => TextRunsPush(StringShapes.OfInterpolation(interpolated, context.SemanticModel)),
            _ => false,
        });
        if (!pieceIsFinding)
        {
            Report(context.ReportDiagnostic, context.Node);
        }
    }

    static void AnalyzeElements(SyntaxNodeAnalysisContext context)
    {
        List<ExpressionSyntax?> elements = context.Node switch
        {
            ArgumentListSyntax arguments => arguments.Arguments.Select(a => (ExpressionSyntax?)a.Expression).ToList(),
            InitializerExpressionSyntax initializer => initializer.Expressions.Select(e => (ExpressionSyntax?)e).ToList(),
            CollectionExpressionSyntax collection => collection.Elements.Select(e => e is ExpressionElementSyntax element ? element.Expression : null).ToList(),
            _ => [],
        };

        if (PushElement(elements.Select(e => e is null ? null : StringShapes.Of(e, context.SemanticModel)).ToList()) is int push)
        {
            Report(context.ReportDiagnostic, elements[push]!);
        }
    }

    /// <summary>
    /// The index of the element that makes a list run git push: after an element naming git, an element that is
    /// exactly <c>push</c>, or the arguments up to it name push as git's subcommand (<c>"-C", dir, "push origin"</c>).
    /// </summary>
    internal static int? PushElement(IReadOnlyList<string?> shapes)
    {
        int git = -1;
        for (int i = 0; i < shapes.Count; i++)
        {
            if (shapes[i] is { } shape && GitPushText.IsGitExecutable(shape))
            {
                git = i;
                break;
            }
        }

        if (git < 0)
        {
            return null;
        }

        List<string> gitArguments = [];
        for (int i = git + 1; i < shapes.Count; i++)
        {
            string shape = shapes[i] ?? GitPushText.Hole.ToString();
            gitArguments.Add(shape);
            if (GitPushText.IsPush(shape) || GitPushText.ArgumentsRunPush(gitArguments))
            {
                return i;
            }
        }

        return null;
    }

    static void AnalyzeProcessStartInfos(CodeBlockAnalysisContext context)
    {
        foreach (SyntaxNode finding in ProcessStartInfoUses.FindPushes(context.CodeBlock, context.SemanticModel, context.CancellationToken))
        {
            Report(context.ReportDiagnostic, finding);
        }
    }

    static void AnalyzeAllowMarkers(SyntaxTreeAnalysisContext context)
    {
        if (context.Tree.GetText(context.CancellationToken).ToString().IndexOf(GitPushText.AllowMarker, System.StringComparison.Ordinal) < 0)
        {
            return;
        }

        foreach (SyntaxTrivia trivia in context.Tree.GetRoot(context.CancellationToken).DescendantTrivia())
        {
            if (AllowComments.IsComment(trivia) && GitPushText.AllowReason(trivia.ToString()) is { Length: 0 })
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.AllowWithoutReason, trivia.GetLocation()));
            }
        }
    }

    static void Report(System.Action<Diagnostic> report, SyntaxNode node)
    {
        if (!AllowComments.IsAllowed(node))
        {
            report(Diagnostic.Create(Descriptors.GitPush, node.GetLocation(), CallOf(node)));
        }
    }

    /// <summary>The call a finding sits in (the invocation or object creation around it), on one line and short.</summary>
    static string CallOf(SyntaxNode node)
    {
        SyntaxNode call = node;
        for (SyntaxNode? current = node; current is not null and not StatementSyntax and not MemberDeclarationSyntax; current = current.Parent)
        {
            if (current is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax)
            {
                call = current;
                break;
            }
        }

        string text = Whitespace.Replace(call.ToString(), " ");
        return text.Length <= SnippetLength ? text : text.Substring(0, SnippetLength - 1) + "…";
    }
}
