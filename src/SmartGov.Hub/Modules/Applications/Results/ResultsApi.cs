using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SmartGov.Hub.Common;

namespace SmartGov.Hub.Modules.Applications.Results;

/// <summary>Public verification of signed result documents (结果文书验真): no sign-in needed.</summary>
public static class ResultsApi
{
    public sealed record VerifyView(bool Valid, string Reason, string Message, string MessageZh, string MessageEn, string? Detail, ResultDocumentView? Document);

    public sealed record ResultDocumentView(
        Guid DocumentId, string ApplicationNumber, string ItemCode, string ItemName, string ApplicantName, Guid DepartmentId,
        string DepartmentName, string Decision, string? Reasons, string? LicenceTypeCode, string? LicenceNumber,
        DateOnly? ValidFrom, DateOnly? ValidTo, DateTime IssuedAt);

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("api/v1/results").WithTags("Results").AllowAnonymous();
        g.MapPost("/verify", VerifyAsync)
            .Accepts<string>("application/json")
            .Produces<VerifyView>()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithName("VerifyResult")
            .WithSummary("Verify a signed result file (*.sgr.json, sent as the request body): {valid, reason, document} / 结果文书验真");
        g.MapGet("/public-key", (ResultSigner signer) => TypedResults.Text(signer.PublicKeyPem, "application/x-pem-file"))
            .WithName("ResultPublicKey")
            .WithSummary("The platform's public key (PEM) that verifies result documents offline / 验签公钥");
        return app;
    }

    public static async Task<IResult> VerifyAsync(HttpRequest request, ResultSigner signer, CancellationToken ct)
    {
        if (request.ContentLength > ResultFile.MaxFileBytes)
        {
            return TooLarge();
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > ResultFile.MaxFileBytes)
            {
                return TooLarge();
            }
        }
        return TypedResults.Ok(View(await signer.VerifyAsync(buffer.ToArray(), ct)));
    }

    public static VerifyView View(ResultVerification v) =>
        new(v.Valid, v.Reason, Problems.IsChinese ? v.MessageZh : v.MessageEn, v.MessageZh, v.MessageEn, v.Detail, v.Document is { } d ? View(d) : null);

    public static ResultDocumentView View(ResultDocument d) =>
        new(d.DocumentId, d.ApplicationNumber, d.ItemCode, d.ItemName, d.ApplicantName, d.DepartmentId, d.DepartmentName,
            ResultCanonicalJson.DecisionName(d.Decision), d.Reasons, d.LicenceTypeCode, d.LicenceNumber, d.ValidFrom, d.ValidTo, d.IssuedAt);

    private static IResult TooLarge() => TypedResults.Problem(Problems.Create(StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge,
        $"结果文书文件不能超过 {ResultFile.MaxFileBytes / 1024} KB", $"A result file is at most {ResultFile.MaxFileBytes / 1024} KB."));
}
