using System.IO.Compression;
using System.Text;

namespace SmartGov.Applications.Files.Tests;

/// <summary>Real, minimal files of each kind, and the impostors an inspector must see through.</summary>
internal static class Samples
{
    // A one-page PDF 1.4 with a correct cross-reference table.
    public static byte[] Pdf(int padTo = 0)
    {
        var body = new StringBuilder();
        var offsets = new List<int>();
        body.Append("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        void Obj(string text)
        {
            offsets.Add(Encoding.Latin1.GetByteCount(body.ToString()));
            body.Append(text);
        }
        Obj("1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
        Obj("2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n");
        Obj("3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n");
        if (padTo > 0)
        {
            // A large stream object, as a scanned page would be.
            var pad = Math.Max(0, padTo - Encoding.Latin1.GetByteCount(body.ToString()) - 300);
            Obj($"4 0 obj << /Length {pad} >> stream\n{new string('0', pad)}\nendstream endobj\n");
        }
        var xref = Encoding.Latin1.GetByteCount(body.ToString());
        body.Append("xref\n0 ").Append(offsets.Count + 1).Append("\n0000000000 65535 f \n");
        foreach (var o in offsets)
        {
            body.Append(o.ToString("D10", System.Globalization.CultureInfo.InvariantCulture)).Append(" 00000 n \n");
        }
        body.Append("trailer << /Size ").Append(offsets.Count + 1).Append(" /Root 1 0 R >>\nstartxref\n").Append(xref).Append("\n%%EOF\n");
        return Encoding.Latin1.GetBytes(body.ToString());
    }

    public static readonly byte[] Jpeg = Convert.FromBase64String(
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAB//EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AQH//2Q==");

    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABAQAAAAA3bvkkAAAACklEQVQI12NoAAAAggCB3UNq9AAAAABJRU5ErkJggg==");

    /// <summary>The start of a Windows executable (DOS header "MZ" and the PE stub message).</summary>
    public static readonly byte[] Exe = [.. "MZ"u8, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00,
        .. "This program cannot be run in DOS mode.\r\r\n$"u8];

    public static readonly byte[] Html = "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"u8.ToArray();

    public static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var w = new StreamWriter(zip.CreateEntry(name).Open());
                w.Write(content);
            }
        }
        return buffer.ToArray();
    }

    public static byte[] Ofd() => Zip(("OFD.xml", "<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\" Version=\"1.0\" DocType=\"OFD\"/>"), ("Doc_0/Document.xml", "<ofd:Document/>"));

    public static byte[] Docx() => Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>"), ("_rels/.rels", "<Relationships/>"));

    public static byte[] Docm() => Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>"), ("word/vbaProject.bin", "macro"));

    public static byte[] Xlsx() => Zip(("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>"));
}
