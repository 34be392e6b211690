using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SmartGov.Core;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Catalog.Export;
using SmartGov.Hub.Modules.Catalog.Search;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Hub.Modules.Catalog.Apis;

public sealed record PublishResourceResponse(bool Created, ResourceView Resource);

/// <summary>
/// The resource catalog and sharing requests. Reading is open: the public sees the resources open to the public,
/// signed-in staff and department systems the whole internal catalog. Registering is for the provider department's data
/// administrator (or the system administrator); sharing requests are made, decided and revoked by departments.
/// </summary>
public static class CatalogApi
{
    public const int JsonLdPageSize = 100;

    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("api/v1/catalog").WithTags("Catalog");
        g.MapGet("/classifications", () => TypedResults.Ok(CatalogClassification.All)).WithName("ListCatalogClassifications")
            .WithSummary("The classification code table: 类, 项, 目, 细目 / 资源分类代码表");
        g.MapGet("/resources", SearchAsync).WithName("SearchCatalogResources")
            .WithSummary("Search or browse the resource catalog, with facets / 搜索或浏览资源目录（分面）");
        g.MapGet("/resources/{code}", GetAsync).WithName("GetCatalogResource")
            .WithSummary("A resource's current version / 资源当前版本");
        g.MapGet("/resources/{code}/versions", ListVersionsAsync).WithName("ListCatalogResourceVersions")
            .WithSummary("All versions of a resource, newest first / 资源的历史版本");
        g.MapGet("/resources/{code}/versions/{version:int}", GetVersionAsync).WithName("GetCatalogResourceVersion")
            .WithSummary("One version of a resource / 资源的某一版本");
        g.MapPost("/resources", CreateAsync).WithName("CreateCatalogResource").RequireAuthorization()
            .WithSummary("Register a resource (version 1) / 登记资源");
        g.MapPut("/resources/{code}", PublishAsync).WithName("PublishCatalogResourceVersion").RequireAuthorization()
            .WithSummary("Publish a new version of a resource / 发布资源新版本");
        g.MapGet("/export", ExportAsync).WithName("ExportCatalog")
            .WithSummary("Export as xlsx, json or jsonld (DCAT-AP 3); scope=internal needs a data administrator / 导出资源目录");
        g.MapPost("/sharing-requests", RequestAsync).WithName("CreateSharingRequest").RequireAuthorization()
            .WithSummary("Request another department's resource / 提出共享申请");
        g.MapGet("/sharing-requests", ListRequestsAsync).WithName("ListSharingRequests").RequireAuthorization()
            .WithSummary("The department's outgoing or incoming requests / 本部门的共享申请");
        g.MapGet("/sharing-requests/{id:guid}", GetRequestAsync).WithName("GetSharingRequest").RequireAuthorization()
            .WithSummary("One sharing request / 共享申请详情");
        g.MapPost("/sharing-requests/{id:guid}/decision", DecideAsync).WithName("DecideSharingRequest").RequireAuthorization()
            .WithSummary("Approve or reject a pending request (provider) / 审核共享申请");
        g.MapPost("/sharing-requests/{id:guid}/revoke", RevokeAsync).WithName("RevokeSharingRequest").RequireAuthorization()
            .WithSummary("Revoke a grant (requester or provider) / 撤销共享授权");
        g.MapGet("/grants", GrantsAsync).WithName("ListActiveSharingGrants").RequireAuthorization(Policies.Staff)
            .WithSummary("Grants in force now: what the exchange center turns into access rights / 有效的共享授权");

