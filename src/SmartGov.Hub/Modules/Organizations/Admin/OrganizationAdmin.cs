using Microsoft.EntityFrameworkCore;
using SmartGov.Core;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Organizations.Model;

namespace SmartGov.Hub.Modules.Organizations.Admin;

public sealed record RegionInput(string? Code, string? Name, string? ParentCode);

public sealed record DepartmentInput(string? Name, string? NameEn, string? CreditCode, string? RegionCode, bool? IsActive = null);

public sealed record ServiceHallInput(string? Name, HallLevel? Level, string? Address, string? OpeningHours, string? RegionCode, string? Phone);

/// <summary>Outcome of an admin write: the entity, or field errors, or a conflict or not-found message.</summary>
public sealed record AdminResult<T>(T? Value, IReadOnlyList<FieldError> Errors, (string Zh, string En)? Conflict = null, bool NotFound = false)
    where T : class
{
    public bool Succeeded => Value is not null && Errors.Count == 0 && Conflict is null && !NotFound;
}

/// <summary>Create, update and delete regions, departments and halls. Used by the API and by the console pages.</summary>
public sealed class OrganizationAdmin(SmartGovDbContext db, IAuditSink audit, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    // ---- Regions ----

    public async Task<AdminResult<Region>> CreateRegionAsync(RegionInput input, CancellationToken ct = default)
    {
        var errors = await ValidateRegionAsync(input, isNew: true, ct);
        if (errors.Any)
        {
            return new(null, errors.All);
        }
        var code = RegionCode.Normalize(input.Code!);
        if (await db.Set<Region>().AnyAsync(r => r.Code == code, ct))
        {
            return new(null, [], ($"行政区划代码 {code} 已存在", $"Region code {code} already exists."));
        }
        var region = new Region
        {
            Code = code,
            Name = input.Name!.Trim(),
            Level = RegionCode.Level(code),
            ParentCode = string.IsNullOrWhiteSpace(input.ParentCode) ? null : RegionCode.Normalize(input.ParentCode),
            CreatedAt = Now,
            UpdatedAt = Now,
        };
        db.Add(region);
        audit.Record(new AuditEvent(AuditActions.Create, SubjectType: "region", SubjectId: code, Details: region.Name));
        await db.SaveChangesAsync(ct);
        DirectoryCache.Invalidate();
        return new(region, []);
    }

    public async Task<AdminResult<Region>> UpdateRegionAsync(string code, RegionInput input, CancellationToken ct = default)
    {
        var region = await db.Set<Region>().FindAsync([code], ct);
        if (region is null)
        {
            return new(null, [], NotFound: true);
        }
        var errors = await ValidateRegionAsync(input with { Code = code }, isNew: false, ct);
        if (errors.Any)
        {
            return new(null, errors.All);
        }
        region.Name = input.Name!.Trim();
        region.ParentCode = string.IsNullOrWhiteSpace(input.ParentCode) ? null : RegionCode.Normalize(input.ParentCode);
        region.UpdatedAt = Now;
        audit.Record(new AuditEvent(AuditActions.Update, SubjectType: "region", SubjectId: code, Details: region.Name));
        await db.SaveChangesAsync(ct);
        DirectoryCache.Invalidate();
        return new(region, []);
    }

    public async Task<AdminResult<Region>> DeleteRegionAsync(string code, CancellationToken ct = default)
    {
        var region = await db.Set<Region>().FindAsync([code], ct);
        if (region is null)
        {
            return new(null, [], NotFound: true);
        }
        var inUse = await db.Set<Region>().AnyAsync(r => r.ParentCode == code, ct)
            || await db.Set<Department>().AnyAsync(d => d.RegionCode == code, ct)
            || await db.Set<ServiceHall>().AnyAsync(h => h.RegionCode == code, ct);
        if (inUse)
        {
            return new(null, [], ("该区划下还有下级区划、部门或服务大厅，不能删除", "The region still has subregions, departments or halls; it cannot be deleted."));
        }
        db.Remove(region);
        audit.Record(new AuditEvent(AuditActions.Delete, SubjectType: "region", SubjectId: code, Details: region.Name));
        await db.SaveChangesAsync(ct);
        DirectoryCache.Invalidate();
        return new(region, []);
    }

    private async Task<FieldErrors> ValidateRegionAsync(RegionInput input, bool isNew, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (isNew)
        {
            errors.Check("code", RegionCode.Validate(input.Code));
        }
        errors.Required("name", input.Name, "区划名称", "Region name", 100);
        // Below the city every division hangs under its parent, or it would vanish from the tree (and from ?parent= lists).
        if (string.IsNullOrWhiteSpace(input.ParentCode) && !errors.Any && RegionCode.Level(RegionCode.Normalize(input.Code!)) >= RegionLevel.County)
        {
            errors.Add("parentCode", "region.parent-required", "区县及以下区划须填写上级区划代码", "A county, township or village needs its parent region code.");
        }
        if (!string.IsNullOrWhiteSpace(input.ParentCode) && !errors.Any)
        {
            var parent = RegionCode.Normalize(input.ParentCode);
            var code = RegionCode.Normalize(input.Code!);
            if (!await db.Set<Region>().AnyAsync(r => r.Code == parent, ct))
            {
                errors.Add("parentCode", "region.parent-missing", $"上级区划 {parent} 不存在", $"The parent region {parent} does not exist.");
            }
            else if (!RegionCode.IsWithin(code, parent) || parent == code)
            {
                errors.Add("parentCode", "region.parent-mismatch", $"区划代码 {code} 不属于上级区划 {parent}", $"Region {code} does not lie within {parent}.");
            }
        }
        return errors;
    }

    // ---- Departments ----

    public async Task<AdminResult<Department>> CreateDepartmentAsync(DepartmentInput input, CancellationToken ct = default)
    {
        var errors = await ValidateDepartmentAsync(input, ct);
        if (errors.Any)
        {
            return new(null, errors.All);
        }
        var creditCode = CreditCode.Normalize(input.CreditCode!);
        if (await db.Set<Department>().AnyAsync(d => d.CreditCode == creditCode, ct))
        {
            return new(null, [], ($"统一社会信用代码 {creditCode} 已被其他部门使用", $"Credit code {creditCode} is already used by another department."));
        }
        var department = new Department
        {
            Id = Guid.CreateVersion7(),
            Name = input.Name!.Trim(),
            NameEn = input.NameEn?.Trim(),
            CreditCode = creditCode,
            RegionCode = RegionCode.Normalize(input.RegionCode!),
            IsActive = input.IsActive ?? true,
            CreatedAt = Now,
            UpdatedAt = Now,
        };
        db.Add(department);
        audit.Record(new AuditEvent(AuditActions.Create, SubjectType: "department", SubjectId: department.Id.ToString(), Details: department.Name));
        await db.SaveChangesAsync(ct);
        DirectoryCache.Invalidate();
        return new(department, []);
    }

    public async Task<AdminResult<Department>> UpdateDepartmentAsync(Guid id, DepartmentInput input, CancellationToken ct = default)
    {
        var department = await db.Set<Department>().FindAsync([id], ct);
        if (department is null)
        {
            return new(null, [], NotFound: true);
        }
        var errors = await ValidateDepartmentAsync(input, ct);
        if (errors.Any)
        {
            return new(null, errors.All);
        }
        var creditCode = CreditCode.Normalize(input.CreditCode!);
        if (await db.Set<Department>().AnyAsync(d => d.CreditCode == creditCode && d.Id != id, ct))
        {
            return new(null, [], ($"统一社会信用代码 {creditCode} 已被其他部门使用", $"Credit code {creditCode} is already used by another department."));
        }
        department.Name = input.Name!.Trim();
        department.NameEn = input.NameEn?.Trim();
        department.CreditCode = creditCode;
        department.RegionCode = RegionCode.Normalize(input.RegionCode!);
        department.IsActive = input.IsActive ?? department.IsActive;
        department.UpdatedAt = Now;
        audit.Record(new AuditEvent(AuditActions.Update, SubjectType: "department", SubjectId: id.ToString(), Details: department.Name));
        await db.SaveChangesAsync(ct);
        DirectoryCache.Invalidate();
        return new(department, []);
    }

    /// <summary>Departments are deactivated, never erased: staff, applications and audit entries keep pointing at them.</summary>
    public async Task<AdminResult<Department>> DeactivateDepartmentAsync(Guid id, CancellationToken ct = default)
    {
        var department = await db.Set<Department>().FindAsync([id], ct);
        if (department is null)
        {
            return new(null, [], NotFound: true);
        }
        department.IsActive = false;
        department.UpdatedAt = Now;
        audit.Record(new AuditEvent(AuditActions.Delete, SubjectType: "department", SubjectId: id.ToString(), Details: department.Name));
        await db.SaveChangesAsync(ct);
        DirectoryCache.Invalidate();
        return new(department, []);
    }

    private async Task<FieldErrors> ValidateDepartmentAsync(DepartmentInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Required("name", input.Name, "部门名称", "Department name", 100);
        if (input.NameEn is { Length: > 200 })
        {
            errors.Add("nameEn", "too-long", "英文名称不能超过 200 个字符", "The English name must be at most 200 characters.");
        }
        errors.Check("creditCode", CreditCode.Validate(input.CreditCode));
        await CheckRegionExistsAsync(errors, "regionCode", input.RegionCode, ct);
        return errors;
    }

    private async Task CheckRegionExistsAsync(FieldErrors errors, string field, string? code, CancellationToken ct)
    {
        var check = RegionCode.Validate(code);
        if (!check.IsValid)
        {
            errors.Check(field, check);
            return;
        }
        var trimmed = RegionCode.Normalize(code!);
        if (!await db.Set<Region>().AnyAsync(r => r.Code == trimmed, ct))
        {
            errors.Add(field, "region.unknown", $"行政区划 {trimmed} 不在本市区划目录中", $"Region {trimmed} is not in the city's region directory.");
        }
    }

    // ---- Service halls ----

    public async Task<AdminResult<ServiceHall>> CreateHallAsync(ServiceHallInput input, CancellationToken ct = default)
    {
        var errors = await ValidateHallAsync(input, ct);
        if (errors.Any)
        {
            return new(null, errors.All);
        }
        var hall = new ServiceHall
        {
            Id = Guid.CreateVersion7(),
            Name = input.Name!.Trim(),
            Level = input.Level!.Value,
            Address = input.Address!.Trim(),
            OpeningHours = input.OpeningHours!.Trim(),
            RegionCode = RegionCode.Normalize(input.RegionCode!),
            Phone = input.Phone?.Trim(),
            CreatedAt = Now,
            UpdatedAt = Now,
        };
        db.Add(hall);
        audit.Record(new AuditEvent(AuditActions.Create, SubjectType: "service-hall", SubjectId: hall.Id.ToString(), Details: hall.Name));
        await db.SaveChangesAsync(ct);
        DirectoryCache.Invalidate();
        return new(hall, []);
    }

    public async Task<AdminResult<ServiceHall>> UpdateHallAsync(Guid id, ServiceHallInput input, CancellationToken ct = default)
    {
        var hall = await db.Set<ServiceHall>().FindAsync([id], ct);
        if (hall is null)
        {
            return new(null, [], NotFound: true);
        }
        var errors = await ValidateHallAsync(input, ct);
        if (errors.Any)
        {
            return new(null, errors.All);
        }
        hall.Name = input.Name!.Trim();
        hall.Level = input.Level!.Value;
        hall.Address = input.Address!.Trim();
        hall.OpeningHours = input.OpeningHours!.Trim();
        hall.RegionCode = RegionCode.Normalize(input.RegionCode!);
        hall.Phone = input.Phone?.Trim();
        hall.UpdatedAt = Now;
        audit.Record(new AuditEvent(AuditActions.Update, SubjectType: "service-hall", SubjectId: id.ToString(), Details: hall.Name));
        await db.SaveChangesAsync(ct);
        DirectoryCache.Invalidate();
        return new(hall, []);
    }

    public async Task<AdminResult<ServiceHall>> DeleteHallAsync(Guid id, CancellationToken ct = default)
    {
        var hall = await db.Set<ServiceHall>().FindAsync([id], ct);
        if (hall is null)
        {
            return new(null, [], NotFound: true);
        }
        db.Remove(hall);
        audit.Record(new AuditEvent(AuditActions.Delete, SubjectType: "service-hall", SubjectId: id.ToString(), Details: hall.Name));
        await db.SaveChangesAsync(ct);
        DirectoryCache.Invalidate();
        return new(hall, []);
    }

    private async Task<FieldErrors> ValidateHallAsync(ServiceHallInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Required("name", input.Name, "大厅名称", "Hall name", 100);
        if (input.Level is null || !Enum.IsDefined(input.Level.Value))
        {
            errors.Add("level", "hall.level", "请选择大厅层级（市、区县、街道、社区）", "Choose the hall level (City, District, Street, Community).");
        }
        errors.Required("address", input.Address, "地址", "Address", 300);
        errors.Required("openingHours", input.OpeningHours, "办公时间", "Opening hours", 200);
        if (input.Phone is { Length: > 32 })
        {
            errors.Add("phone", "too-long", "联系电话不能超过 32 个字符", "The phone number must be at most 32 characters.");
        }
        await CheckRegionExistsAsync(errors, "regionCode", input.RegionCode, ct);
        return errors;
    }
}
