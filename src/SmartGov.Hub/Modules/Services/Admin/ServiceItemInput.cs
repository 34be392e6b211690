using SmartGov.Core;

namespace SmartGov.Hub.Modules.Services.Admin;

/// <summary>
/// What an editor submits to publish a version: the API body, the console form and one spreadsheet row all become this.
/// Enumerations are strings (a name such as <c>AdministrativeLicensing</c>, a code such as <c>01</c>, or the Chinese
/// name such as <c>行政许可</c>), so that a wrong value is a field error, never a malformed request.
/// </summary>
public sealed record ServiceItemInput(
    string? ImplementationCode = null,
    string? BasicCode = null,
    string? Name = null,
    string? NameEn = null,
    string? ItemType = null,
    Guid? DepartmentId = null,
    string? LegalBasis = null,
    string? AcceptanceConditions = null,
    List<string>? ApplicantTypes = null,
    int? StatutoryDays = null,
    int? PromisedDays = null,
    string? Fees = null,
    string? FeeBasis = null,
    string? HandlingForm = null,
    int? MaxVisits = null,
    List<Guid>? HallIds = null,
    bool? CityWide = null,
    List<string>? LifeEvents = null,
    List<string>? BusinessStages = null,
    List<string>? Keywords = null,
    List<FormFieldInput>? FormFields = null,
    DateOnly? EffectiveFrom = null,
    DateOnly? WithdrawnOn = null,
    string? ChangeNote = null,
    List<MaterialInput>? Materials = null);

public sealed record MaterialInput(
    string? Name = null,
    string? Necessity = null,
    string? Condition = null,
    List<string>? Forms = null,
    int? Copies = null,
    string? Source = null,
    string? LicenseTypeCode = null,
    string? BlankFormUrl = null,
    string? SampleUrl = null,
    string? AcceptanceStandard = null);

public sealed record FormFieldInput(string? Name = null, string? LabelZh = null, string? LabelEn = null, string? Type = null, bool? Required = null);

/// <summary>Outcome of a catalog write: the value, or field errors, a conflict, not found, or forbidden.</summary>
public sealed record ServiceResult<T>(
    T? Value,
    IReadOnlyList<FieldError> Errors,
    (string Zh, string En)? Conflict = null,
    bool NotFound = false,
    (string Zh, string En)? Forbidden = null)
    where T : class
{
    public bool Succeeded => Value is not null && Errors.Count == 0 && Conflict is null && !NotFound && Forbidden is null;
}

public static class ServiceResults
{
    public static ServiceResult<T> Ok<T>(T value) where T : class => new(value, []);
    public static ServiceResult<T> Invalid<T>(IReadOnlyList<FieldError> errors) where T : class => new(null, errors);
    public static ServiceResult<T> Missing<T>() where T : class => new(null, [], NotFound: true);
    public static ServiceResult<T> Denied<T>(string zh, string en) where T : class => new(null, [], Forbidden: (zh, en));
    public static ServiceResult<T> Clash<T>(string zh, string en) where T : class => new(null, [], Conflict: (zh, en));
}

/// <summary>A published (or, when nothing changed, the unchanged current) version.</summary>
public sealed record PublishOutcome(ServiceItemView Item, bool Published, bool Created);