        app.MapGet("/catalog.jsonld", JsonLdAsync).WithTags("Catalog").WithName("CatalogJsonLd")
            .Produces(StatusCodes.Status200OK, contentType: CatalogExport.JsonLdContentType)
            .WithSummary("DCAT-AP 3 JSON-LD of the resources open to the public, paged (?page=N) with hydra:PagedCollection / 开放目录（DCAT-AP）");
        return app;
    }

    public static async Task<Results<Ok<ResourceSearchResult>, ProblemHttpResult>> SearchAsync(
        ResourceSearchIndex index, ClaimsPrincipal user, string? q, Guid? departmentId, string? classification, string? sharingType, string? format,
        int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var query = ParseQuery(errors, q, departmentId, classification, sharingType, format, page, pageSize, CatalogAccess.SeesInternalCatalog(user));
        return query is null ? Problems.Validation(errors.All) : TypedResults.Ok(await index.SearchAsync(query, ct));
    }

    /// <summary>Shared with the portal page, so that both read a query the same way.</summary>
    public static ResourceSearchQuery? ParseQuery(FieldErrors errors, string? q, Guid? departmentId, string? classification, string? sharingType, string? format,
        int? page, int? pageSize, bool includeInternal)
    {
        SharingType? sharing = null;
        ResourceFormat? fmt = null;
        var c = string.IsNullOrWhiteSpace(classification) ? null : classification.Trim();
        if (c is not null && CatalogClassification.Find(c) is null)
        {
            errors.Add("classification", "classification.unknown", $"资源分类“{c}”不存在", $"Classification '{c}' does not exist.");
        }
        if (!string.IsNullOrWhiteSpace(sharingType))
        {
            if (CatalogNames.TryParse<SharingType>(sharingType, CatalogNames.Of, out var s)) { sharing = s; }
            else { errors.Add("sharingType", "sharingType.unknown", $"共享类型“{sharingType}”不存在", $"Sharing type '{sharingType}' does not exist."); }
        }
        if (!string.IsNullOrWhiteSpace(format))
        {
            if (CatalogNames.TryParse<ResourceFormat>(format, CatalogNames.Of, out var f)) { fmt = f; }
            else { errors.Add("format", "format.unknown", $"资源格式“{format}”不存在", $"Format '{format}' does not exist."); }
        }
        if (page is < 1 or > 10_000)
        {
            errors.Add("page", "page.range", "页码应在 1 到 10000 之间", "The page must be between 1 and 10000.");
        }
        if (pageSize is < 1 or > 100)
        {
            errors.Add("pageSize", "pageSize.range", "每页条数应在 1 到 100 之间", "The page size must be between 1 and 100.");
        }
        if (q is { Length: > 100 })
        {
            errors.Add("q", "q.too-long", "搜索词不能超过 100 个字", "The search text must be at most 100 characters.");
        }
        return errors.Any ? null : new ResourceSearchQuery(q, departmentId, c, sharing, fmt, page ?? 1, pageSize ?? 20, includeInternal);
    }

    public static async Task<Results<Ok<ResourceView>, ProblemHttpResult>> GetAsync(ResourceCatalog catalog, ClaimsPrincipal user, string code, CancellationToken ct)
    {
        var r = await catalog.FindCurrentAsync(code, ct);
        return r is null || !Visible(user, r) ? NotFound(code) : TypedResults.Ok(r);
    }

    public static async Task<Results<Ok<IReadOnlyList<ResourceVersionSummary>>, ProblemHttpResult>> ListVersionsAsync(ResourceCatalog catalog, ClaimsPrincipal user, string code, CancellationToken ct)
    {
        var r = await catalog.FindCurrentAsync(code, ct);
        return r is null || !Visible(user, r) ? NotFound(code) : TypedResults.Ok(await catalog.ListVersionsAsync(code, ct));
    }

    public static async Task<Results<Ok<ResourceView>, ProblemHttpResult>> GetVersionAsync(ResourceCatalog catalog, ClaimsPrincipal user, string code, int version, CancellationToken ct)
    {
        var current = await catalog.FindCurrentAsync(code, ct);
        if (current is null || !Visible(user, current))
        {
            return NotFound(code);
        }
        var r = await catalog.FindVersionAsync(code, version, ct);
        return r is null ? Problems.NotFound($"资源 {code} 没有第 {version} 版", $"Resource {code} has no version {version}.") : TypedResults.Ok(r);
    }

    /// <summary>The public sees what is open to the public now; staff see everything.</summary>
    public static bool Visible(ClaimsPrincipal user, ResourceView r) => r.OpenToPublic || CatalogAccess.SeesInternalCatalog(user);

    public static async Task<Results<Created<PublishResourceResponse>, ProblemHttpResult>> CreateAsync(ResourceCatalog catalog, ClaimsPrincipal user, ResourceInput input, CancellationToken ct)
    {
        var result = await catalog.PublishAsync(user, null, input, ct);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/catalog/resources/{result.Value!.Resource.Code}", new PublishResourceResponse(true, result.Value.Resource))
            : ToProblem(result);
    }

    public static async Task<Results<Ok<PublishResourceResponse>, ProblemHttpResult>> PublishAsync(ResourceCatalog catalog, ClaimsPrincipal user, string code, ResourceInput input, CancellationToken ct)
    {
        var result = await catalog.PublishAsync(user, code, input, ct);
        return result.Succeeded ? TypedResults.Ok(new PublishResourceResponse(false, result.Value!.Resource)) : ToProblem(result);
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(
        ResourceCatalog catalog, IOrganizationDirectory organizations, IAuditSink audit, TimeProvider clock, HttpContext http, string? format, string? scope, CancellationToken ct)
    {
        var user = http.User;
        var fmt = (format ?? "json").Trim().ToLowerInvariant();
        var internalScope = string.Equals(scope, "internal", StringComparison.OrdinalIgnoreCase);
        if (fmt is not ("json" or "xlsx" or "jsonld"))
        {
            return Problems.Validation("format", "format.unknown", "导出格式应为 xlsx、json 或 jsonld", "The export format must be xlsx, json or jsonld.");
        }
        if (scope is not null && !internalScope && !string.Equals(scope, "public", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Validation("scope", "scope.unknown", "范围应为 public 或 internal", "The scope must be public or internal.");
        }
        if (internalScope)
        {
            var denied = await InternalDeniedAsync(user, audit, ct);
            if (denied is not null)
            {
                return denied;
            }
        }
        var list = await catalog.ListCurrentAsync(publicOnly: !internalScope, ct);
        if (internalScope)
        {
            await audit.WriteAsync(new AuditEvent(AuditActions.Export, SubjectType: ResourceCatalog.AuditSubject, SubjectId: "catalog", Details: $"internal {fmt}, {list.Count} resources"), ct);
        }
        var stamp = ChinaTime.Today(clock).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var name = $"resource-catalog-{(internalScope ? "internal" : "public")}-{stamp}";
        switch (fmt)
        {
            case "xlsx":
                return TypedResults.File(CatalogExport.ToXlsx(list), CatalogExport.XlsxContentType, name + ".xlsx");
            case "jsonld":
                var (pubName, pubCode) = await PublisherAsync(organizations, ct);
                var bytes = CatalogExport.ToJsonLd(list, list.Count, new JsonLdPage(1, Math.Max(1, list.Count), BaseUrl(http), BaseUrl(http) + "/api/v1/catalog/export"), pubName, pubCode);
                return TypedResults.File(bytes, CatalogExport.JsonLdContentType, name + ".jsonld");
            default:
                return TypedResults.File(CatalogExport.ToJson(list, clock.GetUtcNow().UtcDateTime), "application/json", name + ".json");
        }
    }

    /// <summary>GET /catalog.jsonld: the public catalog, 100 datasets a page; ?scope=internal with a data administrator's token or session.</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> JsonLdAsync(
        ResourceCatalog catalog, IOrganizationDirectory organizations, IAuditSink audit, HttpContext http, int? page, string? scope, CancellationToken ct)
    {
        var internalScope = string.Equals(scope, "internal", StringComparison.OrdinalIgnoreCase);
        if (page is < 1 or > 100_000)
        {
            return Problems.Validation("page", "page.range", "页码应不小于 1", "The page must be 1 or more.");
        }
        if (internalScope)
        {
            if (await InternalDeniedAsync(http.User, audit, ct) is { } denied)
            {
                return denied;
            }
            await audit.WriteAsync(new AuditEvent(AuditActions.Export, SubjectType: ResourceCatalog.AuditSubject, SubjectId: "catalog", Details: $"internal jsonld page {page ?? 1}"), ct);
        }
        var all = await catalog.ListCurrentAsync(publicOnly: !internalScope, ct);
        var n = page ?? 1;
        var items = all.Skip((n - 1) * JsonLdPageSize).Take(JsonLdPageSize).ToList();
        var (pubName, pubCode) = await PublisherAsync(organizations, ct);
        var collection = BaseUrl(http) + "/catalog.jsonld";
        if (internalScope)
        {
            collection += "?scope=internal";
        }
        var bytes = CatalogExport.ToJsonLd(items, all.Count, new JsonLdPage(n, JsonLdPageSize, BaseUrl(http), collection), pubName, pubCode);
        return TypedResults.File(bytes, CatalogExport.JsonLdContentType);
    }

    private static async Task<ProblemHttpResult?> InternalDeniedAsync(ClaimsPrincipal user, IAuditSink audit, CancellationToken ct)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return TypedResults.Problem(Problems.Create(StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized,
                "导出完整的内部目录需要数据管理员登录或部门系统的 API 令牌（Authorization: Bearer sgv_…）",
                "The full internal catalog needs a data administrator's session or a department system's API token (Authorization: Bearer sgv_…)."));
        }
        if (!CatalogAccess.CanExportInternal(user))
        {
            await audit.WriteAsync(new AuditEvent(AuditActions.Export, AuditOutcomes.Denied, ResourceCatalog.AuditSubject, "catalog", Details: "internal export refused"), ct);
            return Problems.Forbidden("只有数据管理员、系统管理员或部门系统可以导出完整的内部目录", "Only a data administrator, the system administrator or a department system may export the internal catalog.");
        }
        return null;
    }

    /// <summary>The catalog's publisher: the big data bureau (大数据局) when there is one, else the first department.</summary>
    private static async Task<(string Name, string Code)> PublisherAsync(IOrganizationDirectory organizations, CancellationToken ct)
    {
        var departments = await organizations.ListDepartmentsAsync(ct);
        var d = departments.FirstOrDefault(x => x.Name.Contains("大数据", StringComparison.Ordinal)) ?? departments.FirstOrDefault();
        return d is null ? ("SmartGov", "smartgov") : (d.Name, d.CreditCode);
    }

    private static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    // ---- sharing requests ----

    public static async Task<Results<Created<SharingRequestView>, ProblemHttpResult>> RequestAsync(SharingRequests requests, ClaimsPrincipal user, SharingRequestInput input, CancellationToken ct)
    {
        var result = await requests.RequestAsync(user, input, ct);
        return result.Succeeded ? TypedResults.Created($"/api/v1/catalog/sharing-requests/{result.Value!.Id}", result.Value) : ToProblem(result);
    }

    public static async Task<Results<Ok<IReadOnlyList<SharingRequestView>>, ProblemHttpResult>> ListRequestsAsync(
        SharingRequests requests, ClaimsPrincipal user, string? direction, string? status, CancellationToken ct)
    {
        if (user.GetDepartmentId() is not { } department)
        {
            return Problems.Forbidden("只有部门人员可以查看共享申请", "Only department staff see sharing requests.");
        }
        var incoming = string.Equals(direction, "incoming", StringComparison.OrdinalIgnoreCase);
        if (direction is not null && !incoming && !string.Equals(direction, "outgoing", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Validation("direction", "direction.unknown", "direction 应为 outgoing 或 incoming", "direction must be outgoing or incoming.");
        }
        SharingRequestStatus? s = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (CatalogNames.TryParse<SharingRequestStatus>(status, CatalogNames.Of, out var parsed)) { s = parsed; }
            else { return Problems.Validation("status", "status.unknown", $"状态“{status}”不存在", $"Status '{status}' does not exist."); }
        }
        return TypedResults.Ok(await requests.ListAsync(department, incoming, s, ct));
    }

    public static async Task<Results<Ok<SharingRequestView>, ProblemHttpResult>> GetRequestAsync(SharingRequests requests, ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var r = await requests.GetAsync(user, id, ct);
        return r is null ? RequestNotFound() : TypedResults.Ok(r);
    }

    public static async Task<Results<Ok<SharingRequestView>, ProblemHttpResult>> DecideAsync(SharingRequests requests, ClaimsPrincipal user, Guid id, SharingDecisionInput input, CancellationToken ct)
    {
        var result = await requests.DecideAsync(user, id, input, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value!) : ToProblem(result);
    }

    public static async Task<Results<Ok<SharingRequestView>, ProblemHttpResult>> RevokeAsync(SharingRequests requests, ClaimsPrincipal user, Guid id, SharingRevokeInput? input, CancellationToken ct)
    {
        var result = await requests.RevokeAsync(user, id, input ?? new SharingRevokeInput(null), ct);
        return result.Succeeded ? TypedResults.Ok(result.Value!) : ToProblem(result);
    }

    public static async Task<Ok<IReadOnlyList<SharingGrant>>> GrantsAsync(ICatalogSharing sharing, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await sharing.ActiveGrantsAsync(clock.GetUtcNow().UtcDateTime, ct));

    private static ProblemHttpResult NotFound(string code) => Problems.NotFound($"资源 {code} 不存在", $"Resource {code} does not exist.");

    private static ProblemHttpResult RequestNotFound() => Problems.NotFound("共享申请不存在", "The sharing request does not exist.");

    private static ProblemHttpResult ToProblem<T>(CatalogResult<T> result) where T : class
    {
        if (result.NotFound)
        {
            return Problems.NotFound("未找到", "Not found.");
        }
        if (result.Forbidden is { } f)
        {
            return Problems.Forbidden(f.Zh, f.En);
        }
        if (result.Conflict is { } c)
        {
            return Problems.Conflict(c.Zh, c.En);
        }
        return Problems.Validation(result.Errors);
    }
}
