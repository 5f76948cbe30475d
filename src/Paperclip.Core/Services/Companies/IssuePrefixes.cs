using System.Text;

namespace Paperclip.Core.Services.Companies;

/// <summary>Derives an issue prefix from a company name: initials of its words (or its first letters), A–Z only.</summary>
public static class IssuePrefixes
{
    /// <summary>The prefix stem for a name: "Acme Robotics" → "AR", "Paperclip" → "PAP", no letters → "CO".</summary>
    public static string Derive(string name)
    {
        string[] words = name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(char.IsAsciiLetter).ToArray()).ToUpperInvariant())
            .Where(w => w.Length > 0)
            .ToArray();
        if (words.Length == 0)
        {
            return "CO";
        }

        if (words.Length == 1)
        {
            return words[0].Length >= 2 ? words[0][..Math.Min(3, words[0].Length)] : words[0] + "X";
        }

        StringBuilder initials = new();
        foreach (string word in words.Take(4))
        {
            initials.Append(word[0]);
        }

        return initials.ToString();
    }

    /// <summary>The n-th candidate: the stem itself, then stem + letters B, C, … (prefixes are letters only).</summary>
    public static string WithSuffix(string stem, int attempt)
    {
        if (attempt <= 1)
        {
            return stem;
        }

        StringBuilder suffix = new();
        int n = attempt - 1;
        while (n > 0)
        {
            n--;
            suffix.Insert(0, (char)('A' + (n % 26)));
            n /= 26;
        }

        string candidate = stem + suffix;
        return candidate.Length <= 10 ? candidate : candidate[^10..];
    }
}
