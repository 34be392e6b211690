using SmartGov.Core;

namespace SmartGov.Hub.Modules.Catalog;

/// <summary>A module result: the value, or why not (field errors → 422, conflict → 409, forbidden → 403, not found → 404).</summary>
public sealed record CatalogResult<T>(
    T? Value,
    IReadOnlyList<FieldError> Errors,
    (string Zh, string En)? Conflict = null,
    bool NotFound = false,
    (string Zh, string En)? Forbidden = null)
    where T : class
{
    public bool Succeeded => Value is not null && Errors.Count == 0 && Conflict is null && !NotFound && Forbidden is null;
}

public static class CatalogResults
{
    public static CatalogResult<T> Ok<T>(T value) where T : class => new(value, []);
    public static CatalogResult<T> Invalid<T>(IReadOnlyList<FieldError> errors) where T : class => new(null, errors);
    public static CatalogResult<T> Missing<T>() where T : class => new(null, [], NotFound: true);
    public static CatalogResult<T> Denied<T>(string zh, string en) where T : class => new(null, [], Forbidden: (zh, en));
    public static CatalogResult<T> Clash<T>(string zh, string en) where T : class => new(null, [], Conflict: (zh, en));
}

/// <summary>One data item as a client sends it.</summary>
public sealed record DataItemInput(string? Name, string? Type, int? Length, string? Description, bool PersonalData = false);

/// <summary>
/// A resource's metadata as the API and the console send it. Enumerations are their English names or their Chinese
/// names (format "数据库", sharingType "有条件共享"); releaseDate is yyyy-MM-dd.
/// </summary>
public sealed record ResourceInput(
    string? ClassificationCode,
    string? Name,
    string? NameEn,
    Guid? ProviderDepartmentId,
    string? Abstract,
    string? Format,
    IReadOnlyList<DataItemInput>? DataItems,
    string? SharingType,
    string? SharingConditions,
    IReadOnlyList<string>? SharingMethods,
    bool OpenToPublic,
    string? OpenConditions,
    string? UpdateCycle,
    string? ReleaseDate,
    IReadOnlyList<string>? RelatedCodes,
    string? ChangeNote = null);

public sealed record DataItemView(string Name, DataItemType Type, string TypeName, int? Length, string? Description, bool PersonalData);

/// <summary>A version of a resource as everyone reads it.</summary>
public sealed record ResourceView(
    string Code,
    int Version,
    int LatestVersion,
    string Name,
    string? NameEn,
    string ClassificationCode,
    IReadOnlyList<ClassificationNode> Classification,
    Guid ProviderDepartmentId,
    string ProviderName,
    string ProviderCode,
    string Abstract,
    ResourceFormat Format,
    string FormatName,
    IReadOnlyList<DataItemView> DataItems,
    SharingType SharingType,
    string SharingTypeName,
    string? SharingConditions,
    IReadOnlyList<string> SharingMethods,
    string SharingMethodNames,
    bool OpenToPublic,
    string? OpenConditions,
    UpdateCycle UpdateCycle,
    string UpdateCycleName,
    DateOnly ReleaseDate,
    IReadOnlyList<string> RelatedCodes,
    bool PersonalData,
    string? ChangeNote,
    DateTime PublishedAt,
    string? PublishedByName);

public sealed record ResourceVersionSummary(int Version, DateTime PublishedAt, string? PublishedByName, string? ChangeNote);

public sealed record PublishOutcome(ResourceView Resource, bool Created);

/// <summary>A sharing request as a client sends it; validFrom/validUntil are yyyy-MM-dd (China dates, both inclusive).</summary>
public sealed record SharingRequestInput(
    string? ResourceCode,
    IReadOnlyList<string>? Purposes,
    IReadOnlyList<string>? DataItems,
    string? Scope,
    string? ValidFrom,
    string? ValidUntil,
    Guid? ConsumerDepartmentId = null);

/// <summary>The provider's decision: approve = true grants, false rejects; a reason is required to reject.</summary>
public sealed record SharingDecisionInput(bool? Approve, string? Reason);

public sealed record SharingRevokeInput(string? Reason);

public sealed record SharingRequestView(
    Guid Id,
    string ResourceCode,
    string ResourceName,
    int ResourceVersion,
    Guid ProviderDepartmentId,
    string ProviderName,
    Guid ConsumerDepartmentId,
    string ConsumerName,
    IReadOnlyList<string> Purposes,
    IReadOnlyList<string> DataItems,
    string Scope,
    DateOnly ValidFrom,
    DateOnly ValidUntil,
    SharingRequestStatus Status,
    string StatusName,
    DateTime RequestedAt,
    string? RequestedByName,
    DateTime? DecidedAt,
    string? DecidedByName,
    string? DecisionReason,
    DateTime? RevokedAt,
    string? RevokedByName,
    string? RevokeReason,
    int Revision);
