using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartGov.Core;
using SmartGov.Hub.Modules.Licences;
using SmartGov.Hub.Seeding;
using SmartGov.ServiceDefaults;

namespace SmartGov.DemoDepartment;

/// <summary>
/// A demo department system: its licence library in its own SQLite database, seeded from the demo city's population
/// (the same ID numbers, names and credit codes as the hub's). Its gateway's Http adapter is its only caller in the demo;
/// bind it to 127.0.0.1.
/// </summary>
public static class DepartmentHost
{
    public static readonly IReadOnlyDictionary<string, string[]> Serves = new Dictionary<string, string[]>
    {
        ["gaj"] = ["gaj.resident-id-card", "gaj.household-register"],
        ["mzj"] = ["mzj.marriage-certificate"],
        ["scjg"] = ["scjg.business-licence"],
    };

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        var code = builder.Configuration["Department"]?.Trim().ToLowerInvariant() ?? "";
        if (!Serves.ContainsKey(code))
        {
            throw new InvalidOperationException("--Department must be gaj, mzj or scjg.");
        }
        var dataDir = builder.Configuration["DataDirectory"] is { Length: > 0 } d ? d : Path.Combine("data", "departments", code);
        var citizens = builder.Configuration.GetValue("Seed:Citizens", 1000);
        var businesses = builder.Configuration.GetValue("Seed:Businesses", 100);
        var library = new LicenceLibrary(code, Path.Combine(dataDir, "licences.db"));
        library.EnsureSeeded(DemoLicences.For(code, DemoCitySeeder.Population(citizens, businesses)));
        builder.Services.AddSingleton(library);
        builder.Services.AddProblemDetails();

        var app = builder.Build();
        app.UseRequestId();
        app.UseExceptionHandler();
        app.MapDefaultEndpoints();
        var api = app.MapGroup("/api/licences");
        api.MapGet("/{typeCode}", Get).WithName("GetLicence");
        api.MapPost("/issue", IssueAsync).WithName("IssueLicence");
        app.Logger.LogInformation("Demo department {Department}: {Count} licences in {Path}", code, library.Count(), library.Path);
        return app;
    }

    private static Results<Ok<LicenceDocument>, NotFound<ProblemDetailsBody>, BadRequest<ProblemDetailsBody>> Get(
        string typeCode, string? holder, LicenceLibrary library, HttpRequest request, ILoggerFactory logs)
    {
        var h = holder?.Trim().ToUpperInvariant() ?? "";
        if (!IdNumber.Validate(h).IsValid && !CreditCode.Validate(h).IsValid)
        {
            return TypedResults.BadRequest(new ProblemDetailsBody("urn:smartgov:department:holder.invalid", "holder 应为身份证号码或统一社会信用代码 / holder must be an ID number or a credit code", 400));
        }
        // Who asked and why reach the department's own log: the exchange passes them on (docs/exchange-protocol.md).
        logs.CreateLogger("Licences").LogInformation("Licence {Type} read for client {Client}, purpose {Purpose}, message {MessageId}",
            typeCode, request.Headers["SmartGov-Client"].ToString(), request.Headers["SmartGov-Purpose"].ToString(), request.Headers["SmartGov-Message-Id"].ToString());
        var found = library.Find(typeCode, h);
        return found is null
            ? TypedResults.NotFound(new ProblemDetailsBody("urn:smartgov:department:licence.not_found", $"本部门没有该持证人的{LicenceTypes.Find(typeCode)?.NameZh ?? typeCode} / no such licence for this holder", 404))
            : TypedResults.Ok(found);
    }

    private static async Task<Results<Created<LicenceDocument>, Ok<LicenceDocument>, BadRequest<ProblemDetailsBody>, UnprocessableEntity<ProblemDetailsBody>>> IssueAsync(
        HttpRequest request, LicenceLibrary library)
    {
        LicenceDocument? doc;
        try
        {
            doc = await JsonSerializer.DeserializeAsync<LicenceDocument>(request.Body, LicenceDocument.Json, request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            doc = null;
        }
        if (doc is null)
        {
            return TypedResults.BadRequest(new ProblemDetailsBody("urn:smartgov:department:body.invalid", "请求体不是证照 JSON / the body is not a licence document", 400));
        }
        var problems = doc.Problems();
        if (problems.Count > 0)
        {
            return TypedResults.UnprocessableEntity(new ProblemDetailsBody("urn:smartgov:department:licence.invalid", "证照字段无效 / invalid fields: " + string.Join(", ", problems), 422));
        }
        if (doc.IssuerCode != library.Department || LicenceTypes.Find(doc.TypeCode)?.IssuerCode != library.Department)
        {
            return TypedResults.UnprocessableEntity(new ProblemDetailsBody("urn:smartgov:department:issuer.mismatch", "该证照不由本部门核发 / this department does not issue this licence", 422));
        }
        var (stored, created) = library.Add(doc);
        return created ? TypedResults.Created($"/api/licences/{stored.TypeCode}?holder={stored.HolderId}", stored) : TypedResults.Ok(stored);
    }
}

/// <summary>A small RFC 9457 problem body.</summary>
public sealed record ProblemDetailsBody(string Type, string Title, int Status);
