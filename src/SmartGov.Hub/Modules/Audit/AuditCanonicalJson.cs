using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using System.Text.Json;
using SmartGov.Crypto;

namespace SmartGov.Hub.Modules.Audit;

/// <summary>The content of one sequenced audit entry: exactly what its canonical JSON, and so its Merkle leaf, commits to.</summary>
public sealed record AuditEntryData(
    long Sequence,
    DateTime Time,
    string Action,
    string Outcome,
    string ActorType,
    Guid? ActorId,
    string? ActorName,
    Guid? ActorDepartmentId,
    string? SubjectType,
    string? SubjectId,
    string? Person,
    string? Purpose,
    string? SourceAddress,
    string? RequestId,
    string? TraceId,
    string? Details);

/// <summary>
/// The canonical JSON of an audit entry, whose UTF-8 bytes are the entry's Merkle leaf data (docs/audit.md,
/// "Canonical form"). The rules follow RFC 8785 (JCS) for the value types used here:
/// <list type="bullet">
/// <item>one object, every key of the schema always present (absent values are <c>null</c>), keys sorted by
/// their UTF-16 code units (all keys are ASCII, so byte order), no whitespace anywhere;</item>
/// <item>strings: UTF-8; only <c>"</c>, <c>\</c> and U+0000..U+001F are escaped, as <c>\"</c>, <c>\\</c>,
/// <c>\b \t \n \f \r</c> or <c>\u00xx</c> with lowercase hex; everything else (including non-ASCII, <c>/</c>,
/// U+2028) is written as itself; no Unicode normalisation;</item>
/// <item>integers (<c>sequence</c>, <c>v</c>): decimal, no sign for non-negative values, no leading zeros, no exponent;</item>
/// <item>time: a string <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> (UTC, always three fraction digits);</item>
/// <item>ids: lowercase 8-4-4-4-12 hex GUIDs.</item>
/// </list>
/// </summary>
public static class AuditCanonicalJson
{
    /// <summary>The schema version written as key <c>v</c>.</summary>
    public const int Version = 1;

