using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Paperclip.Analyzers;

/// <summary>Finds the allow marker in comments near a finding.</summary>
static class AllowComments
{
    /// <summary>
    /// True when a comment with the marker and a reason sits on the finding's line or the line directly above, or on
    /// the first line of its statement or the line above that (so one comment covers a statement spread over lines).
    /// </summary>
    public static bool IsAllowed(SyntaxNode node)
    {
        SyntaxTree tree = node.SyntaxTree;
        SourceText text = tree.GetText();
        SyntaxNode root = tree.GetRoot();
        int line = text.Lines.GetLineFromPosition(node.SpanStart).LineNumber;
        SyntaxNode? statement = node.FirstAncestorOrSelf<SyntaxNode>(n => n is StatementSyntax or MemberDeclarationSyntax);
        int statementLine = statement is null ? line : text.Lines.GetLineFromPosition(statement.SpanStart).LineNumber;

        foreach (int candidate in new[] { line, line - 1, statementLine, statementLine - 1 })
        {
            if (candidate >= 0 && LineHasReasonedMarker(root, text.Lines[candidate].Span))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for the comment kinds a marker may live in.</summary>
    public static bool IsComment(SyntaxTrivia trivia) =>
        trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia);

    static bool LineHasReasonedMarker(SyntaxNode root, TextSpan line)
    {
        foreach (SyntaxTrivia trivia in root.DescendantTrivia(line))
        {
            if (IsComment(trivia) && trivia.Span.IntersectsWith(line) && GitPushText.AllowReason(trivia.ToString()) is { Length: > 0 })
            {
                return true;
            }
        }

        return false;
    }
}
