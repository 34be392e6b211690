using System.Globalization;

namespace SmartGov.Core;

/// <summary>Masks personal data for display, e.g. in lists seen by staff who do not need the full value.</summary>
public static class Masking
{
    /// <summary>
    /// Keeps the first character of a 2- or 3-character name and the first two of a longer one
    /// (so a compound surname such as 欧阳 stays readable) and replaces each other character with *:
    /// 张三 → 张*, 欧阳娜娜 → 欧阳**. A one-character value is masked completely.
    /// </summary>
    public static string Name(string name)
    {
        ArgumentNullException.ThrowIfNull(name);

        // Count text elements, not UTF-16 units, so a rare character outside the BMP (e.g. 𠮷) is one character.
        var trimmed = name.Trim();
        var characters = StringInfo.ParseCombiningCharacters(trimmed);
        var count = characters.Length;
        if (count <= 1)
        {
            return Text.Stars(count);
        }

        var keep = count >= 4 ? 2 : 1;
        return string.Concat(trimmed.AsSpan(0, characters[keep]), Text.Stars(count - keep));
    }

    /// <summary>
    /// Keeps the first character of the mailbox name and the whole domain, with a fixed *** so the
    /// length of the name is not revealed: zhangsan@example.com → z***@example.com.
    /// A value that is not an e-mail address is masked completely.
    /// </summary>
    public static string Email(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var trimmed = email.Trim();
        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1)
        {
            return Text.Stars(trimmed.Length);
        }

        var firstLength = StringInfo.GetNextTextElementLength(trimmed);
        return string.Concat(trimmed.AsSpan(0, firstLength), "***", trimmed.AsSpan(at));
    }
}
