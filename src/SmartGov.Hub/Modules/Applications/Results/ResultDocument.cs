using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SmartGov.Hub.Modules.Applications;

/// <summary>The decision on an application, as the result document (结果文书) states it.</summary>
public enum ResultDecision
{
    Approved,
    Denied,
}

/// <summary>
/// A signed result document (结果文书): what the department decided on an application. Its canonical JSON
/// (<see cref="ResultCanonicalJson"/>) is what the platform signs. <see cref="ApplicantName"/> is already masked
/// (张*华, <see cref="MaskApplicant"/>): the file travels and is shown on a public page. Times are UTC; dates are
/// calendar dates.
/// </summary>
public sealed record ResultDocument(
    Guid DocumentId,
    string ApplicationNumber,
    string ItemCode,
    string ItemName,
    string ApplicantName,
    Guid DepartmentId,
    string DepartmentName,
    ResultDecision Decision,
    string? Reasons,
    string? LicenceTypeCode,
    string? LicenceNumber,
    DateOnly? ValidFrom,
    DateOnly? ValidTo,
    DateTime IssuedAt)
{
    /// <summary>
    /// Masks a person's name for the document, keeping the first and last character (张明华 → 张*华, 欧阳明华 → 欧**华,
    /// 李四 → 李*): enough for the holder to recognise the document, not enough to identify a stranger. A business
    /// name is public (it is on the licence) and kept whole.
    /// </summary>
    public static string MaskApplicant(string name, bool isBusiness = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = name.Trim();
        if (isBusiness)
        {
            return text;
        }
        var chars = System.Globalization.StringInfo.ParseCombiningCharacters(text);
        return chars.Length switch
        {
            0 => "",
            1 => text,
            2 => text[..chars[1]] + "*",
            _ => text[..chars[1]] + new string('*', chars.Length - 2) + text[chars[^1]..],
        };
    }
}

/// <summary>
/// The canonical JSON of a <see cref="ResultDocument"/>, following RFC 8785 (JCS) for the value types used, like the
/// audit entries' canonical form (docs/audit.md) and described in docs/results.md:
/// one object; every key always present (absent values are <c>null</c>); keys sorted (all ASCII, so byte order);
/// no whitespace; strings in UTF-8 with only <c>"</c>, <c>\</c> and U+0000..U+001F escaped (<c>\b \t \n \f \r</c>
/// or <c>\u00xx</c>, lowercase hex); times <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>; dates <c>yyyy-MM-dd</c>; ids lowercase
/// GUIDs; <c>decision</c> is <c>approved</c> or <c>denied</c>; <c>v</c> is the schema version (1).
/// </summary>
public static class ResultCanonicalJson
{
    public const int Version = 1;

    public static IReadOnlyList<string> Keys { get; } =
    [
        "applicantName", "applicationNumber", "decision", "departmentId", "departmentName", "documentId", "issuedAt",
        "itemCode", "itemName", "licenceNumber", "licenceTypeCode", "reasons", "v", "validFrom", "validTo",
    ];

