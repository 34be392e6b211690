using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartGov.Hub.Common;

namespace SmartGov.Hub.Modules.Applications.Storage;

/// <summary>Material uploads (材料上传): <c>/api/v1/files</c>. Every file is its uploader's; others get 404.</summary>
public static class FilesApi
{
    public sealed record FileView(Guid Id, string FileName, string ContentType, long Size, string Sm3, DateTime UploadedAt, string State, string? SubjectType, string? SubjectId);

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        var limit = app.ServiceProvider.GetRequiredService<IOptions<ApplicationFilesOptions>>().Value.RequestBodyLimit;
        var g = app.MapGroup("api/v1/files").WithTags("Files")
            .RequireAuthorization(p => p.RequireAuthenticatedUser().RequireAssertion(c => !c.User.HasClaim(x => x.Type == SmartGovClaims.TwoFactorSetupRequired)));
        g.MapPost("", UploadAsync)
            // The host's general body limit (Web:MaxRequestBodyBytes) is far below a scanned document; this endpoint
            // allows the upload limit plus the multipart envelope (IRequestSizeLimitMetadata, applied by routing).
            .WithMetadata(new RequestSizeLimitAttribute(limit))
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<FileView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("UploadFile")
            .WithSummary("Upload a material file (multipart/form-data, field \"file\"): PDF, JPG, PNG, OFD, DOCX or XLSX, checked by content / 上传材料文件");
        g.MapGet("", ListAsync).WithName("ListFiles").WithSummary("Your files; ?state=staged lists a draft's materials not yet submitted / 我的材料文件");
        g.MapGet("/{id:guid}", GetAsync).WithName("GetFile").WithSummary("A file's metadata, with its SM3 digest (owner only) / 材料文件信息");
        g.MapGet("/{id:guid}/content", DownloadAsync).WithName("DownloadFile").WithSummary("Download a file (owner only) / 下载材料文件");
        return app;
    }

    private static FileView View(StoredFileInfo f) =>
        new(f.Id, f.FileName, f.ContentType, f.Size, f.Sm3, f.UploadedAt, f.State.ToString().ToLowerInvariant(), f.SubjectType, f.SubjectId);

    public static async Task<IResult> UploadAsync(HttpContext http, MaterialFiles files, IAntiforgery antiforgery, CancellationToken ct)
    {
        var request = http.Request;
        var max = files.MaxUploadBytes;
        if (request.ContentLength > max + ApplicationFilesOptions.MultipartOverheadBytes)
        {
            return TooLarge(null, max);
        }
        if (!request.HasFormContentType || !request.ContentType!.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(Problems.Create(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType,
                "请以 multipart/form-data 上传，文件放在字段 file 中", "Upload as multipart/form-data with the file in the field \"file\"."));
        }
        // A multipart form is a "simple" cross-site request: with a sign-in cookie (not a bearer token) it must carry
        // the anti-forgery token, as every form of the site does.
        var bearer = request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        IFormCollection form;
        try
        {
            // Read the form first: the anti-forgery check then finds it buffered, and a too-large body fails here, as a 413.
            form = await request.ReadFormAsync(ct);
            if (!bearer && !await antiforgery.IsRequestValidAsync(http))
            {
                return TypedResults.Problem(Problems.Create(StatusCodes.Status400BadRequest, ProblemTypes.BadRequest,
                    "缺少或无效的防伪令牌（__RequestVerificationToken），请刷新页面后重试",
                    "The anti-forgery token (__RequestVerificationToken) is missing or invalid; reload the page and try again."));
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(null, max);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException)
        {
            return TypedResults.Problem(Problems.Create(StatusCodes.Status400BadRequest, ProblemTypes.BadRequest,
                "上传的表单格式不正确", "The uploaded form is malformed."));
        }
        var file = form.Files.GetFile(MaterialFiles.Field);
        if (file is null)
        {
            return Problems.Validation(MaterialFiles.Field, "required", "请选择要上传的文件（字段 file）", "Choose a file to upload (field \"file\").");
        }
        if (file.Length > max)
        {
            return TooLarge(file.FileName, max);
        }
        await using var stream = file.OpenReadStream();
        var result = await files.StageAsync(http.User, file.FileName, stream, ct);
        if (result.TooLarge)
        {
            return TooLarge(file.FileName, max);
        }
        if (!result.Succeeded)
        {
            return Problems.Validation(result.Errors);
        }
        return TypedResults.Created($"/api/v1/files/{result.File!.Id}", View(result.File));
    }

    private static IResult TooLarge(string? fileName, long max)
    {
        var e = UploadInspector.TooLarge(MaterialFiles.Field, fileName, max);
        var problem = Problems.Create(StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, e.MessageZh, e.MessageEn);
        problem.Extensions["limitBytes"] = max;
        return TypedResults.Problem(problem);
    }

    public static async Task<IResult> ListAsync(ClaimsPrincipal user, MaterialFiles files, string? state, CancellationToken ct)
    {
        StoredFileState? filter = null;
        if (!string.IsNullOrEmpty(state))
        {
            if (!Enum.TryParse<StoredFileState>(state, ignoreCase: true, out var s) || !Enum.IsDefined(s) || int.TryParse(state, out _))
            {
                return Problems.Validation("state", "state.invalid", "state 只能是 staged 或 attached", "state must be staged or attached.");
            }
            filter = s;
        }
        var list = await files.ListAsync(user.GetUserId()!.Value, filter, ct);
        return TypedResults.Ok(list.Select(View).ToList());
    }

    public static async Task<IResult> GetAsync(ClaimsPrincipal user, MaterialFiles files, Guid id, CancellationToken ct)
    {
        var info = await files.GetAsync(id, ct);
        return info is null || info.UploadedById != user.GetUserId() ? NotFound() : TypedResults.Ok(View(info));
    }

    public static async Task<IResult> DownloadAsync(ClaimsPrincipal user, MaterialFiles files, Guid id, CancellationToken ct)
    {
        var info = await files.GetAsync(id, ct);
        if (info is null || info.UploadedById != user.GetUserId())
        {
            return NotFound();
        }
        var opened = await files.OpenAsync(id, ct);
        if (opened is null)
        {
            return NotFound();
        }
        return TypedResults.Stream(opened.Content, opened.Info.ContentType, opened.Info.FileName);
    }

    // The same answer for "no such file" and "someone else's file": an id reveals nothing.
    private static IResult NotFound() => Problems.NotFound("材料文件不存在", "The file does not exist.");
}
