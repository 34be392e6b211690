using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using SmartGov.Core;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Organizations.Admin;
using SmartGov.Hub.Modules.Organizations.Model;

namespace SmartGov.Hub.Modules.Organizations.Apis;

public sealed record RegionDto(string Code, string Name, string Level, string? ParentCode);

public sealed record DepartmentDto(Guid Id, string Name, string? NameEn, string CreditCode, string RegionCode, bool IsActive);

public sealed record ServiceHallDto(Guid Id, string Name, string Level, string Address, string OpeningHours, string RegionCode, string? Phone);

/// <summary>Regions, departments and service halls. Anyone may read this public directory; only system admins write.</summary>
public static class OrganizationsApi
{
    public static IEndpointRouteBuilder MapOrganizationsApi(this IEndpointRouteBuilder app)
    {
        var regions = app.MapGroup("api/v1/regions").WithTags("Organizations");
        regions.MapGet("/", ListRegionsAsync).WithName("ListRegions").WithSummary("List regions / 行政区划列表");
        regions.MapGet("/{code}", GetRegionAsync).WithName("GetRegion").WithSummary("One region / 查看行政区划");
        regions.MapPost("/", CreateRegionAsync).WithName("CreateRegion").WithSummary("Create a region / 新增行政区划").RequireAuthorization(Policies.SystemAdmin);
        regions.MapPut("/{code}", UpdateRegionAsync).WithName("UpdateRegion").WithSummary("Update a region / 修改行政区划").RequireAuthorization(Policies.SystemAdmin);
        regions.MapDelete("/{code}", DeleteRegionAsync).WithName("DeleteRegion").WithSummary("Delete an unused region / 删除行政区划").RequireAuthorization(Policies.SystemAdmin);

        var departments = app.MapGroup("api/v1/departments").WithTags("Organizations");
        departments.MapGet("/", ListDepartmentsAsync).WithName("ListDepartments").WithSummary("List departments / 部门列表");
        departments.MapGet("/{id:guid}", GetDepartmentAsync).WithName("GetDepartment").WithSummary("One department / 查看部门");
        departments.MapPost("/", CreateDepartmentAsync).WithName("CreateDepartment").WithSummary("Create a department / 新增部门").RequireAuthorization(Policies.SystemAdmin);
        departments.MapPut("/{id:guid}", UpdateDepartmentAsync).WithName("UpdateDepartment").WithSummary("Update a department / 修改部门").RequireAuthorization(Policies.SystemAdmin);
        departments.MapDelete("/{id:guid}", DeactivateDepartmentAsync).WithName("DeactivateDepartment").WithSummary("Deactivate a department / 停用部门").RequireAuthorization(Policies.SystemAdmin);

        var halls = app.MapGroup("api/v1/service-halls").WithTags("Organizations");
        halls.MapGet("/", ListHallsAsync).WithName("ListServiceHalls").WithSummary("List service halls / 服务大厅列表");
        halls.MapGet("/{id:guid}", GetHallAsync).WithName("GetServiceHall").WithSummary("One service hall / 查看服务大厅");
        halls.MapPost("/", CreateHallAsync).WithName("CreateServiceHall").WithSummary("Create a service hall / 新增服务大厅").RequireAuthorization(Policies.SystemAdmin);
        halls.MapPut("/{id:guid}", UpdateHallAsync).WithName("UpdateServiceHall").WithSummary("Update a service hall / 修改服务大厅").RequireAuthorization(Policies.SystemAdmin);
        halls.MapDelete("/{id:guid}", DeleteHallAsync).WithName("DeleteServiceHall").WithSummary("Delete a service hall / 删除服务大厅").RequireAuthorization(Policies.SystemAdmin);
        return app;
    }

    internal static RegionDto ToDto(Region r) => new(r.Code, r.Name, r.Level.ToString(), r.ParentCode);
    internal static DepartmentDto ToDto(Department d) => new(d.Id, d.Name, d.NameEn, d.CreditCode, d.RegionCode, d.IsActive);
    internal static ServiceHallDto ToDto(ServiceHall h) => new(h.Id, h.Name, h.Level.ToString(), h.Address, h.OpeningHours, h.RegionCode, h.Phone);