    /// <summary>The keys, in canonical (sorted) order.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "action", "actorDepartment", "actorId", "actorName", "actorType", "details", "outcome", "person", "purpose",
        "requestId", "sequence", "sourceAddress", "subjectId", "subjectType", "time", "traceId", "v",
    ];

    private static readonly byte[][] KeyPrefixes = Keys.Select((k, i) => Encoding.ASCII.GetBytes((i == 0 ? "{\"" : ",\"") + k + "\":")).ToArray();
    private static readonly byte[] Null = "null"u8.ToArray();
    private static readonly byte[] HexDigits = "0123456789abcdef"u8.ToArray();

    /// <summary>
    /// Writes the escape of a quote, a backslash or a control character (below U+0020) at <paramref name="at"/> (the
    /// caller has made room for six bytes); returns the new length. Both writers escape exactly alike through it.
    /// </summary>
    private static int Escape(byte[] buffer, int at, int c)
    {
        buffer[at++] = (byte)'\\';
        switch (c)
        {
            case '"': buffer[at++] = (byte)'"'; break;
            case '\\': buffer[at++] = (byte)'\\'; break;
            case '\b': buffer[at++] = (byte)'b'; break;
            case '\t': buffer[at++] = (byte)'t'; break;
            case '\n': buffer[at++] = (byte)'n'; break;
            case '\f': buffer[at++] = (byte)'f'; break;
            case '\r': buffer[at++] = (byte)'r'; break;
            default:
                buffer[at++] = (byte)'u';
                buffer[at++] = (byte)'0';
                buffer[at++] = (byte)'0';
                buffer[at++] = HexDigits[c >> 4];
                buffer[at++] = HexDigits[c & 0xF];
                break;
        }
        return at;
    }

    /// <summary>The canonical UTF-8 bytes of <paramref name="entry"/>.</summary>
    /// <exception cref="ArgumentException">A string holds a lone surrogate (not valid Unicode), or the time is not UTC whole milliseconds.</exception>
    public static byte[] Serialize(AuditEntryData entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var w = new Writer(256 + (entry.Details?.Length ?? 0) * 3);
        Write(w, entry);
        return w.ToArray();
    }

    [ThreadStatic]
    private static Writer? _leafWriter;

    /// <summary>
    /// The entry's Merkle leaf hash, H(0x00 ‖ <see cref="Serialize"/>(entry)), without allocating the canonical bytes:
    /// they are written into a buffer the thread reuses (the sequencer and <c>audit verify</c> do this for every entry).
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="Serialize"/>.</exception>
    public static byte[] LeafHash(AuditEntryData entry, MerkleHasher hasher)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(hasher);
        var w = _leafWriter ??= new Writer(2048);
        w.Reset();
        Write(w, entry);
        return hasher.HashLeaf(w.Written);
    }

    /// <summary>As <see cref="LeafHash(AuditEntryData, MerkleHasher)"/>, into <paramref name="destination"/>.</summary>
    internal static void LeafHash(AuditEntryData entry, MerkleHasher hasher, Span<byte> destination)
    {
        var w = _leafWriter ??= new Writer(2048);
        w.Reset();
        Write(w, entry);
        hasher.HashLeaf(w.Written, destination);
    }

    private static void Write(Writer w, AuditEntryData entry)
    {
        w.Raw(KeyPrefixes[0]); w.String(entry.Action);
        w.Raw(KeyPrefixes[1]); w.Guid(entry.ActorDepartmentId);
        w.Raw(KeyPrefixes[2]); w.Guid(entry.ActorId);
        w.Raw(KeyPrefixes[3]); w.String(entry.ActorName);
        w.Raw(KeyPrefixes[4]); w.String(entry.ActorType);
        w.Raw(KeyPrefixes[5]); w.String(entry.Details);
        w.Raw(KeyPrefixes[6]); w.String(entry.Outcome);
        w.Raw(KeyPrefixes[7]); w.String(entry.Person);
        w.Raw(KeyPrefixes[8]); w.String(entry.Purpose);
        w.Raw(KeyPrefixes[9]); w.String(entry.RequestId);
        w.Raw(KeyPrefixes[10]); w.Integer(entry.Sequence);
        w.Raw(KeyPrefixes[11]); w.String(entry.SourceAddress);
        w.Raw(KeyPrefixes[12]); w.String(entry.SubjectId);
        w.Raw(KeyPrefixes[13]); w.String(entry.SubjectType);
        w.Raw(KeyPrefixes[14]); w.Time(entry.Time);
        w.Raw(KeyPrefixes[15]); w.String(entry.TraceId);
        w.Raw(KeyPrefixes[16]); w.Integer(Version);
        w.Byte((byte)'}');
    }

    /// <summary>The time as the canonical form writes it.</summary>
    public static string FormatTime(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Whether a stored time can be written exactly (whole milliseconds).</summary>
    public static bool IsWholeMilliseconds(DateTime time) => time.Ticks % TimeSpan.TicksPerMillisecond == 0;

    /// <summary>Truncates to whole milliseconds, as UTC.</summary>
    public static DateTime TruncateToMilliseconds(DateTime time) =>
        new(time.Ticks - time.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

    /// <summary>
    /// Reads canonical entry bytes back, strictly: the bytes must be exactly what <see cref="Serialize"/> writes for
    /// the values they hold, so that one entry has one encoding and one leaf hash.
    /// </summary>
    /// <exception cref="FormatException">The bytes are not JSON, miss or add keys, have the wrong value types, or are not canonical.</exception>
    public static AuditEntryData Parse(ReadOnlySpan<byte> utf8)
    {
        AuditEntryData entry;
        try
        {
            using var doc = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 4 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("An audit entry is a JSON object.");
            }
            var names = root.EnumerateObject().Select(p => p.Name).ToList();
            if (!names.SequenceEqual(Keys))
            {
                throw new FormatException($"An audit entry has exactly the keys {string.Join(",", Keys)} in that order.");
            }
            if (root.GetProperty("v").ValueKind != JsonValueKind.Number || !root.GetProperty("v").TryGetInt32(out var v) || v != Version)
            {
                throw new FormatException($"Unsupported audit entry version (expected v = {Version}).");
            }
            entry = new AuditEntryData(
                Sequence: root.GetProperty("sequence").ValueKind == JsonValueKind.Number && root.GetProperty("sequence").TryGetInt64(out var s) && s >= 0
                    ? s : throw new FormatException("sequence is a non-negative integer."),
                Time: ParseTime(RequiredString(root, "time")),
                Action: RequiredString(root, "action"),
                Outcome: RequiredString(root, "outcome"),
                ActorType: RequiredString(root, "actorType"),
                ActorId: OptionalGuid(root, "actorId"),
                ActorName: OptionalString(root, "actorName"),
                ActorDepartmentId: OptionalGuid(root, "actorDepartment"),
                SubjectType: OptionalString(root, "subjectType"),
                SubjectId: OptionalString(root, "subjectId"),
                Person: OptionalString(root, "person"),
                Purpose: OptionalString(root, "purpose"),
                SourceAddress: OptionalString(root, "sourceAddress"),
                RequestId: OptionalString(root, "requestId"),
                TraceId: OptionalString(root, "traceId"),
                Details: OptionalString(root, "details"));
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Not valid JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new FormatException($"Wrong value type: {ex.Message}", ex);
        }

        byte[] again;
        try
        {
            again = Serialize(entry);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
        if (!utf8.SequenceEqual(again))
        {
            throw new FormatException("The entry is valid JSON but not in canonical form (key order, escaping, number or time format, or whitespace).");
        }
        return entry;
    }

    private static string RequiredString(JsonElement root, string name) =>
        root.GetProperty(name).ValueKind == JsonValueKind.String ? root.GetProperty(name).GetString()! : throw new FormatException($"{name} is a string.");

    private static string? OptionalString(JsonElement root, string name) => root.GetProperty(name).ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => root.GetProperty(name).GetString(),
        _ => throw new FormatException($"{name} is a string or null."),
    };

    private static Guid? OptionalGuid(JsonElement root, string name)
    {
        var s = OptionalString(root, name);
        return s is null ? null : Guid.TryParseExact(s, "D", out var g) ? g : throw new FormatException($"{name} is a GUID.");
    }

    private static DateTime ParseTime(string s) =>
        DateTime.TryParseExact(s, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
            ? DateTime.SpecifyKind(t, DateTimeKind.Utc)
            : throw new FormatException("time is yyyy-MM-ddTHH:mm:ss.fffZ.");

    /// <summary>
    /// Writes the canonical form from values that are still in their stored UTF-8 text form, key by key in canonical
    /// order, without decoding them to .NET strings, <see cref="Guid"/> or <see cref="DateTime"/> (the SQLite path of
    /// <c>audit verify</c>). It writes exactly the bytes <see cref="Serialize"/> writes for the values the text stands
    /// for; each <c>Try…</c> method refuses (and writes nothing) a value whose text it cannot take that way, and the
    /// caller then reads the row the ordinary way.
    /// </summary>
    internal sealed class Utf8Builder
    {
        // The bytes a canonical string escapes; every other byte of valid UTF-8 is written as itself.
        private static readonly SearchValues<byte> Escaped = SearchValues.Create([.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

        private byte[] _buffer = new byte[2048];
        private int _length;

        public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

        public void Reset() => _length = 0;

        /// <summary>The key of canonical position <paramref name="index"/> (0 = <c>action</c> … 16 = <c>v</c>) with its separator.</summary>
        public void Key(int index) => Raw(KeyPrefixes[index]);

        public void Null() => Raw(AuditCanonicalJson.Null);

        public void Integer(long value)
        {
            Ensure(20);
            value.TryFormat(_buffer.AsSpan(_length), out var written, default, CultureInfo.InvariantCulture);
            _length += written;
        }

        /// <summary>Closes the object after the last key (<c>v</c>).</summary>
        public void End()
        {
            Ensure(1);
            _buffer[_length++] = (byte)'}';
        }

        /// <summary>
        /// A string given as its UTF-8 bytes. Refuses bytes that are not valid UTF-8 (decoding them would have replaced
        /// them) and NUL bytes (a C string would end there), so whatever it writes is what the decoded string writes.
        /// </summary>
        public bool TryString(ReadOnlySpan<byte> utf8)
        {
            if (utf8.Contains((byte)0) || !Utf8.IsValid(utf8))
            {
                return false;
            }
            Ensure(2 + utf8.Length * 6);
            _buffer[_length++] = (byte)'"';
            while (true)
            {
                var i = utf8.IndexOfAny(Escaped);
                if (i < 0)
                {
                    utf8.CopyTo(_buffer.AsSpan(_length));
                    _length += utf8.Length;
                    break;
                }
                utf8[..i].CopyTo(_buffer.AsSpan(_length));
                _length += i;
                var c = utf8[i];
                _length = Escape(_buffer, _length, c);
                utf8 = utf8[(i + 1)..];
            }
            _buffer[_length++] = (byte)'"';
            return true;
        }

        /// <summary>A GUID stored as text: only the 36-character 8-4-4-4-12 hex form (either case), written in lowercase.</summary>
        public bool TryGuid(ReadOnlySpan<byte> text)
        {
            if (text.Length != 36)
            {
                return false;
            }
            Ensure(38);
            var output = _buffer.AsSpan(_length + 1, 36);
            for (var i = 0; i < 36; i++)
            {
                var c = text[i];
                if (i is 8 or 13 or 18 or 23)
                {
                    if (c != '-')
                    {
                        return false;
                    }
                    output[i] = c;
                }
                else if (char.IsAsciiHexDigit((char)c))
                {
                    output[i] = (byte)(c | 0x20); // '0'-'9' already have the bit; 'A'-'F' become 'a'-'f'
                }
                else
                {
                    return false;
                }
            }
            _buffer[_length] = (byte)'"';
            _buffer[_length + 37] = (byte)'"';
            _length += 38;
            return true;
        }

        /// <summary>
        /// A time stored as EF Core's SQLite text, <c>yyyy-MM-dd HH:mm:ss</c> with an optional fraction of one to seven
        /// digits, that names a real date and whole milliseconds; written as <c>"yyyy-MM-ddTHH:mm:ss.fffZ"</c>. Anything
        /// else (another layout, sub-millisecond digits, an impossible date) is refused.
        /// </summary>
        public bool TryStoredTime(ReadOnlySpan<byte> text)
        {
            if (text.Length < 19 || text.Length == 20 || text.Length > 27
                || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':'
                || !Number(text[..4], out var year) || !Number(text.Slice(5, 2), out var month) || !Number(text.Slice(8, 2), out var day)
                || !Number(text.Slice(11, 2), out var hour) || !Number(text.Slice(14, 2), out var minute) || !Number(text.Slice(17, 2), out var second)
                || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            {
                return false;
            }
            var fraction = text.Length > 19 ? text[20..] : [];
            if (text.Length > 19 && (text[19] != '.' || !Number(fraction, out _) || fraction.Length > 3 && fraction[3..].ContainsAnyExcept((byte)'0')))
            {
                return false;
            }
            Ensure(26);
            var span = _buffer.AsSpan(_length, 26);
            span[0] = (byte)'"';
            text[..10].CopyTo(span[1..]);
            span[11] = (byte)'T';
            text.Slice(11, 8).CopyTo(span[12..]);
            span[20] = (byte)'.';
            for (var i = 0; i < 3; i++)
            {
                span[21 + i] = i < fraction.Length ? fraction[i] : (byte)'0';
            }
            span[24] = (byte)'Z';
            span[25] = (byte)'"';
            _length += 26;
            return true;
        }

        private static bool Number(ReadOnlySpan<byte> digits, out int value)
        {
            value = 0;
            if (digits.IsEmpty)
            {
                return false;
            }
            foreach (var d in digits)
            {
                if (!char.IsAsciiDigit((char)d))
                {
                    return false;
                }
                value = value * 10 + (d - '0');
            }
            return true;
        }

        private void Raw(ReadOnlySpan<byte> bytes)
        {
            Ensure(bytes.Length);
            bytes.CopyTo(_buffer.AsSpan(_length));
            _length += bytes.Length;
        }

        private void Ensure(int more)
        {
            if (_length + more > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
            }
        }
    }

    /// <summary>A growing byte buffer; faster than a general JSON writer because the schema is fixed.</summary>
    private sealed class Writer(int capacity)
    {
        private byte[] _buffer = new byte[capacity];
        private int _length;

        public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

        public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

        public void Reset() => _length = 0;

        public void Byte(byte b)
        {
            Ensure(1);
            _buffer[_length++] = b;
        }

        public void Raw(ReadOnlySpan<byte> bytes)
        {
            Ensure(bytes.Length);
            bytes.CopyTo(_buffer.AsSpan(_length));
            _length += bytes.Length;
        }

        public void Integer(long value)
        {
            Ensure(20);
            value.TryFormat(_buffer.AsSpan(_length), out var written, default, CultureInfo.InvariantCulture);
            _length += written;
        }

        public void Guid(Guid? value)
        {
            if (value is null)
            {
                Raw(Null);
                return;
            }
            Ensure(38);
            _buffer[_length++] = (byte)'"';
            value.Value.TryFormat(_buffer.AsSpan(_length), out var written, "D");
            _length += written;
            _buffer[_length++] = (byte)'"';
        }

        public void Time(DateTime value)
        {
            if (!IsWholeMilliseconds(value))
            {
                throw new ArgumentException("An audit time is stored in whole milliseconds.", nameof(value));
            }
            // "yyyy-MM-ddTHH:mm:ss.fffZ" (as FormatTime), written digit by digit: this runs for every entry sequenced or verified.
            Ensure(26);
            var span = _buffer.AsSpan(_length, 26);
            value.Deconstruct(out int year, out int month, out int day);
            span[0] = (byte)'"';
            Digits(span.Slice(1, 4), year);
            span[5] = (byte)'-';
            Digits(span.Slice(6, 2), month);
            span[8] = (byte)'-';
            Digits(span.Slice(9, 2), day);
            span[11] = (byte)'T';
            Digits(span.Slice(12, 2), value.Hour);
            span[14] = (byte)':';
            Digits(span.Slice(15, 2), value.Minute);
            span[17] = (byte)':';
            Digits(span.Slice(18, 2), value.Second);
            span[20] = (byte)'.';
            Digits(span.Slice(21, 3), value.Millisecond);
            span[24] = (byte)'Z';
            span[25] = (byte)'"';
            _length += 26;
        }

        private static void Digits(Span<byte> destination, int value)
        {
            for (var i = destination.Length - 1; i >= 0; i--)
            {
                destination[i] = (byte)('0' + value % 10);
                value /= 10;
            }
        }

        public void String(string? value)
        {
            if (value is null)
            {
                Raw(Null);
                return;
            }
            Ensure(2 + value.Length * 6);
            _buffer[_length++] = (byte)'"';
            var runStart = 0;
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (c >= 0x20 && c != '"' && c != '\\')
                {
                    if (char.IsSurrogate(c))
                    {
                        if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                        {
                            i++;
                            continue;
                        }
                        throw new ArgumentException("An audit string holds a lone surrogate, which is not valid Unicode.", nameof(value));
                    }
                    continue;
                }
                Utf8(value.AsSpan(runStart, i - runStart));
                runStart = i + 1;
                _length = Escape(_buffer, _length, c);
            }
            Utf8(value.AsSpan(runStart));
            _buffer[_length++] = (byte)'"';
        }

        private void Utf8(ReadOnlySpan<char> chars)
        {
            if (chars.IsEmpty)
            {
                return;
            }
            _length += Encoding.UTF8.GetBytes(chars, _buffer.AsSpan(_length));
        }

        private void Ensure(int more)
        {
            if (_length + more > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
            }
        }
    }
}
