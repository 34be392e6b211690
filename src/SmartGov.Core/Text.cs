namespace SmartGov.Core;

/// <summary>Input clean-up shared by the identifier checks.</summary>
internal static class Text
{
    /// <summary>
    /// Removes all white space (including the ideographic space U+3000), turns full-width ASCII forms
    /// (U+FF01..U+FF5E, which Chinese input methods produce for digits and letters) into ASCII,
    /// upper-cases ASCII letters, and optionally drops dashes used as visual separators.
    /// </summary>
    public static string Compact(string value, bool dropDashes = false)
    {
        ArgumentNullException.ThrowIfNull(value);
        Span<char> buffer = value.Length <= 64 ? stackalloc char[value.Length] : new char[value.Length];
        var length = 0;
        foreach (var raw in value)
        {
            var c = raw is >= '\uFF01' and <= '\uFF5E' ? (char)(raw - 0xFEE0) : raw;
            if (char.IsWhiteSpace(c) || (dropDashes && c == '-'))
            {
                continue;
            }

            buffer[length++] = c is >= 'a' and <= 'z' ? (char)(c - 32) : c;
        }

        return new string(buffer[..length]);
    }

    public static bool IsAsciiDigits(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    public static string Stars(int count) => new('*', Math.Max(count, 0));
}
