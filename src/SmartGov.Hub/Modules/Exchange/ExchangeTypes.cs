using SmartGov.Core;

namespace SmartGov.Hub.Modules.Exchange;

/// <summary>Configuration section <c>Exchange</c> of the hub (the exchange management center).</summary>
public sealed class ExchangeOptions
{
    public const string Section = "Exchange";

    /// <summary>The exchange instance (X-Road: instance identifier).</summary>
    public string Instance { get; set; } = "CN-DEMO";

    /// <summary>Member class of government departments.</summary>
    public string MemberClass { get; set; } = "GOV";

    /// <summary>The center's SM2 private key (PKCS#8 PEM); {Database:DataDirectory}/keys/exchange-center.pem, generated when missing.</summary>
    public string? CenterKeyFile { get; set; }

    /// <summary>How long a published configuration is valid; a new one is issued when half of it has passed.</summary>
    public int ConfigValidityHours { get; set; } = 24;

    /// <summary>How long a built configuration is served before the registries are read again (0 = every request).</summary>
    public int ConfigCacheSeconds { get; set; } = 5;

    /// <summary>How long a registration code is valid by default.</summary>
    public int RegistrationCodeHours { get; set; } = 72;

    /// <summary>The hub's own gateway (the dsj gateway), through which the hub calls other departments.</summary>
    public string? GatewayUrl { get; set; }
}

/// <summary>A refusal or a value, like the other modules' results.</summary>
public sealed record ExchangeResult<T>(T? Value, IReadOnlyList<FieldError>? Errors = null, (string Zh, string En)? Conflict = null,
    (string Zh, string En)? Forbidden = null, bool NotFound = false)
{
    public bool Succeeded => Errors is null && Conflict is null && Forbidden is null && !NotFound;

#pragma warning disable CA1000 // The factories read best on the result type itself: ExchangeResult<T>.Ok(…).
    public static ExchangeResult<T> Ok(T value) => new(value);

    public static ExchangeResult<T> Invalid(IReadOnlyList<FieldError> errors) => new(default, errors);

    public static ExchangeResult<T> Invalid(string field, string code, string zh, string en) => new(default, [new FieldError(field, code, zh, en)]);

    public static ExchangeResult<T> Refused(string zh, string en) => new(default, Forbidden: (zh, en));

    public static ExchangeResult<T> Clash(string zh, string en) => new(default, Conflict: (zh, en));

    public static ExchangeResult<T> Missing() => new(default, NotFound: true);
#pragma warning restore CA1000
}

public sealed record MemberView(Guid Id, Guid DepartmentId, string MemberId, string Name, IReadOnlyList<string> Subsystems, DateTime CreatedAt);

public sealed record GatewayView(
    Guid Id, Guid MemberRef, string MemberId, string MemberName, Guid DepartmentId, string Address, string PublicKeyPem, string Status,
    DateTime RequestedAt, DateTime? DecidedAt, string? DecidedBy, string? DecisionNote, DateTime? LastSeenAt, long? ConfigVersionInUse,
    long WitnessedSize, string? WitnessedRoot, DateTime? WitnessedAt, bool Inconsistent, DateTime? InconsistentAt, string? InconsistencyDetail);

public sealed record ServiceView(
    Guid Id, Guid MemberRef, string MemberId, Guid DepartmentId, string ServiceId, string Subsystem, string Code, string Name,
    string? CatalogResourceCode, bool PersonalData, string MessageLog, bool HasOpenApi);

/// <summary>An access right as the configuration carries it; <see cref="Source"/> is "manual" (with its id) or "grant" (with the grant id).</summary>
public sealed record AccessRightView(
    Guid Id, string Source, string Client, string Service, IReadOnlyList<string> Methods, IReadOnlyList<string> Paths,
    IReadOnlyList<string> Purposes, DateTime ValidFrom, DateTime? ValidUntil, DateTime? RevokedAt, Guid ProviderDepartmentId);

public sealed record RegistrationCodeIssued(Guid Id, string Code, string MemberId, DateTime ExpiresAt, bool PreApproved);

public sealed record ConfigVersionView(long Version, DateTime IssuedAt, DateTime ExpiresAt, int Members, int Gateways, int Services, int AccessRights, string ContentHash);

public sealed record TrafficRow(DateTime ReportedAt, string Side, string Client, string Service, long Calls, long Errors, string? ErrorsByType, double P50Ms, double P95Ms);

public sealed record WitnessedHeadView(long TreeSize, string RootHash, long Timestamp, DateTime ReceivedAt, bool Consistent, string? Detail);

public sealed record GatewayDetail(GatewayView Gateway, IReadOnlyList<TrafficRow> Traffic, IReadOnlyList<WitnessedHeadView> Heads);

public sealed record MemberInput(Guid DepartmentId);

public sealed record SubsystemInput(string? Code);

public sealed record ServiceInput(
    Guid MemberRef, string? Subsystem, string? Code, string? Name, string? OpenApiJson, string? CatalogResourceCode, bool PersonalData,
    string? MessageLog);

public sealed record AccessRightInput(
    string? Client, string? Service, IReadOnlyList<string>? Methods, IReadOnlyList<string>? Paths, IReadOnlyList<string>? Purposes,
    DateTime? ValidFrom, DateTime? ValidUntil);

public sealed record RegistrationCodeInput(int? ValidHours);

public sealed record DecisionInput(string? Note);

/// <summary>What a gateway sends to register (POST /api/v1/exchange/registrations; docs/gateway-install.md).</summary>
public sealed record GatewayRegistrationRequest(string? Code, string? MemberId, string? Address, string? PublicKeyPem, string? Proof);

public sealed record GatewayRegistrationResponse(Guid GatewayId, string MemberId, string Status, string CenterPublicKeyPem, string ConfigurationPath);
