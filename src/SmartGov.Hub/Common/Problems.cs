using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SmartGov.Core;

namespace SmartGov.Hub.Common;

/// <summary>Builds ProblemDetails that carry a stable type and messages in zh-CN and en-US.</summary>
public static class Problems
{
    public static bool IsChinese => !CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.OrdinalIgnoreCase);

    public static ProblemDetails Create(int status, string type, string? detailZh = null, string? detailEn = null)
    {
        var (titleZh, titleEn) = ProblemTypes.Titles(type);
        var problem = new ProblemDetails
        {
            Status = status,
            Type = type,
            Title = IsChinese ? titleZh : titleEn,
            Detail = detailZh is null ? null : (IsChinese ? detailZh : detailEn ?? detailZh),
        };
        problem.Extensions["messages"] = new Dictionary<string, string>
        {
            ["zh-CN"] = detailZh ?? titleZh,
            ["en-US"] = detailEn ?? titleEn,
        };
        return problem;
    }

    public static ProblemHttpResult Validation(IEnumerable<FieldError> errors)
    {
        var list = errors.ToList();
        var problem = Create(StatusCodes.Status422UnprocessableEntity, ProblemTypes.Validation,
            string.Join("；", list.Select(e => e.MessageZh)), string.Join("; ", list.Select(e => e.MessageEn)));
        problem.Extensions["errors"] = list.Select(e => new
        {
            field = e.Field,
            code = e.Code,
            message = IsChinese ? e.MessageZh : e.MessageEn,
            messageZh = e.MessageZh,
            messageEn = e.MessageEn,
        }).ToList();
        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult Validation(string field, string code, string zh, string en) =>
        Validation([new FieldError(field, code, zh, en)]);

    public static ProblemHttpResult NotFound(string zh, string en) =>
        TypedResults.Problem(Create(StatusCodes.Status404NotFound, ProblemTypes.NotFound, zh, en));

    public static ProblemHttpResult Conflict(string zh, string en) =>
        TypedResults.Problem(Create(StatusCodes.Status409Conflict, ProblemTypes.Conflict, zh, en));

    public static ProblemHttpResult Forbidden(string zh, string en, string type = ProblemTypes.Forbidden) =>
        TypedResults.Problem(Create(StatusCodes.Status403Forbidden, type, zh, en));
}
