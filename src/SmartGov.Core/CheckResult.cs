namespace SmartGov.Core;

/// <summary>
/// The outcome of checking one value: either <see cref="Ok"/>, or a failure with a code and a bilingual reason.
/// </summary>
public readonly record struct CheckResult(bool IsValid, string? Code, string? MessageZh, string? MessageEn)
{
    /// <summary>The value passed every check.</summary>
    public static CheckResult Ok { get; } = new(true, null, null, null);

    /// <summary>A failure with a stable code and the reason in Chinese and English.</summary>
    public static CheckResult Fail(string code, string zh, string en)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(zh);
        ArgumentException.ThrowIfNullOrWhiteSpace(en);
        return new CheckResult(false, code, zh, en);
    }

    /// <summary>Attaches the failure to a field. Only meaningful for a failed result.</summary>
    /// <exception cref="InvalidOperationException">The result is valid, or is an uninitialised default.</exception>
    public FieldError ToFieldError(string field)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        if (IsValid)
        {
            throw new InvalidOperationException("A valid check result has no error to report.");
        }

        if (Code is null || MessageZh is null || MessageEn is null)
        {
            throw new InvalidOperationException("This check result was not created by CheckResult.Fail and carries no error.");
        }

        return new FieldError(field, Code, MessageZh, MessageEn);
    }
}