    public static async Task<Ok<List<RegionDto>>> ListRegionsAsync(SmartGovDbContext db, string? parent, CancellationToken ct)
    {
        var q = db.Set<Region>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(parent))
        {
            q = q.Where(r => r.ParentCode == parent);
        }
        var list = await q.OrderBy(r => r.Code).ToListAsync(ct);
        return TypedResults.Ok(list.Select(ToDto).ToList());
    }

    public static async Task<Results<Ok<RegionDto>, ProblemHttpResult>> GetRegionAsync(SmartGovDbContext db, string code, CancellationToken ct)
    {
        var region = await db.Set<Region>().AsNoTracking().FirstOrDefaultAsync(r => r.Code == code, ct);
        return region is null ? Problems.NotFound($"行政区划 {code} 不存在", $"Region {code} does not exist.") : TypedResults.Ok(ToDto(region));
    }

    public static async Task<Results<Created<RegionDto>, ProblemHttpResult>> CreateRegionAsync(OrganizationAdmin admin, RegionInput input, CancellationToken ct)
    {
        var result = await admin.CreateRegionAsync(input, ct);
        return result.Succeeded ? TypedResults.Created($"/api/v1/regions/{result.Value!.Code}", ToDto(result.Value)) : ToProblem(result);
    }

    public static async Task<Results<Ok<RegionDto>, ProblemHttpResult>> UpdateRegionAsync(OrganizationAdmin admin, string code, RegionInput input, CancellationToken ct)
    {
        var result = await admin.UpdateRegionAsync(code, input, ct);
        return result.Succeeded ? TypedResults.Ok(ToDto(result.Value!)) : ToProblem(result);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteRegionAsync(OrganizationAdmin admin, string code, CancellationToken ct)
    {
        var result = await admin.DeleteRegionAsync(code, ct);
        return result.Succeeded ? TypedResults.NoContent() : ToProblem(result);
    }

    public static async Task<Ok<List<DepartmentDto>>> ListDepartmentsAsync(SmartGovDbContext db, bool? includeInactive, CancellationToken ct)
    {
        var q = db.Set<Department>().AsNoTracking();
        if (includeInactive != true)
        {
            q = q.Where(d => d.IsActive);
        }
        var list = await q.OrderBy(d => d.Name).ToListAsync(ct);
        return TypedResults.Ok(list.Select(ToDto).ToList());
    }

    public static async Task<Results<Ok<DepartmentDto>, ProblemHttpResult>> GetDepartmentAsync(SmartGovDbContext db, Guid id, CancellationToken ct)
    {
        var d = await db.Set<Department>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        return d is null ? Problems.NotFound("部门不存在", "The department does not exist.") : TypedResults.Ok(ToDto(d));
    }

    public static async Task<Results<Created<DepartmentDto>, ProblemHttpResult>> CreateDepartmentAsync(OrganizationAdmin admin, DepartmentInput input, CancellationToken ct)
    {
        var result = await admin.CreateDepartmentAsync(input, ct);
        return result.Succeeded ? TypedResults.Created($"/api/v1/departments/{result.Value!.Id}", ToDto(result.Value)) : ToProblem(result);
    }

    public static async Task<Results<Ok<DepartmentDto>, ProblemHttpResult>> UpdateDepartmentAsync(OrganizationAdmin admin, Guid id, DepartmentInput input, CancellationToken ct)
    {
        var result = await admin.UpdateDepartmentAsync(id, input, ct);
        return result.Succeeded ? TypedResults.Ok(ToDto(result.Value!)) : ToProblem(result);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeactivateDepartmentAsync(OrganizationAdmin admin, Guid id, CancellationToken ct)
    {
        var result = await admin.DeactivateDepartmentAsync(id, ct);
        return result.Succeeded ? TypedResults.NoContent() : ToProblem(result);
    }

    public static async Task<Ok<List<ServiceHallDto>>> ListHallsAsync(SmartGovDbContext db, string? regionCode, CancellationToken ct)
    {
        var q = db.Set<ServiceHall>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(regionCode))
        {
            q = q.Where(h => h.RegionCode == regionCode);
        }
        var list = await q.OrderBy(h => h.Level).ThenBy(h => h.Name).ToListAsync(ct);
        return TypedResults.Ok(list.Select(ToDto).ToList());
    }

    public static async Task<Results<Ok<ServiceHallDto>, ProblemHttpResult>> GetHallAsync(SmartGovDbContext db, Guid id, CancellationToken ct)
    {
        var h = await db.Set<ServiceHall>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        return h is null ? Problems.NotFound("服务大厅不存在", "The service hall does not exist.") : TypedResults.Ok(ToDto(h));
    }

    public static async Task<Results<Created<ServiceHallDto>, ProblemHttpResult>> CreateHallAsync(OrganizationAdmin admin, ServiceHallInput input, CancellationToken ct)
    {
        var result = await admin.CreateHallAsync(input, ct);
        return result.Succeeded ? TypedResults.Created($"/api/v1/service-halls/{result.Value!.Id}", ToDto(result.Value)) : ToProblem(result);
    }

    public static async Task<Results<Ok<ServiceHallDto>, ProblemHttpResult>> UpdateHallAsync(OrganizationAdmin admin, Guid id, ServiceHallInput input, CancellationToken ct)
    {
        var result = await admin.UpdateHallAsync(id, input, ct);
        return result.Succeeded ? TypedResults.Ok(ToDto(result.Value!)) : ToProblem(result);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteHallAsync(OrganizationAdmin admin, Guid id, CancellationToken ct)
    {
        var result = await admin.DeleteHallAsync(id, ct);
        return result.Succeeded ? TypedResults.NoContent() : ToProblem(result);
    }

    private static ProblemHttpResult ToProblem<T>(AdminResult<T> result) where T : class
    {
        if (result.NotFound)
        {
            return Problems.NotFound("记录不存在", "The record does not exist.");
        }
        if (result.Conflict is { } conflict)
        {
            return Problems.Conflict(conflict.Zh, conflict.En);
        }
        return Problems.Validation(result.Errors);
    }
}
