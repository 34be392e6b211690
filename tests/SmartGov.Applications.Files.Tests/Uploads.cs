using System.Net.Http.Headers;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Applications.Files.Tests;

/// <summary>How a browser (cookie + anti-forgery token) or a department system (bearer token) uploads a material.</summary>
internal static class Uploads
{
    public const string Files = "/api/v1/files";

    /// <summary>The demo citizen, signed in, with the anti-forgery token a page of the site would give the upload form.</summary>
    public static async Task<(HttpClient Client, string Token)> CitizenAsync(SmartGovFactory factory)
    {
        var client = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        return (client, await client.AntiforgeryTokenAsync("/results/verify"));
    }

    public static MultipartFormDataContent Form(string fileName, HttpContent file, string? token)
    {
        var form = new MultipartFormDataContent();
        if (token is not null)
        {
            form.Add(new StringContent(token), "__RequestVerificationToken");
        }
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return form;
    }

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, string? token, string fileName, byte[] bytes) =>
        client.PostAsync(Files, Form(fileName, new ByteArrayContent(bytes), token));
}

/// <summary>A one-way stream: HttpClient cannot know its length, so it sends the body chunked.</summary>
internal sealed class UnknownLengthStream(byte[] bytes) : Stream
{
    private readonly MemoryStream _inner = new(bytes);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _inner.Dispose();
        base.Dispose(disposing);
    }
}
