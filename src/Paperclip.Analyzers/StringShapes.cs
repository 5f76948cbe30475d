using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Paperclip.Analyzers;

/// <summary>
/// What the compiler can know of a string expression: constants, literals, interpolations with their unknown parts
/// as <see cref="GitPushText.Hole"/>, concatenations, and a local's initializer (so <c>var git = "git";</c> counts).
/// </summary>
static class StringShapes
{
    const int MaxLocalDepth = 3;

    /// <summary>The known text of <paramref name="expression"/>, or null when nothing about it is known.</summary>
    public static string? Of(ExpressionSyntax expression, SemanticModel model) => Of(expression, model, 0);

    static string? Of(ExpressionSyntax expression, SemanticModel model, int depth)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        if (model.GetConstantValue(expression) is { HasValue: true, Value: string constant })
        {
            return constant;
        }

        switch (expression)
        {
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) || literal.IsKind(SyntaxKind.Utf8StringLiteralExpression):
                return literal.Token.ValueText;
            case InterpolatedStringExpressionSyntax interpolated:
                return OfInterpolation(interpolated, model);
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression):
                string? left = Of(binary.Left, model, depth);
                string? right = Of(binary.Right, model, depth);
                return left is null && right is null ? null : (left ?? Hole) + (right ?? Hole);
            case IdentifierNameSyntax identifier when depth < MaxLocalDepth:
                return OfLocal(identifier, model, depth);
            default:
                return null;
        }
    }

    /// <summary>The text parts of an interpolated string, each hole (unless constant) as <see cref="GitPushText.Hole"/>.</summary>
    public static string OfInterpolation(InterpolatedStringExpressionSyntax interpolated, SemanticModel model)
    {
        StringBuilder text = new();
        foreach (InterpolatedStringContentSyntax content in interpolated.Contents)
        {
            text.Append(content switch
            {
                InterpolatedStringTextSyntax part => part.TextToken.ValueText,
                InterpolationSyntax hole when model.GetConstantValue(hole.Expression) is { HasValue: true, Value: string constant } => constant,
                _ => Hole,
            });
        }

        return text.ToString();
    }

    static string Hole => GitPushText.Hole.ToString();

    static string? OfLocal(IdentifierNameSyntax identifier, SemanticModel model, int depth)
    {
        if (model.GetSymbolInfo(identifier).Symbol is not ILocalSymbol local)
        {
            return null;
        }

        // Only a local declared in this tree with an initializer; later assignments are not followed.
        VariableDeclaratorSyntax? declarator = local.DeclaringSyntaxReferences
            .Select(reference => reference.GetSyntax())
            .OfType<VariableDeclaratorSyntax>()
            .FirstOrDefault(d => d.SyntaxTree == identifier.SyntaxTree);
        return declarator?.Initializer is { } initializer ? Of(initializer.Value, model, depth + 1) : null;
    }
}
