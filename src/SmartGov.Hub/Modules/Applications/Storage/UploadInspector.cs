using System.IO.Compression;
using System.Text;
using SmartGov.Core;

namespace SmartGov.Hub.Modules.Applications;

/// <summary>An allowed kind of material file: what it is called, its extensions and the content type it is served with.</summary>
public sealed record UploadKind(string Code, string ContentType, IReadOnlyList<string> Extensions, string NameZh, string NameEn);

/// <summary>The verdict on one upload: the kind, or the field errors (both languages) that refuse it.</summary>
public sealed record UploadInspection(UploadKind? Kind, IReadOnlyList<FieldError> Errors)
{
    public bool Accepted => Kind is not null && Errors.Count == 0;
}

/// <summary>
/// Decides whether an upload is an allowed material by its CONTENT (magic bytes, and for zip-based formats the
/// entries inside), not by its name: a <c>.pdf</c> that is really an EXE or an HTML page is refused, and the
/// extension must agree with what the content is. Allowed: PDF, JPEG, PNG, OFD (GB/T 33190, the Chinese fixed-layout
/// format: a zip with <c>OFD.xml</c> at its root), DOCX and XLSX (OOXML, ISO/IEC 29500: a zip with
/// <c>[Content_Types].xml</c> and the main part). Legacy .doc/.xls (OLE compound files) and macro-enabled OOXML
/// (a <c>vbaProject.bin</c> part) are refused: they can carry macros, and every department can produce the others.
/// Archives are only listed (central directory), never extracted, so a zip bomb costs nothing.
/// </summary>
public static class UploadInspector
{
    public static readonly UploadKind Pdf = new("pdf", "application/pdf", [".pdf"], "PDF 文档", "PDF document");
    public static readonly UploadKind Jpeg = new("jpeg", "image/jpeg", [".jpg", ".jpeg"], "JPEG 图片", "JPEG image");
    public static readonly UploadKind Png = new("png", "image/png", [".png"], "PNG 图片", "PNG image");
    public static readonly UploadKind Ofd = new("ofd", "application/ofd", [".ofd"], "OFD 版式文档", "OFD document");
    public static readonly UploadKind Docx = new("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", [".docx"], "Word 文档（.docx）", "Word document (.docx)");
    public static readonly UploadKind Xlsx = new("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [".xlsx"], "Excel 表格（.xlsx）", "Excel workbook (.xlsx)");

    public static IReadOnlyList<UploadKind> Allowed { get; } = [Pdf, Jpeg, Png, Ofd, Docx, Xlsx];

    /// <summary>The extensions a file chooser may offer, e.g. for an <c>accept</c> attribute.</summary>
    public static string AcceptAttribute { get; } = string.Join(",", Allowed.SelectMany(k => k.Extensions));

    private static string AllowedListZh => "PDF、JPG、PNG、OFD、DOCX、XLSX";
    private static string AllowedListEn => "PDF, JPG, PNG, OFD, DOCX, XLSX";

    /// <summary>
    /// Inspects <paramref name="content"/> (read from its start; it must be seekable, since zips are read from the
    /// end) under the name the user gave. <paramref name="field"/> names the form field in the errors.
    /// </summary>
    public static UploadInspection Inspect(string field, string? fileName, Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek)
        {
            throw new ArgumentException("The upload must be seekable to be inspected.", nameof(content));
        }
        var name = string.IsNullOrWhiteSpace(fileName) ? "" : Path.GetFileName(fileName.Trim());
        var label = name.Length == 0 ? "" : $"“{name}”";
        var labelEn = name.Length == 0 ? "The file" : $"\"{name}\"";
        if (content.Length == 0)
        {
            return Refuse(new FieldError(field, "file.empty", $"{label}是空文件，请重新选择", $"{labelEn} is empty; choose the file again."));
        }

        var extension = Path.GetExtension(name).ToLowerInvariant();
        var claimed = Allowed.FirstOrDefault(k => k.Extensions.Contains(extension, StringComparer.Ordinal));
        if (claimed is null)
        {
            return Refuse(new FieldError(field, "file.type",
                $"{label}的文件类型（{(extension.Length == 0 ? "无扩展名" : extension)}）不被接受，请上传 {AllowedListZh} 文件",
                $"{labelEn}: the file type ({(extension.Length == 0 ? "no extension" : extension)}) is not accepted; upload a {AllowedListEn} file."));
        }

        var actual = Sniff(content);
        content.Position = 0;
        if (actual is null)
        {
            return Refuse(new FieldError(field, "file.content",
                $"{label}的内容不是真正的{claimed.NameZh}（文件可能已损坏或被改名），请上传 {AllowedListZh} 文件",
                $"{labelEn} is not really a {claimed.NameEn} (it may be damaged or renamed); upload a {AllowedListEn} file."));
        }
        if (actual != claimed)
        {
            return Refuse(new FieldError(field, "file.extension-mismatch",
                $"{label}的扩展名是 {extension}，但内容是{actual.NameZh}；请使用与内容一致的扩展名（{actual.Extensions[0]}）",
                $"{labelEn} is named {extension} but its content is a {actual.NameEn}; use the extension that matches its content ({actual.Extensions[0]})."));
        }
        return new UploadInspection(actual, []);
    }