    public static byte[] Serialize(ResultDocument d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var values = Values(d);
        var sb = new StringBuilder(512);
        sb.Append('{');
        for (var i = 0; i < Keys.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }
            sb.Append('"').Append(Keys[i]).Append("\":");
            var v = values[Keys[i]];
            switch (v)
            {
                case null: sb.Append("null"); break;
                case int n: sb.Append(n.ToString(CultureInfo.InvariantCulture)); break;
                case string s: AppendString(sb, s); break;
                default: throw new InvalidOperationException();
            }
        }
        sb.Append('}');
        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(sb.ToString());
    }

    private static Dictionary<string, object?> Values(ResultDocument d) => new(StringComparer.Ordinal)
    {
        ["applicantName"] = d.ApplicantName,
        ["applicationNumber"] = d.ApplicationNumber,
        ["decision"] = DecisionName(d.Decision),
        ["departmentId"] = d.DepartmentId.ToString("D"),
        ["departmentName"] = d.DepartmentName,
        ["documentId"] = d.DocumentId.ToString("D"),
        ["issuedAt"] = FormatTime(d.IssuedAt),
        ["itemCode"] = d.ItemCode,
        ["itemName"] = d.ItemName,
        ["licenceNumber"] = d.LicenceNumber,
        ["licenceTypeCode"] = d.LicenceTypeCode,
        ["reasons"] = d.Reasons,
        ["v"] = Version,
        ["validFrom"] = d.ValidFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["validTo"] = d.ValidTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    public static string DecisionName(ResultDecision decision) => decision switch
    {
        ResultDecision.Approved => "approved",
        ResultDecision.Denied => "denied",
        _ => throw new ArgumentOutOfRangeException(nameof(decision)),
    };

    public static string FormatTime(DateTime utc)
    {
        if (utc.Kind == DateTimeKind.Local)
        {
            utc = utc.ToUniversalTime();
        }
        utc = new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    private static void AppendString(StringBuilder sb, string s)
    {
        sb.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                {
                    sb.Append(c).Append(s[++i]);
                    continue;
                }
                throw new ArgumentException("A result document string holds a lone surrogate, which is not valid Unicode.");
            }
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\t': sb.Append("\\t"); break;
                case '\n': sb.Append("\\n"); break;
                case '\f': sb.Append("\\f"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>
    /// Reads a document object back, strictly: exactly the schema's keys (in any order and spacing, since the file may
    /// be pretty-printed), each of the right type. The signature is then checked over the canonical form of what was read.
    /// </summary>
    /// <exception cref="FormatException">The object misses or adds keys or has a wrong value.</exception>
    public static ResultDocument Parse(JsonElement o)
    {
        if (o.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("document is a JSON object.");
        }
        var names = o.EnumerateObject().Select(p => p.Name).ToList();
        if (names.Count != names.Distinct(StringComparer.Ordinal).Count() || !names.Order(StringComparer.Ordinal).SequenceEqual(Keys))
        {
            throw new FormatException($"document has exactly the keys {string.Join(",", Keys)}.");
        }
        if (o.GetProperty("v").ValueKind != JsonValueKind.Number || !o.GetProperty("v").TryGetInt32(out var v) || v != Version)
        {
            throw new FormatException($"Unsupported document version (expected v = {Version}).");
        }
        var decision = Required(o, "decision") switch
        {
            "approved" => ResultDecision.Approved,
            "denied" => ResultDecision.Denied,
            _ => throw new FormatException("decision is approved or denied."),
        };
        return new ResultDocument(
            DocumentId: ParseGuid(Required(o, "documentId"), "documentId"),
            ApplicationNumber: Required(o, "applicationNumber"),
            ItemCode: Required(o, "itemCode"),
            ItemName: Required(o, "itemName"),
            ApplicantName: Required(o, "applicantName"),
            DepartmentId: ParseGuid(Required(o, "departmentId"), "departmentId"),
            DepartmentName: Required(o, "departmentName"),
            Decision: decision,
            Reasons: Optional(o, "reasons"),
            LicenceTypeCode: Optional(o, "licenceTypeCode"),
            LicenceNumber: Optional(o, "licenceNumber"),
            ValidFrom: ParseDate(Optional(o, "validFrom"), "validFrom"),
            ValidTo: ParseDate(Optional(o, "validTo"), "validTo"),
            IssuedAt: DateTime.TryParseExact(Required(o, "issuedAt"), "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
                ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : throw new FormatException("issuedAt is yyyy-MM-ddTHH:mm:ss.fffZ."));
    }

    private static string Required(JsonElement o, string name) =>
        o.GetProperty(name).ValueKind == JsonValueKind.String ? o.GetProperty(name).GetString()! : throw new FormatException($"{name} is a string.");

    private static string? Optional(JsonElement o, string name) => o.GetProperty(name).ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => o.GetProperty(name).GetString(),
        _ => throw new FormatException($"{name} is a string or null."),
    };

    private static Guid ParseGuid(string s, string name) =>
        Guid.TryParseExact(s, "D", out var g) && s == g.ToString("D") ? g : throw new FormatException($"{name} is a lowercase GUID.");

    private static DateOnly? ParseDate(string? s, string name) =>
        s is null ? null
        : DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw new FormatException($"{name} is yyyy-MM-dd.");
}
