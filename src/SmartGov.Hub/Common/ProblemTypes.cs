namespace SmartGov.Hub.Common;

/// <summary>
/// Stable RFC 9457 problem type URIs. Clients branch on these, so they never change once published.
/// </summary>
public static class ProblemTypes
{
    private const string Prefix = "urn:smartgov:problem:";

    public const string Validation = Prefix + "validation";
    public const string BadRequest = Prefix + "bad-request";
    public const string Unauthorized = Prefix + "unauthorized";
    public const string Forbidden = Prefix + "forbidden";
    public const string NotFound = Prefix + "not-found";
    public const string MethodNotAllowed = Prefix + "method-not-allowed";
    public const string Conflict = Prefix + "conflict";
    public const string PayloadTooLarge = Prefix + "payload-too-large";
    public const string UnsupportedMediaType = Prefix + "unsupported-media-type";
    public const string RateLimited = Prefix + "rate-limited";
    public const string RoleSeparation = Prefix + "role-separation";
    public const string Internal = Prefix + "internal";

    /// <summary>Titles in both languages, keyed by type.</summary>
    public static (string Zh, string En) Titles(string type) => type switch
    {
        Validation => ("提交的数据有误", "The submitted data is not valid"),
        BadRequest => ("请求格式不正确", "The request is malformed"),
        Unauthorized => ("需要登录", "Authentication is required"),
        Forbidden => ("无权访问", "You are not allowed to do this"),
        NotFound => ("未找到", "Not found"),
        MethodNotAllowed => ("不支持该请求方法", "The method is not allowed on this resource"),
        Conflict => ("与现有数据冲突", "Conflicts with existing data"),
        PayloadTooLarge => ("请求内容过大", "The request body is too large"),
        UnsupportedMediaType => ("不支持的内容类型", "Unsupported content type"),
        RateLimited => ("请求过于频繁，请稍后再试", "Too many requests; please try again later"),
        RoleSeparation => ("违反三员分立要求", "Violates the separation of the three administrator roles"),
        _ => ("服务器内部错误", "Internal server error"),
    };

    public static string ForStatus(int status) => status switch
    {
        400 => BadRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        422 => Validation,
        429 => RateLimited,
        _ => Internal,
    };
}