    /// <summary>What the bytes are, among the allowed kinds, or null.</summary>
    public static UploadKind? Sniff(Stream content)
    {
        content.Position = 0;
        Span<byte> head = stackalloc byte[8];
        var n = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..n];
        content.Position = 0;
        // ISO 32000-1 §7.5.2: the file begins with the header %PDF-1.x (or %PDF-2.0).
        if (head.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }
        // JPEG (ITU T.81): SOI marker FF D8 followed by another marker.
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return Jpeg;
        }
        // PNG (ISO/IEC 15948 §5.2): the 8-byte signature.
        if (head.SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            return Png;
        }
        // Zip local file header "PK\x03\x04": OFD and OOXML are zip packages; tell them apart by their entries.
        if (head.StartsWith("PK\x03\x04"u8))
        {
            return SniffZip(content);
        }
        return null;
    }

    private static UploadKind? SniffZip(Stream content)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true, Encoding.UTF8);
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in zip.Entries)
            {
                names.Add(entry.FullName.Replace('\\', '/').TrimStart('/'));
                if (names.Count > 10_000)
                {
                    return null; // no real material has that many parts
                }
            }
            // GB/T 33190-2016 §7.1: the package's entry file OFD.xml sits at the root.
            if (names.Contains("OFD.xml"))
            {
                return Ofd;
            }
            if (!names.Contains("[Content_Types].xml") || names.Any(n => n.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase)))
            {
                return null;
            }
            if (names.Contains("word/document.xml"))
            {
                return Docx;
            }
            if (names.Contains("xl/workbook.xml"))
            {
                return Xlsx;
            }
            return null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
        finally
        {
            content.Position = 0;
        }
    }

    private static UploadInspection Refuse(FieldError error) => new(null, [error]);

    /// <summary>The size refusal, for the caller that answers 413.</summary>
    public static FieldError TooLarge(string field, string? fileName, long limitBytes)
    {
        var name = string.IsNullOrWhiteSpace(fileName) ? null : Path.GetFileName(fileName.Trim());
        var (zh, en) = FormatLimit(limitBytes);
        return new FieldError(field, "file.too-large",
            name is null ? $"文件超过 {zh} 的上限，请压缩或拆分后重新上传" : $"“{name}”超过 {zh} 的上限，请压缩或拆分后重新上传",
            name is null ? $"The file exceeds the limit of {en}; compress or split it and upload again." : $"\"{name}\" exceeds the limit of {en}; compress or split it and upload again.");
    }

    public static (string Zh, string En) FormatLimit(long bytes)
    {
        var text = bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MB"
            : bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):0.#} MB"
            : bytes >= 1024 ? $"{bytes / 1024} KB" : $"{bytes} B";
        return (text, text);
    }

    /// <summary>
    /// A file name safe to store and to send back in Content-Disposition: the last path segment only, no control or
    /// path characters, at most 200 characters (keeping the extension). Never used to build a path.
    /// </summary>
    public static string SanitizeFileName(string? fileName, UploadKind kind)
    {
        var name = string.IsNullOrWhiteSpace(fileName) ? "" : fileName.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormC))
        {
            if (char.IsControl(c) || c is '"' or '<' or '>' or ':' or '|' or '?' or '*' || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
            {
                builder.Append('_');
            }
            else
            {
                builder.Append(c);
            }
        }
        name = builder.ToString().Trim().TrimStart('.');
        var ext = Path.GetExtension(name);
        var stem = Path.GetFileNameWithoutExtension(name);
        if (stem.Length == 0)
        {
            stem = "file";
        }
        if (!kind.Extensions.Contains(ext.ToLowerInvariant(), StringComparer.Ordinal))
        {
            ext = kind.Extensions[0];
        }
        if (stem.Length + ext.Length > 200)
        {
            stem = stem[..(200 - ext.Length)];
            if (char.IsHighSurrogate(stem[^1]))
            {
                stem = stem[..^1];
            }
        }
        return stem + ext;
    }
}
