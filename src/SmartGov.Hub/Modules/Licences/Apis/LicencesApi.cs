using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace SmartGov.Hub.Modules.Licences.Apis;

public sealed record LicenceTypeView(string Code, string NameZh, string NameEn, string IssuerCode, string Holder);

public static class LicencesApi
{
    public static IEndpointRouteBuilder MapLicencesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/licence-types").WithTags("Licences");
        api.MapGet("/", List).WithName("ListLicenceTypes").WithSummary("Licence types (证照类型) and their issuing departments").AllowAnonymous();
        return app;
    }

    public static Ok<List<LicenceTypeView>> List() =>
        TypedResults.Ok(LicenceTypes.All.Select(t => new LicenceTypeView(t.Code, t.NameZh, t.NameEn, t.IssuerCode, t.Holder.ToString())).ToList());
}
