using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Paperclip.Analyzers;

/// <summary>
/// Pairs what one member's code does to each <c>System.Diagnostics.ProcessStartInfo</c> — its <c>FileName</c>, its
/// <c>Arguments</c> and every <c>ArgumentList</c> element, whether set in an initializer or by later statements — and
/// finds the pieces that make a git executable push.
/// </summary>
static class ProcessStartInfoUses
{
    const string TypeName = "System.Diagnostics.ProcessStartInfo";

    /// <summary>The nodes that supply <c>push</c> to a start info whose file is git, in source order.</summary>
    public static IEnumerable<SyntaxNode> FindPushes(SyntaxNode block, SemanticModel model, CancellationToken cancellationToken)
    {
        Dictionary<string, Uses> byTarget = [];
        Uses UsesOf(string key) => byTarget.TryGetValue(key, out Uses? uses) ? uses : byTarget[key] = new Uses();

        foreach (SyntaxNode node in block.DescendantNodes())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (node)
            {
                case BaseObjectCreationExpressionSyntax creation when IsStartInfo(creation, model, cancellationToken):
                    Uses created = UsesOf(TargetOf(creation, model, cancellationToken));
                    if (creation.ArgumentList?.Arguments.FirstOrDefault() is { } fileName)
                    {
                        created.FileNames.Add(fileName.Expression);
                    }

                    foreach (AssignmentExpressionSyntax member in creation.Initializer?.Expressions.OfType<AssignmentExpressionSyntax>() ?? [])
                    {
                        Record(created, (member.Left as IdentifierNameSyntax)?.Identifier.ValueText, member.Right);
                    }

                    break;
                case AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax target } assignment
                    when IsStartInfo(target.Expression, model, cancellationToken):
                    Record(UsesOf(KeyOf(target.Expression, model, cancellationToken)), target.Name.Identifier.ValueText, assignment.Right);
                    break;
                case InvocationExpressionSyntax
                {
                    Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Add", Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ArgumentList" } list },
                    ArgumentList.Arguments: { Count: 1 } added,
                } when IsStartInfo(list.Expression, model, cancellationToken):
                    UsesOf(KeyOf(list.Expression, model, cancellationToken)).Arguments.Add(added[0].Expression);
                    break;
            }
        }

        return byTarget.Values
            .Where(uses => uses.FileNames.Any(f => StringShapes.Of(f, model) is { } shape && GitPushText.IsGitExecutable(shape)))
            .SelectMany(uses => uses.PushingNodes(model))
            .OrderBy(node => node.SpanStart);
    }

    static void Record(Uses uses, string? property, ExpressionSyntax value)
    {
        switch (property)
        {
            case "FileName":
                uses.FileNames.Add(value);
                break;
            case "Arguments":
                uses.CommandLines.Add(value);
                break;
            case "ArgumentList" when value is InitializerExpressionSyntax elements:
                uses.Arguments.AddRange(elements.Expressions);
                break;
        }
    }

    static bool IsStartInfo(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken) =>
        model.GetTypeInfo(expression, cancellationToken).Type?.ToDisplayString() == TypeName;

    /// <summary>The start info a creation initializes: the variable, field or property it is stored in, else itself.</summary>
    static string TargetOf(BaseObjectCreationExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken)
    {
        SyntaxNode? parent = creation.Parent;
        while (parent is ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            parent = parent.Parent;
        }

        return parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } when model.GetDeclaredSymbol(declarator, cancellationToken) is { } symbol => KeyOf(symbol),
            AssignmentExpressionSyntax assignment when assignment.Right.Span.Contains(creation.Span) => KeyOf(assignment.Left, model, cancellationToken),
            _ => "node:" + creation.SpanStart,
        };
    }

    static string KeyOf(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken) =>
        model.GetSymbolInfo(expression, cancellationToken).Symbol is { Kind: SymbolKind.Local or SymbolKind.Parameter or SymbolKind.Field } symbol
            ? KeyOf(symbol)
            : "text:" + string.Concat(expression.ToString().Where(c => !char.IsWhiteSpace(c)));

    static string KeyOf(ISymbol symbol) =>
        "symbol:" + symbol.Name + "@" + string.Join(",", symbol.Locations.Select(l => l.SourceSpan.Start));

    sealed class Uses
    {
        public List<ExpressionSyntax> FileNames { get; } = [];

        public List<ExpressionSyntax> CommandLines { get; } = [];

        public List<ExpressionSyntax> Arguments { get; } = [];

        public IEnumerable<SyntaxNode> PushingNodes(SemanticModel model)
        {
            foreach (ExpressionSyntax commandLine in this.CommandLines)
            {
                if (StringShapes.Of(commandLine, model) is { } shape && GitPushText.ArgumentsRunPush([shape]))
                {
                    yield return commandLine;
                }
            }

            // "git" is the file name, so the argument list starts right after it.
            List<string?> shapes = [GitExecutable, .. this.Arguments.OrderBy(a => a.SpanStart).Select(a => StringShapes.Of(a, model))];
            if (NoGitPushAnalyzer.PushElement(shapes) is int push)
            {
                yield return this.Arguments.OrderBy(a => a.SpanStart).ElementAt(push - 1);
            }
        }

        const string GitExecutable = "git";
    }
}
