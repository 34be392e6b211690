using System.Collections.Frozen;

namespace SmartGov.Core;

/// <summary>Province-level division codes (the first two digits of a GB/T 2260 region code).</summary>
internal static class Provinces
{
    // GB/T 2260: the 31 mainland provinces, autonomous regions and municipalities,
    // plus 71 Taiwan, 81 Hong Kong and 82 Macao.
    private static readonly FrozenSet<string> _codes = FrozenSet.Create(
        StringComparer.Ordinal,
        "11", "12", "13", "14", "15",
        "21", "22", "23",
        "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46",
        "50", "51", "52", "53", "54",
        "61", "62", "63", "64", "65",
        "71", "81", "82");

    public static bool IsProvince(ReadOnlySpan<char> twoDigits) =>
        twoDigits.Length == 2 && _codes.GetAlternateLookup<ReadOnlySpan<char>>().Contains(twoDigits);
}
