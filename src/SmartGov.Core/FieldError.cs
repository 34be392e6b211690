namespace SmartGov.Core;

/// <summary>
/// A validation failure on one input field, with a stable machine code and the reason in zh-CN and en,
/// so an endpoint can return it in a 400/422 response unchanged.
/// </summary>
/// <param name="Field">The name of the field as the client sent it, e.g. <c>idNumber</c>.</param>
/// <param name="Code">A stable code such as <c>id.checksum</c>; clients may switch on it.</param>
/// <param name="MessageZh">The reason in Simplified Chinese, ready to show on a zh-CN screen.</param>
/// <param name="MessageEn">The reason in English.</param>
public sealed record FieldError(string Field, string Code, string MessageZh, string MessageEn);
