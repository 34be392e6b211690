using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace SmartGov.Hub.Common;

/// <summary>What the hub's Lucene searches (service guides, the resource catalog) do to a query's text.</summary>
public static class SearchText
{
    /// <summary>Trimmed, NFKC (full-width letters and digits become ASCII), at most 100 characters; "" for nothing.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }
        var t = text.Trim().Normalize(System.Text.NormalizationForm.FormKC);
        return t.Length > 100 ? t[..100] : t;
    }

    /// <summary>The distinct tokens the analyzer makes of <paramref name="text"/> for <paramref name="field"/>, in order.</summary>
    public static List<string> Tokens(Analyzer analyzer, string field, string text)
    {
        var list = new List<string>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            var t = term.ToString();
            if (!list.Contains(t))
            {
                list.Add(t);
            }
        }
        stream.End();
        return list;
    }
}
